package dev.helpline.status;

import java.util.Locale;

/**
 * The overall status of a page, and the impact of an incident. {@code maintenance} is not documented
 * by Statuspage but occurs in live payloads; any other value maps to {@link #UNKNOWN}.
 */
public enum Indicator {
  NONE,
  MINOR,
  MAJOR,
  CRITICAL,
  MAINTENANCE,
  UNKNOWN;

  /** The wire value ({@code "none"}, {@code "minor"}, …); {@code "unknown"} for {@link #UNKNOWN}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Maps a wire value case-insensitively; null or unrecognised values give {@link #UNKNOWN}. */
  public static Indicator fromWire(@org.jspecify.annotations.Nullable String value) {
    if (value == null) return UNKNOWN;
    for (Indicator i : values()) {
      if (i != UNKNOWN && i.wireName().equalsIgnoreCase(value.trim())) return i;
    }
    return UNKNOWN;
  }
}
