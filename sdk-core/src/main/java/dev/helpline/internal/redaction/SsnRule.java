package dev.helpline.internal.redaction;

/**
 * US Social Security numbers: {@code 078-05-1120} anywhere, and after an SSN key ({@code ssn},
 * {@code social_security_number}, …) also run together or spaced ({@code ssn=078051120}). Numbers
 * the Social Security Administration never issues are left alone: area {@code 000}, {@code 666}
 * or {@code 900}–{@code 999}, group {@code 00}, serial {@code 0000}.
 */
final class SsnRule extends Rule {
  static final String KIND = "ssn";
  private static final String REPLACEMENT = "[ssn]";
  private static final String[] KEYS = {
    "ssn", "social_security_number", "socialsecuritynumber", "social_security_no",
    "social_security", "socialsecurity"
  };

  SsnRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return Chars.isDigit(c);
  }

  @Override
  boolean match(String s, int start, Match m) {
    if (!DigitRuns.startsCleanly(s, start, m.floor) || !DigitRuns.allDigits(s, start, start + 3)) {
      return false;
    }
    char sep = Chars.at(s, start + 3);
    boolean dashed = sep == '-';
    if (!dashed && sep != ' ' && !Chars.isDigit(sep)) {
      return false;
    }
    int width = Chars.isDigit(sep) ? 0 : 1;
    int group = start + 3 + width;
    int serial = group + 2 + width;
    if (!DigitRuns.allDigits(s, group, group + 2) || width == 1 && Chars.at(s, group + 2) != sep
        || !DigitRuns.allDigits(s, serial, serial + 4)) {
      return false;
    }
    int end = serial + 4;
    if (!DigitRuns.endsCleanly(s, end) || DigitRuns.continuesGroups(s, start, sep, m.floor)
        || !issued(s, start, group, serial)) {
      return false;
    }
    if (!dashed && !Chars.followsKey(s, start, m.floor, KEYS)) {
      return false;
    }
    return m.set(end, 0, REPLACEMENT);
  }

  private static boolean issued(String s, int area, int group, int serial) {
    boolean areaOk = !s.startsWith("000", area) && !s.startsWith("666", area)
        && s.charAt(area) != '9';
    return areaOk && !s.startsWith("00", group) && !s.startsWith("0000", serial);
  }
}
