package dev.helpline.internal.notices;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A semantic version ordered by SemVer 2.0 precedence: {@code 1.0.0-alpha < 1.0.0-alpha.1 <
 * 1.0.0-beta < 1.0.0}. Lenient where apps are: a leading {@code v} is allowed, missing minor and
 * patch parts count as zero ({@code "1.2"} equals {@code "1.2.0"}), and build metadata
 * ({@code +build.5}) is ignored for ordering and equality. Immutable.
 */
public final class Version implements Comparable<Version> {
  private final long major;
  private final long minor;
  private final long patch;
  private final List<String> preRelease;
  private final String text;

  private Version(long major, long minor, long patch, List<String> preRelease, String text) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.preRelease = preRelease;
    this.text = text;
  }

  /**
   * @throws IllegalArgumentException naming the text when it is not a version
   */
  public static Version parse(String text) {
    Objects.requireNonNull(text, "text == null");
    Version v = tryParse(text);
    if (v == null) {
      throw new IllegalArgumentException("version must look like 1.2.3 or 1.2.3-beta.1 but was '" + text + "'");
    }
    return v;
  }

  /** The parsed version, or null when {@code text} is null or not a version. Never throws. */
  public static @Nullable Version tryParse(@Nullable String text) {
    if (text == null) return null;
    String s = text.trim();
    if (s.startsWith("v") || s.startsWith("V")) s = s.substring(1);
    int plus = s.indexOf('+');
    if (plus >= 0) {
      if (!validIdentifiers(s.substring(plus + 1), false)) return null;
      s = s.substring(0, plus);
    }
    List<String> pre = Collections.emptyList();
    int dash = s.indexOf('-');
    if (dash >= 0) {
      String preText = s.substring(dash + 1);
      if (!validIdentifiers(preText, true)) return null;
      List<String> ids = new ArrayList<>();
      for (String id : preText.split("\\.", -1)) ids.add(id);
      pre = Collections.unmodifiableList(ids);
      s = s.substring(0, dash);
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length < 1 || parts.length > 3) return null;
    long[] numbers = new long[3];
    for (int i = 0; i < parts.length; i++) {
      if (!isNumber(parts[i])) return null;
      numbers[i] = Long.parseLong(parts[i]);
    }
    return new Version(numbers[0], numbers[1], numbers[2], pre, text.trim());
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty() || s.length() > 18) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  private static boolean validIdentifiers(String s, boolean preRelease) {
    if (s.isEmpty()) return false;
    for (String id : s.split("\\.", -1)) {
      if (id.isEmpty()) return false;
      for (int i = 0; i < id.length(); i++) {
        char c = id.charAt(i);
        boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
        if (!ok) return false;
      }
      if (preRelease && isNumber(id) && id.length() > 1 && id.charAt(0) == '0') return false;
      if (preRelease && id.length() > 18 && allDigits(id)) return false;
    }
    return true;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    }
    return true;
  }

  public long major() {
    return major;
  }

  public long minor() {
    return minor;
  }

  public long patch() {
    return patch;
  }

  /** Pre-release identifiers, for example {@code ["beta", "2"]}; empty for a release. */
  public List<String> preRelease() {
    return preRelease;
  }

  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  @Override
  public int compareTo(Version o) {
    int c = Long.compare(major, o.major);
    if (c == 0) c = Long.compare(minor, o.minor);
    if (c == 0) c = Long.compare(patch, o.patch);
    if (c != 0) return c;
    // A release ranks above any of its pre-releases.
    if (preRelease.isEmpty() || o.preRelease.isEmpty()) return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
    for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
      String a = preRelease.get(i);
      String b = o.preRelease.get(i);
      boolean an = allDigits(a);
      boolean bn = allDigits(b);
      if (an && bn) c = Long.compare(Long.parseLong(a), Long.parseLong(b));
      else if (an) c = -1;
      else if (bn) c = 1;
      else c = a.compareTo(b);
      if (c != 0) return c;
    }
    return Integer.compare(preRelease.size(), o.preRelease.size());
  }

  /** Equal when of equal precedence: build metadata and omitted zero parts do not count. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Version && compareTo((Version) o) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(major, minor, patch, preRelease);
  }

  /** The text as given (trimmed). */
  @Override
  public String toString() {
    return text;
  }
}
