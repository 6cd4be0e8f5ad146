package dev.helpline.internal.redaction;

/**
 * Phone numbers with 8 to 15 digits, in the forms people write them:
 *
 * <ul>
 *   <li>international: {@code +} and digit groups, e.g. {@code +49 30 1234567},
 *       {@code +1-202-555-0143}, {@code +44 (0)20 7946 0958}, {@code +4930123456};
 *   <li>an area code in parentheses: {@code (555) 123-4567}, {@code (030) 1234567};
 *   <li>national numbers with a trunk prefix {@code 0} and separators: {@code 030 1234567},
 *       {@code 06 12 34 56 78}, {@code 03-1234-5678};
 *   <li>North American numbers: {@code 555-123-4567}, {@code 555.123.4567},
 *       {@code 1-800-555-0199};
 *   <li>Russian numbers with the trunk prefix 8 (or 7) and 11 digits in any grouping:
 *       {@code 8 800 555-35-35}, {@code 8-912-345-67-89}, {@code 8 (495) 123-45-67},
 *       {@code 8(800)2000600};
 *   <li>Chinese mobile numbers in 3-4-4 groups: {@code 138 1234 5678}, {@code 159-1234-5678};
 *   <li>11 digits run together that can only be a mobile number: Russian {@code 89…} and
 *       {@code 79…}, Chinese {@code 13…} to {@code 19…};
 *   <li>7 to 15 digits in any grouping after a phone key ({@code phone=5551234567},
 *       {@code "mobile": "0612345678"}, {@code contact_phone: 555 123-4567}; see {@link
 *       Chars#followsKey}).
 * </ul>
 *
 * Groups are separated by single spaces, dashes, dots or slashes; national numbers keep to one
 * kind, international ones may mix them ({@code +1 202-555-0143}). URL-encoded numbers, as query
 * strings and form bodies carry them, are found too: {@code %2B} stands for the {@code +}
 * ({@code To=%2B14155550123}), and in such a number or after a phone key {@code %20} and a form's
 * {@code +} separate groups as a space does ({@code phone=%2B44%2020%207946%200958}). An
 * international number may be a URL's path segment ({@code /PhoneNumbers/+14155550123}); other
 * digits after a slash continue a path or a fraction. Plain digit runs without
 * {@code +} or separators (ids, timestamps), dates ({@code 2026-11-24}, {@code 24.11.2026}), times,
 * version strings and numbers introduced by a version word are not phone numbers.
 */
final class PhoneRule extends Rule {
  static final String KIND = "phone";
  private static final String REPLACEMENT = "[phone]";
  private static final int MAX_GROUPS = 8;
  private static final String[] KEYS = {
    "phone", "phonenumber", "phone_number", "phoneno", "phone_no", "telephone", "tel", "mobile",
    "mobilenumber", "mobile_number", "mobile_no", "cellphone", "cell", "msisdn", "fax"
  };

  PhoneRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return Chars.isDigit(c) || c == '+' || c == '(' || c == '%';
  }

  @Override
  boolean match(String s, int start, Match m) {
    char first = s.charAt(start);
    // "%2B" is a URL-encoded '+': the number is international, and its blanks may be encoded too.
    boolean encodedPlus = first == '%';
    if (encodedPlus && (!s.regionMatches(true, start, "%2B", 0, 3)
        || !Chars.isDigit(Chars.at(s, start + 3)))) {
      return false;
    }
    if (first == '+' || first == '(') {
      if (!Chars.isDigit(Chars.at(s, start + 1))) {
        return false;
      }
    }
    boolean international = first == '+' || encodedPlus;
    // A '+' starts a number of its own, also as a path segment: /PhoneNumbers/+14155550123.
    boolean segment = international && Chars.before(s, start - 1, m.floor) == '/';
    if (!segment && !DigitRuns.startsCleanly(s, start, m.floor)) {
      return false;
    }
    int n = s.length();
    // A Russian trunk prefix: "8 800 ...", "8(495)...": groups may mix separators, as abroad.
    boolean trunk = !international && (first == '8' || first == '7')
        && !Chars.isDigit(Chars.at(s, start + 1));
    // After a phone key any digits are a number, in any grouping, and may run together.
    boolean afterKey = Chars.followsKey(s, start, m.floor, KEYS);
    boolean keyed = !international && afterKey;
    // Where the number may be URL-encoded, "%20" and a form's '+' are blanks.
    boolean encoded = encodedPlus || afterKey;
    boolean mixed = international || trunk || keyed;
    boolean openEnded = international || keyed;
    int minDigits = keyed ? 7 : 8;
    int i = encodedPlus ? start + 3 : international ? start + 1 : start;
    // Lengths of the first four groups; the national formats only look at those.
    long groups = 0;
    int groupCount = 0;
    int digits = 0;
    boolean parens = false;
    boolean open = false;
    // The first separator between plain groups; national numbers must keep to it.
    char sep = 0;
    // International numbers may mix separators, so a following date or count can look like more
    // groups ("+49 30 1234567 2026-11-24"); remember the last end before a space to fall back to.
    int fallbackEnd = -1;
    while (true) {
      if (Chars.at(s, i) == '(') {
        // One parenthesised group: at the start, or after the country code.
        boolean allowed = !parens && (groupCount == 0 || (mixed && groupCount == 1));
        if (!allowed || !Chars.isDigit(Chars.at(s, i + 1))) {
          return false;
        }
        parens = true;
        open = true;
        i++;
      }
      int from = i;
      while (i < n && Chars.isDigit(s.charAt(i))) {
        i++;
      }
      int len = i - from;
      if (groupCount == MAX_GROUPS || digits + len > 15) {
        if (!openEnded || open || fallbackEnd < 0) {
          return false;
        }
        i = fallbackEnd;
        break;
      }
      if (groupCount < 4) {
        groups |= (long) Math.min(len, 0xFFFF) << (16 * groupCount);
      }
      groupCount++;
      digits += len;
      char c = Chars.at(s, i);
      if (open) {
        if (c != ')' || len > 5) {
          return false;
        }
        open = false;
        i++;
        int w = blankWidth(s, i, encoded);
        if (w == 0 && Chars.at(s, i) == '-') {
          w = 1;
        }
        if (w > 0 && Chars.isDigit(Chars.at(s, i + w))) {
          i += w;
        }
        if (!Chars.isDigit(Chars.at(s, i))) {
          return false;
        }
        continue;
      }
      int w = blankWidth(s, i, encoded);
      if (w > 0) {
        c = ' ';
      } else {
        w = 1;
      }
      if (openEnded && digits >= minDigits && c == ' ') {
        fallbackEnd = i;
      }
      if (c == '(' && trunk && groupCount == 1 && !parens) {
        continue;
      }
      if ((c == ' ' || c == '-' || c == '.' || c == '/')
          && (mixed || sep == 0 || sep == c)) {
        char after = Chars.at(s, i + w);
        if (Chars.isDigit(after)) {
          if (sep == 0) {
            sep = c;
          }
          i += w;
          continue;
        }
        if (after == '(' && !parens && mixed && groupCount == 1) {
          i += w;
          continue;
        }
        if (after == '[' && !international) {
          // Already redacted text: "[...]" stands for a token that continued this number.
          return false;
        }
      }
      break;
    }
    int end = i;
    if (digits < minDigits || !DigitRuns.endsCleanly(s, end)) {
      if (!openEnded || fallbackEnd < 0) {
        return false;
      }
      end = fallbackEnd;
    }
    if (trunk && !keyed) {
      if (digits != 11) {
        return false;
      }
    } else if (!international && !parens && !keyed
        && !isNationalFormat(s, start, groups, groupCount, sep, digits)) {
      return false;
    }
    if (DigitRuns.continuesGroups(s, start, sep, m.floor)
        || Chars.followsVersionWord(s, start, m.floor)) {
      return false;
    }
    return m.set(end, 0, REPLACEMENT);
  }

  /**
   * The width of a blank at {@code i}: 1 for a space; in URL-encoded text ({@code encoded}) also 3 for
   * {@code %20} and 1 for a form's {@code +}; 0 for anything else.
   */
  private static int blankWidth(String s, int i, boolean encoded) {
    char c = Chars.at(s, i);
    if (c == ' ' || encoded && c == '+') {
      return 1;
    }
    return encoded && s.startsWith("%20", i) ? 3 : 0;
  }

  private static boolean isNationalFormat(
      String s, int start, long groups, int count, char sep, int digits) {
    int g0 = group(groups, 0);
    int g1 = group(groups, 1);
    int g2 = group(groups, 2);
    int g3 = group(groups, 3);
    if (count == 1) {
      return digits == 11 && isMobilePrefix(s.charAt(start), s.charAt(start + 1));
    }
    if (count < 2) {
      return false; // no separator: an id or a timestamp, not a number someone wrote down
    }
    if (count == 3 && isDate(g0, g1, g2)) {
      return false;
    }
    if (s.charAt(start) == '0') {
      return true;
    }
    if (count == 3 && g0 == 3 && g1 == 4 && g2 == 4) {
      return s.charAt(start) == '1'; // a Chinese mobile number, 138 1234 5678
    }
    if (count == 3) {
      return g0 == 3 && g1 == 3 && g2 == 4;
    }
    return count == 4 && g0 == 1 && s.charAt(start) == '1' && g1 == 3 && g2 == 3 && g3 == 4
        && sep != ' ';
  }

  /** 89… and 79… (Russian mobile), 13… to 19… (Chinese mobile). */
  private static boolean isMobilePrefix(char d0, char d1) {
    return (d0 == '8' || d0 == '7') && d1 == '9' || d0 == '1' && d1 >= '3' && d1 <= '9';
  }

  private static boolean isDate(int g0, int g1, int g2) {
    return (g0 == 4 && g1 <= 2 && g2 <= 2) || (g0 <= 2 && g1 <= 2 && g2 == 4);
  }

  private static int group(long groups, int index) {
    return (int) (groups >>> (16 * index)) & 0xFFFF;
  }
}
