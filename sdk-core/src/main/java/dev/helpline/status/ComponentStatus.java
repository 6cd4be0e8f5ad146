package dev.helpline.status;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The status of one component. Unrecognised wire values map to {@link #UNKNOWN}. */
public enum ComponentStatus {
  OPERATIONAL,
  DEGRADED_PERFORMANCE,
  PARTIAL_OUTAGE,
  MAJOR_OUTAGE,
  UNDER_MAINTENANCE,
  UNKNOWN;

  /** The wire value, for example {@code "degraded_performance"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Maps a wire value case-insensitively; null or unrecognised values give {@link #UNKNOWN}. */
  public static ComponentStatus fromWire(@Nullable String value) {
    if (value == null) return UNKNOWN;
    for (ComponentStatus s : values()) {
      if (s != UNKNOWN && s.wireName().equalsIgnoreCase(value.trim())) return s;
    }
    return UNKNOWN;
  }
}
