package dev.helpline.status;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Where a scheduled maintenance stands. Unrecognised wire values map to {@link #UNKNOWN}. */
public enum MaintenanceStatus {
  SCHEDULED,
  IN_PROGRESS,
  VERIFYING,
  COMPLETED,
  UNKNOWN;

  /** True for {@link #IN_PROGRESS} and {@link #VERIFYING}: the window is open. */
  public boolean isActive() {
    return this == IN_PROGRESS || this == VERIFYING;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Maps a wire value case-insensitively; null or unrecognised values give {@link #UNKNOWN}. */
  public static MaintenanceStatus fromWire(@Nullable String value) {
    if (value == null) return UNKNOWN;
    for (MaintenanceStatus s : values()) {
      if (s != UNKNOWN && s.wireName().equalsIgnoreCase(value.trim())) return s;
    }
    return UNKNOWN;
  }
}
