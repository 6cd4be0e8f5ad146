package dev.helpline.internal.diagnostics;

/**
 * Marks a diagnostics provider whose section cannot change during a process (operating system,
 * runtime and CPU count, the host app's name and version): {@link DiagnosticsCollector} runs it
 * once, keeps its section and reuses it for every later snapshot.
 */
public interface StableSection {}
