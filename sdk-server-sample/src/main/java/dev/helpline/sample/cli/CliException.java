package dev.helpline.sample.cli;

import org.jspecify.annotations.Nullable;

/**
 * Ends a command with a one-line message on stderr and an exit code, or (see {@link #help}) with its usage on
 * stdout. The message must never contain a token: build it from option names and non-secret values only.
 */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final @Nullable String helpFor;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
    this.helpFor = null;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.helpFor = null;
  }

  private CliException(String command) {
    super("help for " + command);
    this.exitCode = ExitCodes.OK;
    this.helpFor = command;
  }

  static CliException badInput(String message) {
    return new CliException(ExitCodes.REJECTED, message);
  }

  /** Not a failure: the command was asked for its usage, which goes to stdout, and it does nothing else. */
  static CliException help(String command) {
    return new CliException(command);
  }

  /** The command whose usage was asked for, or null for a failure. */
  @Nullable String helpFor() {
    return helpFor;
  }

  int exitCode() {
    return exitCode;
  }
}
