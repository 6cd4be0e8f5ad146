package dev.helpline.diagnostics;

import dev.helpline.AppInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import dev.helpline.diagnostics.Diagnostics.ProviderFailure;

/**
 * Contributes one section of a {@link Diagnostics} snapshot.
 *
 * <p>{@link #contribute} runs on a background thread, concurrently with other providers, under a
 * time budget (a few hundred milliseconds by default): it must be fast and must not wait for the
 * user or the network. A provider that throws or overruns its budget is recorded as a {@link
 * ProviderFailure}; the values it put are discarded and the other sections are unaffected. A
 * provider that overruns is interrupted, so blocking calls should respond to interruption.
 *
 * <p>The built-in providers are the static factories here ({@link #os()}, {@link #runtime()}, {@link #app},
 * {@link #locale()}, {@link #memory()}, {@link #disk}, {@link #custom}): cheap, free of personal data, and
 * working on Android and on desktop or server JVMs. They never wait, so the client runs the ones it adds
 * itself on the thread that takes the snapshot, without a hand-off; providers added with
 * {@code Helpline.Builder.addDiagnosticsProvider} run as described above. Providers that need a full JDK are
 * in the sdk-jvm module.
 */
public interface DiagnosticsProvider {
  /**
   * The section name: lowercase ASCII letters, digits, {@code _} or {@code -}, starting with a
   * letter, at most 64 characters (for example {@code "device"}). Providers with the same name
   * merge into one section.
   */
  String name();

  /** Puts this provider's values into {@code sink}. */
  void contribute(Sink sink) throws Exception;

  /**
   * True when this section cannot change during the process (operating system, runtime, the app's
   * name and version): the client then runs the provider until it succeeds once and reuses that
   * section for every later report. False by default.
   */
  default boolean isStable() {
    return false;
  }

  /**
   * Receives the values of one diagnostics section. Not thread-safe: use it from the thread that
   * called {@link DiagnosticsProvider#contribute}.
   */
  public interface Sink {
    /**
     * Puts {@code value} under {@code key}, replacing an earlier value of the same key. Values are a
     * {@link String}, a {@link Number} or a {@link Boolean}; null is ignored. Integral numbers are
     * kept as {@link Long}, others as {@link Double}. Strings longer than {@value
     * Diagnostics#MAX_STRING_LENGTH} characters are truncated, and an unpaired surrogate (half of a
     * character such as an emoji) becomes U+FFFD, which UTF-8 can encode.
     *
     * @throws IllegalArgumentException naming the key when the key is empty or longer than {@value
     *     Diagnostics#MAX_KEY_LENGTH} characters, the value has another type or is a non-finite
     *     number, or the section already holds {@value Diagnostics#MAX_KEYS_PER_SECTION} keys
     */
    void put(String key, @Nullable Object value);
  }

  /** Section {@code os}: operating system name, version and architecture. */
  static DiagnosticsProvider os() {
    return StandardProviders.os();
  }

  /**
   * Section {@code runtime}: Java vendor and version, VM name, available processors, and on Android
   * the API level (read reflectively, so the JVM never needs Android classes).
   */
  static DiagnosticsProvider runtime() {
    return StandardProviders.runtime();
  }

  /** Section {@code app}: the host application's name, version and build. */
  static DiagnosticsProvider app(AppInfo app) {
    return StandardProviders.app(app);
  }

  /** Section {@code locale}: default locale as a BCP 47 tag, time zone id and its current UTC offset. */
  static DiagnosticsProvider locale() {
    return StandardProviders.locale();
  }

  /** Section {@code memory}: heap used, free, total and (when bounded) maximum, in bytes. */
  static DiagnosticsProvider memory() {
    return StandardProviders.memory();
  }

  /**
   * Section {@code disk}: free, usable and total bytes of the file store holding the directory that
   * {@code dataDirectory} returns, measured at its nearest existing ancestor when it does not exist
   * yet ({@code exists} says which). The path itself is not reported: it may contain a user name.
   */
  static DiagnosticsProvider disk(Supplier<Path> dataDirectory) {
    return StandardProviders.disk(dataDirectory);
  }

  /**
   * Section {@code custom}: a copy of the host's context, taken now, in the map's iteration order.
   *
   * @throws IllegalArgumentException when a key is empty or too long, or there are too many keys
   */
  static DiagnosticsProvider custom(Map<String, String> context) {
    return StandardProviders.custom(context);
  }
}
