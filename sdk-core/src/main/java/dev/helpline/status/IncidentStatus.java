package dev.helpline.status;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Where an incident stands. Unrecognised wire values map to {@link #UNKNOWN}. */
public enum IncidentStatus {
  INVESTIGATING,
  IDENTIFIED,
  MONITORING,
  RESOLVED,
  POSTMORTEM,
  UNKNOWN;

  /** True for {@link #RESOLVED} and {@link #POSTMORTEM}: the incident no longer affects users. */
  public boolean isResolved() {
    return this == RESOLVED || this == POSTMORTEM;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Maps a wire value case-insensitively; null or unrecognised values give {@link #UNKNOWN}. */
  public static IncidentStatus fromWire(@Nullable String value) {
    if (value == null) return UNKNOWN;
    for (IncidentStatus s : values()) {
      if (s != UNKNOWN && s.wireName().equalsIgnoreCase(value.trim())) return s;
    }
    return UNKNOWN;
  }
}
