package dev.helpline.diagnostics;

/**
 * Contributes one section of a {@link Diagnostics} snapshot.
 *
 * <p>{@link #contribute} runs on a background thread, concurrently with other providers, under a
 * time budget (a few hundred milliseconds by default): it must be fast and must not wait for the
 * user or the network. A provider that throws or overruns its budget is recorded as a {@link
 * ProviderFailure}; the values it put are discarded and the other sections are unaffected. A
 * provider that overruns is interrupted, so blocking calls should respond to interruption.
 */
public interface DiagnosticsProvider {
  /**
   * The section name: lowercase ASCII letters, digits, {@code _} or {@code -}, starting with a
   * letter, at most 64 characters (for example {@code "device"}). Providers with the same name
   * merge into one section.
   */
  String name();

  /** Puts this provider's values into {@code sink}. */
  void contribute(DiagnosticsSink sink) throws Exception;
}
