package dev.helpline.internal.redaction;

/**
 * Precise locations: decimal coordinates with at least three decimals (about 100 m) and at most
 * 180 in size,
 *
 * <ul>
 *   <li>after a location key: {@code lat=37.421998}, {@code "longitude": -122.084},
 *       {@code GPSLatitude: 48.8583}, {@code coords=52.520008, 13.404954} (a pair goes whole);
 *   <li>as a pair in Android's {@code Location[fused 52.520008,13.404954 …]};
 *   <li>as a pair after {@code @} in a map link: {@code maps/@52.5200066,13.404954,15z}.
 * </ul>
 *
 * Numbers elsewhere (scores, durations, versions, lists of floats) and coordinates with fewer
 * decimals (a city, not a person) are left alone.
 */
final class LocationRule extends Rule {
  static final String KIND = "location";
  private static final String REPLACEMENT = "[location]";
  private static final int MIN_DECIMALS = 3;
  private static final String[] KEYS = {
    "lat", "latitude", "lng", "lon", "long", "longitude", "latlng", "latlon", "latlong", "ll",
    "location", "loc", "coords", "coordinates", "geo", "gps"
  };

  LocationRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return Chars.isDigit(c) || c == '-' || c == '+';
  }

  @Override
  boolean match(String s, int start, Match m) {
    char prev = Chars.before(s, start - 1, m.floor);
    if (prev != '@' && !DigitRuns.startsCleanly(s, start, m.floor)) {
      return false;
    }
    int first = coordinateEnd(s, start);
    if (first < 0) {
      return false;
    }
    int end = first;
    int next = first;
    if (Chars.at(s, next) == ',') {
      next++;
      if (Chars.at(s, next) == ' ') {
        next++;
      }
      int second = coordinateEnd(s, next);
      if (second > 0) {
        end = second;
      }
    }
    boolean pair = end != first;
    boolean inContext = Chars.followsKey(s, start, m.floor, KEYS)
        || pair && (prev == '@' || followsAndroidLocation(s, start, m.floor));
    if (!inContext) {
      return false;
    }
    // A map link's zoom follows the pair: ",15z".
    if (!DigitRuns.endsCleanly(s, end) && !(pair && prev == '@' && Chars.at(s, end) == ',')) {
      return false;
    }
    return m.set(end, 0, REPLACEMENT);
  }

  /** End of a signed decimal of at most 180 with at least {@link #MIN_DECIMALS} decimals, or -1. */
  private static int coordinateEnd(String s, int from) {
    int i = from;
    char sign = Chars.at(s, i);
    if (sign == '-' || sign == '+') {
      i++;
    }
    int whole = 0;
    int digits = 0;
    while (Chars.isDigit(Chars.at(s, i)) && digits < 4) {
      whole = whole * 10 + (s.charAt(i) - '0');
      i++;
      digits++;
    }
    if (digits == 0 || digits > 3 || whole > 180 || Chars.at(s, i) != '.') {
      return -1;
    }
    i++;
    int fraction = i;
    while (Chars.isDigit(Chars.at(s, i))) {
      i++;
    }
    return i - fraction >= MIN_DECIMALS ? i : -1;
  }

  /** {@code Location[gps } just before {@code start}, as Android's {@code Location.toString()} writes. */
  private static boolean followsAndroidLocation(String s, int start, int floor) {
    int i = start - 1;
    if (Chars.before(s, i, floor) != ' ') {
      return false;
    }
    int providerEnd = --i;
    while (i >= floor && providerEnd - i < 16 && Chars.isLetter(s.charAt(i))) {
      i--;
    }
    if (i == providerEnd || Chars.before(s, i, floor) != '[') {
      return false;
    }
    return i - 8 >= floor && s.startsWith("Location", i - 8);
  }
}
