package dev.helpline.connector.email;

import dev.helpline.Attachment;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.internet.ParseException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Builds the mail for one ticket. Every header value that comes from the ticket is either cleaned of line breaks
 * and control characters (subject, names, media type parameters) or checked as a single address (the requester's
 * e-mail), so no field can add a header; file names and media type parameters outside ASCII travel as RFC 2231
 * parameters in UTF-8, whatever the JVM's default charset. A
 * subject or name with a run too long to fold is written as encoded-words, so no header line passes 998 characters.
 */
final class MailMessages {
  static final String SUBMISSION_HEADER = "X-Helpline-Submission";
  private static final String UTF_8 = "UTF-8";
  /** The session property that makes Jakarta Mail write headers in UTF-8 and send MAIL FROM with SMTPUTF8. */
  static final String ALLOW_UTF8 = "mail.mime.allowutf8";
  static final String NEEDS_SMTPUTF8 = "has characters outside ASCII before the @, which a mail can carry only"
      + " with SMTPUTF8 (RFC 6531)";

  private final InternetAddress from;
  private final String messageIdDomain;

  MailMessages(InternetAddress from, String messageIdDomain) {
    this.from = withEncodedName(from);
    this.messageIdDomain = messageIdDomain;
  }

  /**
   * The Message-ID of a submission: the same for every attempt, so a desk that receives a retry of a mail it
   * already filed can drop it. Characters outside letters, digits, '-' and '_' are written as {@code =XX}.
   */
  String messageId(String submissionId) {
    return "<helpline." + token(submissionId) + "@" + messageIdDomain + ">";
  }

  static String token(String submissionId) {
    StringBuilder b = new StringBuilder();
    for (byte c : submissionId.getBytes(StandardCharsets.UTF_8)) {
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
        b.append((char) c);
      } else {
        b.append('=').append(String.format(Locale.ROOT, "%02X", c & 0xff));
      }
    }
    return b.toString();
  }

  /**
   * The message for {@code ticket}, addressed to {@code to}. Attachments are read only while the message is
   * written to the server, counted into {@code progress}.
   *
   * @throws InvalidFieldException when the requester's e-mail is not one plain address, or needs SMTPUTF8 and the
   *     session does not allow UTF-8 ({@link #ALLOW_UTF8})
   */
  MimeMessage build(Session session, NewTicket ticket, InternetAddress to, UploadProgress progress)
      throws MessagingException {
    String id = messageId(ticket.submissionId());
    MimeMessage m = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", id);
      }
    };
    m.setFrom(from);
    m.setRecipient(jakarta.mail.Message.RecipientType.TO, withEncodedName(to));
    InternetAddress requester =
        requesterAddress(ticket.requester(), Boolean.parseBoolean(session.getProperty(ALLOW_UTF8)));
    if (requester != null) m.setReplyTo(new InternetAddress[] {requester});
    setSubject(m, oneLine(ticket.subject()));
    m.setSentDate(Date.from(ticket.createdAt()));
    m.setHeader(SUBMISSION_HEADER, token(ticket.submissionId()));
    if (ticket.priority() == Priority.HIGH || ticket.priority() == Priority.URGENT) m.setHeader("Importance", "high");
    if (ticket.priority() == Priority.LOW) m.setHeader("Importance", "low");

    long total = ticket.description().length() + (ticket.diagnosticsSummary() == null ? 0 : ticket.diagnosticsSummary().length());
    for (Attachment a : ticket.attachments()) total += a.size();
    AtomicLong sent = new AtomicLong();
    long bytesTotal = total;
    Counter counter = n -> progress.onProgress(sent.addAndGet(n), bytesTotal);

    String text = normalizeLineBreaks(body(ticket));
    counter.add(ticket.description().length() + (ticket.diagnosticsSummary() == null ? 0 : ticket.diagnosticsSummary().length()));
    if (ticket.attachments().isEmpty()) {
      // Quoted-printable keeps the text readable in any mail client, wraps long lines at 76 characters with soft
      // breaks, and carries any Unicode; line breaks become CRLF.
      m.setText(text, UTF_8, "plain");
      m.setHeader("Content-Transfer-Encoding", "quoted-printable");
    } else {
      MimeMultipart mixed = new MimeMultipart("mixed");
      mixed.addBodyPart(textPart(text));
      for (Attachment a : ticket.attachments()) mixed.addBodyPart(attachmentPart(a, counter));
      m.setContent(mixed);
    }
    m.saveChanges();
    return m;
  }

  /**
   * Sets the subject RFC 2047-encoded in UTF-8 when it is not ASCII. An ASCII subject is written as it is, unless
   * a run of it without spaces is too long to fold into lines of at most {@value #LONGEST_WORD} characters (a
   * long URL, a stack frame), or it holds {@code =?}: then the whole subject is written as encoded-words, which
   * fold, so no header line passes the 998 characters RFC 5322 allows, and text that looks like an encoded-word
   * is not decoded by the desk.
   */
  private static void setSubject(MimeMessage m, String subject) throws MessagingException {
    if (!needsEncodedWords(subject)) {
      m.setSubject(subject, UTF_8);
      return;
    }
    m.setHeader("Subject", MimeUtility.fold(9, encodedWords(subject)));
  }

  /** The longest run without spaces written as it is in a header; longer runs are written as encoded-words. */
  static final int LONGEST_WORD = 76;

  /**
   * True when {@code s} must be written as encoded-words: it has a run too long to fold, or text a reader would
   * take for an encoded-word and decode ({@code =?}, RFC 2047 section 5), so the desk shows it as typed.
   */
  static boolean needsEncodedWords(String s) {
    if (s.contains("=?")) return true;
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      run = s.charAt(i) == ' ' ? 0 : run + 1;
      if (run > LONGEST_WORD) return true;
    }
    return false;
  }

  /**
   * {@code s} as RFC 2047 encoded-words (UTF-8, base64), each at most 75 characters and never splitting a
   * character, separated by spaces, which a reader drops between encoded-words.
   */
  static String encodedWords(String s) {
    StringBuilder out = new StringBuilder();
    StringBuilder chunk = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > 45) {
        appendEncodedWord(out, chunk);
        chunk.setLength(0);
        bytes = 0;
      }
      chunk.appendCodePoint(cp);
      bytes += n;
      i += Character.charCount(cp);
    }
    if (chunk.length() > 0) appendEncodedWord(out, chunk);
    return out.toString();
  }

  private static void appendEncodedWord(StringBuilder out, CharSequence chunk) {
    if (out.length() > 0) out.append(' ');
    out.append("=?UTF-8?B?")
        .append(Base64.getEncoder().encodeToString(chunk.toString().getBytes(StandardCharsets.UTF_8))).append("?=");
  }

  /** The text the desk shows: the description, then who asked and the diagnostics summary. */
  static String body(NewTicket ticket) {
    StringBuilder b = new StringBuilder(ticket.description().strip()).append("\n\n-- \n");
    Requester r = ticket.requester();
    if (r != null) {
      b.append("Requester: ");
      if (r.name() != null) b.append(r.name()).append(' ');
      if (r.email() != null) b.append('<').append(r.email()).append('>');
      if (r.id() != null) b.append(" (id ").append(r.id()).append(')');
      b.append('\n');
    }
    if (ticket.category() != null) b.append("Category: ").append(ticket.category()).append('\n');
    b.append("Priority: ").append(ticket.priority().name().toLowerCase(Locale.ROOT)).append('\n');
    if (!ticket.tags().isEmpty()) b.append("Tags: ").append(String.join(", ", ticket.tags())).append('\n');
    for (Map.Entry<String, String> f : ticket.customFields().entrySet()) {
      b.append(f.getKey()).append(": ").append(f.getValue()).append('\n');
    }
    b.append("Submission: ").append(ticket.submissionId()).append('\n');
    String diagnostics = ticket.diagnosticsSummary();
    if (diagnostics != null && !diagnostics.isBlank()) b.append("\nDiagnostics\n").append(diagnostics.strip()).append('\n');
    return b.toString();
  }

  private static MimeBodyPart textPart(String text) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    part.setText(text, UTF_8, "plain");
    part.setHeader("Content-Transfer-Encoding", "quoted-printable");
    return part;
  }

  private static String normalizeLineBreaks(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }

  private static MimeBodyPart attachmentPart(Attachment a, Counter counter) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    String name = a.fileName();
    ContentType type = mediaType(a.mediaType());
    // The media type's parameters are set again as the name is (RFC 2231 outside ASCII, control characters as spaces).
    ParameterList given = type.getParameterList() == null ? new ParameterList() : type.getParameterList();
    ParameterList typeParams = new ParameterList();
    for (String p : Collections.list(given.getNames())) if (isAscii(p)) typeParams.set(p, oneLine(given.get(p)), UTF_8);
    typeParams.set("name", name, UTF_8);
    type.setParameterList(typeParams);
    part.setDataHandler(new DataHandler(new AttachmentSource(a, type.toString(), counter)));
    ContentDisposition disposition = new ContentDisposition("attachment");
    ParameterList dispositionParams = new ParameterList();
    dispositionParams.set("filename", name, UTF_8);
    disposition.setParameterList(dispositionParams);
    // Headers set explicitly: Jakarta Mail would otherwise read the file once more to guess the encoding, and
    // would encode the name in the JVM's default charset. Base64 keeps every byte, line endings included.
    part.setHeader("Content-Type", type.toString());
    part.setHeader("Content-Disposition", disposition.toString());
    part.setHeader("Content-Transfer-Encoding", "base64");
    return part;
  }

  private static ContentType mediaType(String mediaType) {
    try {
      return new ContentType(mediaType);
    } catch (ParseException e) {
      try {
        return new ContentType("application/octet-stream");
      } catch (ParseException impossible) {
        throw new AssertionError(impossible);
      }
    }
  }

  /**
   * True when the requester's address has characters outside ASCII before the {@code @}: only a mail sent with
   * SMTPUTF8 (RFC 6531) can carry it. A domain outside ASCII needs nothing: it is written in its ASCII form.
   */
  static boolean needsSmtpUtf8(@Nullable Requester r) {
    if (r == null || r.email() == null) return false;
    String email = r.email();
    int at = email.lastIndexOf('@');
    return !isAscii(at < 0 ? email : email.substring(0, at));
  }

  /**
   * The requester as one checked address for Reply-To, or null when the ticket has no e-mail. A domain outside
   * ASCII is written in its ASCII form (IDNA, {@code xn--…}); a local part outside ASCII is refused unless
   * {@code utf8} (the session writes headers in UTF-8, for a server that offers SMTPUTF8).
   */
  static @Nullable InternetAddress requesterAddress(@Nullable Requester r, boolean utf8) {
    if (r == null || r.email() == null) return null;
    String email = r.email();
    for (int i = 0; i < email.length(); i++) {
      char c = email.charAt(i);
      if (c <= ' ' || c == 0x7f || c == ',' || c == '<' || c == '>' || c == '"' || c == ';' || c == '(' || c == ')') {
        throw new InvalidFieldException("requester.email", "is not one plain e-mail address");
      }
    }
    if (needsSmtpUtf8(r) && !utf8) {
      throw new InvalidFieldException("requester.email", NEEDS_SMTPUTF8
          + "; the connector sends it only with EmailConnector.Builder.smtpUtf8(true), for a desk that reads such"
          + " addresses (others file the ticket under the sender and answer the app)");
    }
    int at = email.lastIndexOf('@');
    if (at >= 0 && !isAscii(email.substring(at + 1))) {
      try {
        email = email.substring(0, at + 1) + IDN.toASCII(email.substring(at + 1));
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("requester.email", "has a domain with no ASCII form (IDNA): " + e.getMessage());
      }
    }
    try {
      InternetAddress address = new InternetAddress(email, true);
      address.validate();
      return r.name() == null ? address : named(address.getAddress(), oneLine(r.name()));
    } catch (AddressException e) {
      throw new InvalidFieldException("requester.email", "is not a valid e-mail address");
    }
  }

  /**
   * The configured sender or desk address {@code a} with its domain in its ASCII form (IDNA), so the envelope,
   * the headers, the Message-ID and EHLO stay ASCII without SMTPUTF8.
   *
   * @throws IllegalArgumentException when the part before the {@code @} is not ASCII, or the domain has no ASCII form
   */
  static InternetAddress withAsciiDomain(String field, String written, InternetAddress a) {
    String mailbox = a.getAddress();
    int at = mailbox.lastIndexOf('@');
    if (at < 0 || isAscii(mailbox)) return a;
    if (!isAscii(mailbox.substring(0, at))) {
      throw new IllegalArgumentException(field + " '" + written + "' has characters outside ASCII before the @,"
          + " which SMTP carries only with SMTPUTF8; use an ASCII address");
    }
    try {
      a.setAddress(mailbox.substring(0, at + 1) + IDN.toASCII(mailbox.substring(at + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " '" + written + "' has a domain with no ASCII form (IDNA)");
    }
    return a;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) return false;
    }
    return true;
  }

  /**
   * {@code a} with its display name RFC 2047-encoded in UTF-8 when it is not ASCII. A parsed address keeps the
   * name as it was written, and Jakarta Mail would put it in the header as raw 8-bit bytes.
   */
  static InternetAddress withEncodedName(InternetAddress a) {
    return a.getPersonal() == null ? a : named(a.getAddress(), a.getPersonal());
  }

  /**
   * {@code address} with display name {@code personal}, encoded as the subject is ({@link #setSubject}): a name
   * with a run too long to fold is written as folded encoded-words, so the header keeps to 998 characters a line.
   */
  static InternetAddress named(String address, String personal) {
    if (!needsEncodedWords(personal)) {
      try {
        return new InternetAddress(address, personal, UTF_8);
      } catch (UnsupportedEncodingException impossible) {
        throw new AssertionError(impossible);
      }
    }
    return new FoldedNameAddress(address, personal, MimeUtility.fold(0, encodedWords(personal)).strip());
  }

  /**
   * An address whose display name is written as given, already encoded and folded, even where headers are in UTF-8
   * ({@link #ALLOW_UTF8}), which would otherwise carry the raw name on one line, encoded-word lookalikes included.
   */
  private static final class FoldedNameAddress extends InternetAddress {
    private static final long serialVersionUID = 1L;

    FoldedNameAddress(String address, String personal, String encodedPersonal) {
      this.address = address;
      this.personal = personal;
      this.encodedPersonal = encodedPersonal;
    }

    @Override
    public String toUnicodeString() {
      return toString();
    }
  }

  /** {@code s} on one line: line breaks, tabs and other control characters become single spaces. */
  static String oneLine(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085';
      if (control || c == ' ') {
        if (!space && b.length() > 0) b.append(' ');
        space = true;
      } else {
        b.append(c);
        space = false;
      }
    }
    return b.toString().strip();
  }

  /** A ticket field that cannot be put into a mail safely. */
  static final class InvalidFieldException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String field;

    InvalidFieldException(String field, String problem) {
      super(field + " " + problem);
      this.field = field;
    }
  }

  @FunctionalInterface
  private interface Counter {
    void add(long bytes);
  }

  /**
   * An attachment whose content was not the size it had when the message was built: the mail is not completed
   * (the connection is closed inside the message data, so the server discards it) rather than sent with a part
   * that disagrees with the file.
   */
  static final class AttachmentSizeException extends IOException {
    private static final long serialVersionUID = 1L;

    AttachmentSizeException(String message) {
      super(message);
    }
  }

  /**
   * An attachment read when the message is written, never loaded whole. Its size is taken once, when the message
   * is built; content that ends before it or runs past it fails the write with an {@link AttachmentSizeException},
   * as an upload over HTTP fails.
   */
  private static final class AttachmentSource implements DataSource {
    private final Attachment attachment;
    private final long size;
    private final String contentType;
    private final Counter counter;

    AttachmentSource(Attachment attachment, String contentType, Counter counter) {
      this.attachment = attachment;
      this.size = attachment.size();
      this.contentType = contentType;
      this.counter = counter;
    }

    @Override
    public InputStream getInputStream() throws IOException {
      return new FilterInputStream(attachment.openStream()) {
        private long read;

        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b < 0) ended();
          else counted(1);
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          int n = super.read(buf, off, len);
          if (n < 0) ended();
          else if (n > 0) counted(n);
          return n;
        }

        private void counted(long n) throws IOException {
          read += n;
          if (read > size) {
            throw new AttachmentSizeException("attachment '" + attachment.fileName() + "' grew beyond " + size
                + " bytes while it was being sent; the mail was not completed");
          }
          counter.add(n);
        }

        private void ended() throws IOException {
          if (read < size) {
            throw new AttachmentSizeException("attachment '" + attachment.fileName() + "' ended after " + read
                + " bytes; it was " + size + " bytes when the mail was built, and the mail was not completed");
          }
        }
      };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      throw new IOException("attachments are read-only");
    }

    @Override
    public String getContentType() {
      return contentType;
    }

    @Override
    public String getName() {
      return attachment.fileName();
    }
  }
}
