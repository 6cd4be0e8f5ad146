package dev.helpline.connector.email;

import dev.helpline.DeskException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.jspecify.annotations.Nullable;

/**
 * Turns what Jakarta Mail threw into the outcome the delivery worker understands: a mail server's 4xx reply (to
 * any command, the greeting, EHLO, STARTTLS and AUTH included) is a retryable {@link DeskException} (HTTP status
 * 503), a 5xx reply a permanent one (401 for authentication, 413 for a message too large, 422 otherwise) carrying
 * the server's reply text and {@code smtp-NNN} as its error code; anything that did not get an SMTP reply is an
 * {@link IOException} (retried). Messages name the server by host and port only: never the user, password or
 * token.
 */
final class SmtpReplies {
  /** HTTP status of a temporary SMTP refusal (4xx): retried with backoff. */
  static final int TEMPORARY = 503;
  /** HTTP status when STARTTLS is required and the server does not offer it: kept as failed, nothing was sent. */
  static final int TLS_UNAVAILABLE = 426;
  static final String TLS_UNAVAILABLE_CODE = "smtp-starttls-unavailable";
  /** A 4xx or 5xx reply code at the start of an exception's text, or after Angus Mail's "bad greeting" prefix. */
  private static final Pattern REPLY_CODE =
      Pattern.compile("^(?:\\s*|Got bad greeting from SMTP host: .*?, response: )([45]\\d\\d)(?=[\\s-]|$)");
  private static final int MAX_REPLY_CHARS = 1000;

  private SmtpReplies() {}

  /**
   * True when {@code e} only says that the server answered the end of the message data with a 2xx reply other
   * than 250, which Angus Mail counts as a failure: the server took the mail, so it is delivered and must not be
   * sent again.
   */
  static boolean accepted(MessagingException e) {
    return e instanceof SMTPSendFailedException && ".".equals(((SMTPSendFailedException) e).getCommand())
        && ((SMTPSendFailedException) e).getReturnCode() / 100 == 2;
  }

  /** The exception to throw for {@code e}, raised while talking to {@code server} ("host:port"). */
  static Exception classify(MessagingException e, String server, boolean deadlinePassed, long sendTimeoutMillis,
      UnaryOperator<String> scrub) {
    if (deadlinePassed) {
      return new IOException("sending to mail server " + server + " took longer than the whole-send timeout of "
          + sendTimeoutMillis + " ms; it is retried with the same Message-ID", socketCause(e));
    }
    String field = refusedField(e);
    for (Exception x = e; x != null; x = next(x)) {
      if (x instanceof SMTPSendFailedException && ((SMTPSendFailedException) x).getReturnCode() > 0) {
        return refusal(((SMTPSendFailedException) x).getReturnCode(), scrub.apply(x.getMessage()), field);
      }
      if (x instanceof SMTPSenderFailedException && ((SMTPSenderFailedException) x).getReturnCode() > 0) {
        return refusal(((SMTPSenderFailedException) x).getReturnCode(), scrub.apply(x.getMessage()), field);
      }
      if (x instanceof SMTPAddressFailedException && ((SMTPAddressFailedException) x).getReturnCode() > 0) {
        return refusal(((SMTPAddressFailedException) x).getReturnCode(), scrub.apply(x.getMessage()), field);
      }
    }
    String message = e.getMessage() == null ? "" : scrub.apply(e.getMessage());
    if (message.toLowerCase(Locale.ROOT).contains("starttls is required")) {
      return new DeskException(TLS_UNAVAILABLE, TLS_UNAVAILABLE_CODE, "mail server " + server
          + " does not offer STARTTLS, which this connector requires (SmtpSecurity.STARTTLS_REQUIRED);"
          + " nothing was sent", null, null);
    }
    // The greeting, EHLO/HELO, STARTTLS and AUTH fail with a plain MessagingException whose text is the server's
    // reply (the greeting's after "response: "): its code classifies it like any other command's.
    Matcher m = REPLY_CODE.matcher(message);
    if (m.find()) return refusal(Integer.parseInt(m.group(1)), message.substring(m.start(1)), null);
    if (e instanceof AuthenticationFailedException) {
      return new DeskException(401, "smtp-auth", "mail server " + server + " did not accept the credentials: "
          + clean(message), null, null);
    }
    IOException cause = socketCause(e);
    if (cause instanceof MailMessages.AttachmentSizeException) return cause; // the file, not the server
    String what = cause != null && cause.getMessage() != null ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
        : message + " (" + e.getClass().getSimpleName() + ")";
    return new IOException("mail server " + server + ": " + clean(scrub.apply(what)), cause);
  }

  /** The field whose address the server refused: {@code from} for the sender, {@code to} for the recipient. */
  private static @Nullable String refusedField(MessagingException e) {
    for (Exception x = e; x != null; x = next(x)) {
      if (x instanceof SMTPSenderFailedException) return "from";
      if (x instanceof SMTPAddressFailedException) return "to";
    }
    return null;
  }

  /** The exception Jakarta Mail chained to {@code x}: Angus puts the refused address's exception there. */
  private static @Nullable Exception next(Exception x) {
    return x instanceof MessagingException ? ((MessagingException) x).getNextException() : null;
  }

  /**
   * The I/O failure under {@code e}, kept as the cause. Jakarta Mail's own exceptions are not chained: their text
   * may quote the server, and a server may echo what the client sent.
   */
  private static @Nullable IOException socketCause(MessagingException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException) return (IOException) t;
    }
    return null;
  }

  static DeskException refusal(int code, @Nullable String reply, @Nullable String field) {
    String text = clean(reply == null || reply.isBlank() ? Integer.toString(code) : reply);
    int status = code < 500 ? TEMPORARY
        : code == 530 || code == 534 || code == 535 || code == 538 ? 401
        : code == 552 ? 413
        : 422;
    return new DeskException(status, "smtp-" + code, text, field, null);
  }

  /** The reply on one line, without trailing blanks, capped. */
  static String clean(String s) {
    String one = MailMessages.oneLine(s);
    return one.length() <= MAX_REPLY_CHARS ? one : one.substring(0, MAX_REPLY_CHARS) + "…";
  }
}
