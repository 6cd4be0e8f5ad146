package dev.helpline.server.internal;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Validation of builder settings, with messages that name the field and its limits. */
public final class Settings {
  private Settings() {}

  /** {@code d} when it lies within [min, max]. @throws IllegalArgumentException naming {@code field} otherwise */
  public static Duration within(String field, @Nullable Duration d, Duration min, Duration max) {
    Objects.requireNonNull(d, field + " == null");
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(field + " is " + d + "; it must lie between " + min + " and " + max);
    }
    return d;
  }
}
