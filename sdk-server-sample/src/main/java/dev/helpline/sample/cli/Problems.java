package dev.helpline.sample.cli;

import dev.helpline.DeskException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Failures in words for the terminal: {@code helpline} prints what went wrong, never an exception's class name
 * or a stack frame. {@link #describe} names the common disk, network and interrupt failures plainly;
 * {@link #scrub} takes class names out of text that carries them (a stored last error such as
 * {@code "ConnectException: Failed to connect"}, or a library message built with {@code e.toString()}).
 */
final class Problems {
  /** A qualified or simple exception class name, and the ": " that may introduce its message. */
  private static final Pattern CLASS_NAME =
      Pattern.compile("(?<![\\w$.])(?:[a-z_][\\w$]*\\.)*([A-Z][\\w$]*(?:Exception|Error))(: ?)?");
  /** Names that add nothing to the message that follows them. */
  private static final Set<String> SAY_NOTHING = new HashSet<>(Arrays.asList("Exception", "Error",
      "IOException", "RuntimeException", "UncheckedIOException", "IllegalStateException",
      "IllegalArgumentException", "ExecutionException", "CompletionException", "ConnectException",
      "SocketException", "SocketTimeoutException", "HelplineException", "DeskException", "SSLException"));

  private Problems() {}

  /** What {@code t} means, in one line without class names; its cause when it is only a wrapper. */
  static String describe(Throwable t) {
    Throwable c = unwrap(t);
    String message = c.getMessage() == null || c.getMessage().trim().isEmpty() ? null : c.getMessage().trim();
    if (c instanceof DeskException) return scrub(String.valueOf(message));
    if (c instanceof ClosedByInterruptException || c instanceof InterruptedException
        || (c instanceof InterruptedIOException && !(c instanceof SocketTimeoutException))) {
      return "interrupted";
    }
    if (c instanceof AccessDeniedException) return "permission denied: " + file((FileSystemException) c);
    if (c instanceof NoSuchFileException) return "no such file or directory: " + file((FileSystemException) c);
    if (c instanceof NotDirectoryException) return "not a directory: " + file((FileSystemException) c);
    if (c instanceof FileAlreadyExistsException) return "a file is in the way: " + file((FileSystemException) c);
    if (c instanceof FileSystemException) {
      String reason = ((FileSystemException) c).getReason();
      return (reason != null ? reason.toLowerCase(Locale.ROOT) : "file system error") + ": "
          + file((FileSystemException) c);
    }
    if (c instanceof UnknownHostException) return "unknown host" + (message != null ? " " + message : "");
    if (c instanceof SocketTimeoutException) return "timed out" + (message != null ? " (" + scrub(message) + ")" : "");
    if (c instanceof ConnectException) return "cannot connect" + (message != null ? ": " + scrub(message) : "");
    if (c instanceof SSLException) return "TLS failed" + (message != null ? ": " + scrub(message) : "");
    if (message != null) return scrub(message);
    Throwable cause = c.getCause();
    if (cause != null && cause != c) return describe(cause);
    return words(c.getClass().getSimpleName());
  }

  /** {@code text} with exception class names replaced by words ("AccessDeniedException: /d" → "access denied: /d"). */
  static String scrub(String text) {
    Matcher m = CLASS_NAME.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      boolean introducesMessage = m.group(2) != null && m.end() < text.length();
      String replacement = introducesMessage && SAY_NOTHING.contains(name) ? ""
          : words(name) + (m.group(2) != null ? m.group(2) : "");
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof ExecutionException || c instanceof CompletionException || c instanceof UncheckedIOException)
        && c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static String file(FileSystemException e) {
    @Nullable String file = e.getFile();
    @Nullable String other = e.getOtherFile();
    return (file != null ? file : "?") + (other != null ? " -> " + other : "");
  }

  /** "ClosedByInterruptException" → "closed by interrupt"; "SSLHandshakeException" → "SSL handshake". */
  static String words(String className) {
    String base = className.replaceAll("(Exception|Error)$", "");
    if (base.isEmpty()) return "error";
    StringBuilder out = new StringBuilder();
    for (String word : base.split("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")) {
      if (out.length() > 0) out.append(' ');
      boolean acronym = word.length() > 1 && word.equals(word.toUpperCase(Locale.ROOT));
      out.append(acronym ? word : word.toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }
}
