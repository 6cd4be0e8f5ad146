package dev.helpline.diagnostics;

import org.jspecify.annotations.Nullable;

/**
 * Receives the values of one diagnostics section. Not thread-safe: use it from the thread that
 * called {@link DiagnosticsProvider#contribute}.
 */
public interface DiagnosticsSink {
  /**
   * Puts {@code value} under {@code key}, replacing an earlier value of the same key. Values are a
   * {@link String}, a {@link Number} or a {@link Boolean}; null is ignored. Integral numbers are
   * kept as {@link Long}, others as {@link Double}. Strings longer than {@value
   * Diagnostics#MAX_STRING_LENGTH} characters are truncated.
   *
   * @throws IllegalArgumentException naming the key when the key is empty or longer than {@value
   *     Diagnostics#MAX_KEY_LENGTH} characters, the value has another type or is a non-finite
   *     number, or the section already holds {@value Diagnostics#MAX_KEYS_PER_SECTION} keys
   */
  void put(String key, @Nullable Object value);
}
