package dev.helpline.internal.redaction;

/**
 * Identifiers of a device or of its user for advertising, after their keys: IMEI and MEID
 * ({@code imei=490154203237518}, {@code IMEI 35-209900-176148-1}), the Android ID
 * ({@code android_id=9774d56d682e549c}) and advertising ids (Google's {@code gaid}/{@code adid},
 * Apple's {@code idfa} and {@code idfv}: {@code advertisingId=38400000-8cf0-11bd-b23e-10b96e40000d}).
 * The value is 8 to 40 hexadecimal digits, with or without dashes. Hardware model names and the
 * like, which diagnostics report on purpose, are not identifiers of one device and stay.
 */
final class DeviceIdRule extends Rule {
  static final String KIND = "device";
  private static final String REPLACEMENT = "[device-id]";
  private static final int MIN_DIGITS = 8;
  private static final int MAX_DIGITS = 40;
  private static final String[] KEYS = {
    "imei", "imeisv", "meid", "androidid", "android_id", "ssaid", "advertisingid", "advertising_id",
    "adid", "ad_id", "gaid", "aaid", "idfa", "idfv"
  };

  DeviceIdRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return Chars.isHex(c);
  }

  @Override
  boolean match(String s, int start, Match m) {
    char prev = Chars.before(s, start - 1, m.floor);
    if (prev != '=' && prev != ':' && prev != ' ' && prev != '"' && prev != '\'' && prev != '\t') {
      return false; // quick rejection: a value follows its key and a separator
    }
    int i = start;
    int hexDigits = 0;
    while (hexDigits <= MAX_DIGITS) {
      char c = Chars.at(s, i);
      if (Chars.isHex(c)) {
        hexDigits++;
      } else if (c != '-' || !Chars.isHex(Chars.at(s, i + 1))) {
        break;
      }
      i++;
    }
    if (hexDigits < MIN_DIGITS || hexDigits > MAX_DIGITS || Chars.continuesToken(Chars.at(s, i))
        || !Chars.followsKey(s, start, m.floor, KEYS)) {
      return false;
    }
    return m.set(i, 0, REPLACEMENT);
  }
}
