package dev.helpline.internal.redaction;

/**
 * IP addresses, both replaced by {@code [ip]}.
 *
 * <p>IPv4: four dot-separated decimal octets of at most three digits, each 0–255, not part of a
 * longer dotted number ({@code 1.2.3.4.5}) and not a version number: introduced by a version word
 * ({@code version 1.2.3.4}, {@code Android 10.0.0.1}, {@code AssemblyVersion("1.0.0.0")}), a
 * product token ({@code Chrome/120.0.0.0}, {@code Edg/122.0.0.0}: a capitalised word and a
 * slash), a package name ({@code Microsoft.AspNetCore.Mvc 2.2.0.0}) or a file name
 * ({@code core-1.2.3.4}), or followed by a pre-release tag ({@code 1.2.3.4-beta}) or a file
 * extension ({@code 1.2.3.4.jar}). A port or prefix length after an address stays.
 *
 * <p>IPv6: full and {@code ::}-compressed forms with one to four hex digits per group, an optional
 * trailing IPv4 part and an optional zone ({@code fe80::1%eth0}). Eight groups without {@code ::},
 * at most seven with it, and at least one decimal digit somewhere, so times ({@code 12:30:45}), MAC
 * addresses (six groups) and words such as {@code dead::beef} are not addresses.
 */
final class IpRule extends Rule {
  static final String KIND = "ip";
  private static final String REPLACEMENT = "[ip]";
  private static final int MAX_V6 = 45;

  IpRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return Chars.isHex(c) || c == ':';
  }

  @Override
  boolean match(String s, int start, Match m) {
    int end = matchV6(s, start, m.floor);
    if (end < 0 && Chars.isDigit(s.charAt(start))) {
      end = matchV4(s, start, m.floor);
    }
    return end >= 0 && m.set(end, 0, REPLACEMENT);
  }

  private static int matchV4(String s, int start, int floor) {
    // Unlike other numbers an address may follow '/' (URLs) or '-' (ranges).
    if (Chars.before(s, start - 1, floor) == '.') {
      return -1;
    }
    int end = v4At(s, start);
    if (end < 0) {
      return -1;
    }
    char next = Chars.at(s, end);
    char after = Chars.at(s, end + 1);
    if (Chars.continuesToken(next) || next == '@'
        || (next == '.' && (Chars.isDigit(after) || after == '[' || Chars.isLetter(after)))
        || (next == '-' && Chars.isLetter(after))
        || Chars.followsVersionWord(s, start, floor) || isVersionContext(s, start, floor)) {
      return -1;
    }
    return end;
  }

  /** {@code Chrome/…}, {@code Acme.Core …}, {@code core-…}: what precedes a version number. */
  private static boolean isVersionContext(String s, int start, int floor) {
    char prev = Chars.before(s, start - 1, floor);
    if (prev == '-') {
      return Chars.isLetter(Chars.before(s, start - 2, floor));
    }
    if (prev == '/') {
      int i = start - 2;
      while (i >= floor && i > start - 34 && Chars.isAlnum(s.charAt(i))) {
        i--;
      }
      // A product name stands alone: DESKTOP-KQ3RJ7T/192.168.1.23 is a host name and its address.
      char beforeWord = Chars.before(s, i, floor);
      return i < start - 2 && Chars.isUpper(s.charAt(i + 1)) && beforeWord != '/' && beforeWord != '-'
          && beforeWord != '.';
    }
    if (prev != ' ') {
      return false;
    }
    // A package name such as Microsoft.AspNetCore.Mvc: capitalised, dotted, no digits-only part.
    int i = start - 2;
    int dots = 0;
    while (i >= floor && i > start - 66 && (Chars.isLetter(s.charAt(i)) || s.charAt(i) == '.')) {
      if (s.charAt(i) == '.') {
        dots++;
      }
      i--;
    }
    int begin = i + 1;
    return dots > 0 && begin < start - 2 && Chars.isUpper(s.charAt(begin))
        && Chars.isLetter(s.charAt(start - 2))
        && (i < 0 || i >= floor && Character.isWhitespace(s.charAt(i)));
  }

  /** End of a dotted quad starting at {@code i}, or -1; no boundary checks. */
  private static int v4At(String s, int i) {
    int n = s.length();
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (Chars.at(s, i) != '.') {
          return -1;
        }
        i++;
      }
      int from = i;
      int value = 0;
      while (i < n && i - from < 3 && Chars.isDigit(s.charAt(i))) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == from || value > 255 || Chars.isDigit(Chars.at(s, i))) {
        return -1;
      }
    }
    return i;
  }

  private static int matchV6(String s, int start, int floor) {
    char prev = Chars.before(s, start - 1, floor);
    if (prev == ':' || prev == '.') {
      return -1;
    }
    char first = s.charAt(start);
    if (first == ':' && Chars.at(s, start + 1) != ':') {
      return -1;
    }
    int n = s.length();
    // Quick reject: an address has a ':' within its first five characters.
    int limit = Math.min(n, start + 5);
    int colon = start;
    while (colon < limit && s.charAt(colon) != ':') {
      colon++;
    }
    if (colon == limit) {
      return -1;
    }
    int i = start;
    int groups = 0;
    boolean compressed = false;
    boolean digit = false;
    boolean v4Tail = false;
    if (s.startsWith("::", i)) {
      compressed = true;
      i += 2;
    }
    while (i < n && i - start <= MAX_V6) {
      int from = i;
      while (i < n && i - from < 5 && Chars.isHex(s.charAt(i))) {
        if (Chars.isDigit(s.charAt(i))) {
          digit = true;
        }
        i++;
      }
      int len = i - from;
      if (len == 0) {
        break;
      }
      if (Chars.at(s, i) == '.' && groups <= 6) {
        int v4End = v4At(s, from);
        if (v4End < 0) {
          return -1;
        }
        i = v4End;
        groups += 2;
        v4Tail = true;
        break;
      }
      if (len > 4) {
        return -1;
      }
      groups++;
      if (s.startsWith("::", i)) {
        if (compressed) {
          return -1;
        }
        compressed = true;
        i += 2;
      } else if (Chars.at(s, i) == ':' && Chars.isHex(Chars.at(s, i + 1))) {
        i++;
      } else {
        break;
      }
    }
    if (groups == 0 || !digit && !v4Tail) {
      return -1;
    }
    if (compressed ? groups > 7 : groups != 8) {
      return -1;
    }
    boolean zoned = Chars.at(s, i) == '%' && Chars.isAlnum(Chars.at(s, i + 1));
    if (zoned) {
      i++;
      while (i < n && (Chars.isAlnum(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.'
          || s.charAt(i) == '-')) {
        i++;
      }
    }
    char next = Chars.at(s, i);
    char after = Chars.at(s, i + 1);
    // Nothing of the address follows its zone: there ':' starts a port ("fe80::1%eth0:8080").
    if (Chars.continuesToken(next) || (next == ':' && !zoned && (Chars.isHex(after) || after == '['))
        || (next == '%' && after == '[')) {
      return -1;
    }
    return i;
  }
}
