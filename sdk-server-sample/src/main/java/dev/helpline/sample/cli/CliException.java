package dev.helpline.sample.cli;

/**
 * Ends a command with a one-line message on stderr and an exit code. The message must never contain a
 * token: build it from option names and non-secret values only.
 */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  static CliException badInput(String message) {
    return new CliException(ExitCodes.REJECTED, message);
  }

  int exitCode() {
    return exitCode;
  }
}
