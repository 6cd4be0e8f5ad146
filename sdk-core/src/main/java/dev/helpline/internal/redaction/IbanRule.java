package dev.helpline.internal.redaction;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * International bank account numbers: a country code from the IBAN registry, two check digits and
 * the country's fixed number of further characters (upper-case letters and digits), written either
 * solid ({@code GB82WEST12345698765432}) or in groups of four separated by single spaces or
 * dashes, one kind per number ({@code DE89 3704 0044 0532 0130 00}, {@code GB82-WEST-1234-5698-7654-32}),
 * in upper or lower case ({@code de89 3704 …}). Only
 * numbers passing the ISO 7064 mod-97 check are redacted; the fixed per-country length keeps
 * random codes from matching by chance. The table includes the countries added to the registry
 * lately, Russia ({@code RU}, 33 characters) among them.
 */
final class IbanRule extends Rule {
  static final String KIND = "iban";
  private static final String REPLACEMENT = "[iban]";

  /** Total IBAN length (including country code and check digits) per country. */
  private static final Map<String, Integer> LENGTHS = new HashMap<>();

  static {
    String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 "
        + "DE22 DK18 DO28 EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 "
        + "IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 "
        + "MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 "
        + "SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 "
        + "BI27 DJ27 FK18 HN28 LY25 MN20 NI28 OM23 RU33 SD18 SO23 YE30";
    for (String entry : table.split(" ")) {
      LENGTHS.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
    }
  }

  IbanRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return Chars.isLetter(c);
  }

  @Override
  boolean match(String s, int start, Match m) {
    int n = s.length();
    // Cheap shape check before any lookup: two upper-case letters and two digits.
    if (start + 15 > n || !Chars.isLetter(s.charAt(start + 1))
        || !Chars.isDigit(s.charAt(start + 2)) || !Chars.isDigit(s.charAt(start + 3))) {
      return false;
    }
    Integer expected = LENGTHS.get(s.substring(start, start + 2).toUpperCase(Locale.ROOT));
    if (expected == null) {
      return false;
    }
    char[] iban = new char[expected];
    int count = 0;
    int i = start;
    char sep = 0;
    while (i < n && count < expected) {
      char c = s.charAt(i);
      if (Chars.isAlnum(c)) {
        iban[count++] = Character.toUpperCase(c);
        i++;
      } else if ((c == ' ' || c == '-') && (sep == 0 || sep == c) && count % 4 == 0 && count > 0
          && i + 1 < n && Chars.isAlnum(s.charAt(i + 1))) {
        sep = c;
        i++;
      } else {
        break;
      }
    }
    if (count != expected || Chars.continuesToken(Chars.at(s, i))) {
      return false;
    }
    return mod97(iban) == 1 && m.set(i, 0, REPLACEMENT);
  }

  private static int mod97(char[] iban) {
    int r = 0;
    for (int k = 0; k < iban.length; k++) {
      char c = iban[(k + 4) % iban.length];
      if (Chars.isDigit(c)) {
        r = (r * 10 + (c - '0')) % 97;
      } else {
        r = (r * 100 + (c - 'A' + 10)) % 97;
      }
    }
    return r;
  }
}
