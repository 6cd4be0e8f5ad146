package dev.helpline.connector.email;

import dev.helpline.Attachment;
import dev.helpline.connector.CapabilityUnsupportedException;
import dev.helpline.DeskException;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Ticket;
import dev.helpline.TicketStatus;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import dev.helpline.internal.http.Secrets;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.jspecify.annotations.Nullable;

/**
 * Files tickets by e-mail: each ticket is one mail sent over SMTP to a helpdesk's inbound address, which every
 * desk that takes mail turns into a ticket (Zendesk, Freshdesk, Help Scout, Jira Service Management, Front,
 * Request Tracker, OTRS, osTicket, …). Create only: reading, replying and rating throw
 * {@link CapabilityUnsupportedException}, and {@link #capabilities()} says so.
 *
 * <pre>{@code
 * EmailConnector desk = EmailConnector.builder()
 *     .host("smtp.example.com")                       // port 587, STARTTLS required
 *     .password("app@example.com", smtpPassword)
 *     .from("Acme Notes <app@example.com>")
 *     .to("support@acme.zendesk.com")
 *     .to("billing", "billing@acme.zendesk.com")       // per category
 *     .build();
 * }</pre>
 *
 * <h2>Outcomes</h2>
 * A 2xx reply to the message data: delivered. The desk's ticket number is not known to Helpline; the returned
 * {@link Ticket} has the message's RFC 2392 URL as id and url ({@code mid:helpline.<submission>@<sender domain>},
 * see {@link #isSentByEmail}), status {@link TicketStatus#NEW}. A 4xx reply at any step (the greeting, EHLO,
 * STARTTLS, sign-in, sender, recipient, data): a retryable {@link DeskException}
 * (status 503, error code {@code smtp-451}, the server's reply as message). A 5xx reply: a permanent
 * {@link DeskException} with the server's reply (status 401 for authentication, 413 for a message too large,
 * 422 otherwise; error code {@code smtp-550}). No reply (unreachable, connection lost, timeouts): an
 * {@link IOException}, retried. STARTTLS required but not offered: a permanent {@link DeskException} (status 426,
 * error code {@code smtp-starttls-unavailable}) raised before any credential or message is sent.
 *
 * <h2>At least once</h2>
 * SMTP has no idempotency key. When the connection is lost after the message data was sent but before the server
 * answered, the server may have accepted it; the delivery worker then sends it again with the same
 * {@code Message-ID} (derived from the submission id) and {@code X-Helpline-Submission} header. Desks that drop
 * mail whose Message-ID they already hold make that exactly once; others may show a duplicate.
 *
 * <p>Threading: immutable and safe for concurrent use; each {@link #create} opens its own SMTP connection.
 * Building does no I/O. {@link #toString()} and every exception leave out the password or token.
 */
public final class EmailConnector implements Connector {
  /** The scheme of the {@link Ticket#id()} and {@link Ticket#url()} of a ticket sent by e-mail (RFC 2392). */
  public static final String SENT_BY_EMAIL_PREFIX = "mid:";
  private static final Set<Capability> CAPABILITIES =
      Collections.unmodifiableSet(EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS));

  private final String host;
  private final int port;
  private final SmtpSecurity security;
  private final @Nullable String user;
  private final @Nullable String secret;
  private final Secrets secrets;
  private final boolean oauth2;
  private final InternetAddress from;
  private final InternetAddress to;
  private final Map<String, InternetAddress> toByCategory;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration sendTimeout;
  private final String heloName;
  private final @Nullable SSLSocketFactory sslSocketFactory;
  private final boolean smtpUtf8;
  private final MailMessages messages;
  /** The sessions sending now, for {@link #cancelCalls()}. */
  private final Set<SocketDeadline> sending = ConcurrentHashMap.newKeySet();

  private EmailConnector(Builder b) {
    host = b.host;
    security = b.security;
    port = b.port > 0 ? b.port : security == SmtpSecurity.SMTPS ? 465 : 587;
    user = b.user;
    secret = b.secret;
    secrets = secretsOf(b.user, b.secret);
    oauth2 = b.oauth2;
    from = b.from;
    to = b.to;
    toByCategory = Collections.unmodifiableMap(new LinkedHashMap<>(b.toByCategory));
    connectTimeout = b.connectTimeout;
    readTimeout = b.readTimeout;
    sendTimeout = b.sendTimeout;
    String domain = domainOf(from);
    heloName = b.heloName != null ? b.heloName : domain;
    sslSocketFactory = b.sslSocketFactory;
    smtpUtf8 = b.smtpUtf8;
    messages = new MailMessages(from, domain);
  }

  /** A builder; the host and the from and to addresses are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** True when {@code ticket} was returned by this connector: sent by e-mail, the desk's own id unknown. */
  public static boolean isSentByEmail(Ticket ticket) {
    return ticket.id().startsWith(SENT_BY_EMAIL_PREFIX);
  }

  @Override
  public String name() {
    return "E-mail";
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  /** Zero: SMTP has no idempotency key and nothing to search, so a retry after a lost reply may duplicate. */
  @Override
  public Duration idempotencyKeyLifetime() {
    return Duration.ZERO;
  }

  /** The desk address for {@code category}: its own when configured (case-insensitive), else the default. */
  InternetAddress deskAddress(@Nullable String category) {
    if (category != null) {
      InternetAddress a = toByCategory.get(category.trim().toLowerCase(Locale.ROOT));
      if (a != null) return a;
    }
    return to;
  }

  /** The Message-ID every attempt of this submission carries. */
  public String messageId(String submissionId) {
    return messages.messageId(submissionId);
  }

  /**
   * Sends the ticket as one mail. Blocks for at most the whole-send timeout (plus the time to close the
   * connection). See the class documentation for what each outcome throws.
   */
  @Override
  public Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
    Objects.requireNonNull(ticket, "ticket == null");
    Objects.requireNonNull(progress, "progress == null");
    InternetAddress desk = deskAddress(ticket.category());
    String server = host + ":" + port;
    boolean utf8 = smtpUtf8 && MailMessages.needsSmtpUtf8(ticket.requester());
    try (SocketDeadline deadline = new SocketDeadline(sendTimeout.toMillis())) {
      sending.add(deadline);
      Session session = Session.getInstance(properties(deadline, utf8));
      MimeMessage message;
      try {
        message = messages.build(session, ticket, desk, progress);
      } catch (MailMessages.InvalidFieldException e) {
        throw new DeskException(422, "invalid-field", e.getMessage(), e.field, null);
      } catch (MessagingException e) {
        throw new DeskException(422, "invalid-message", "the ticket cannot be written as a mail: " + scrub(e.getMessage()),
            null, null);
      }
      Transport transport = null;
      try {
        transport = session.getTransport("smtp");
        transport.connect(host, port, user, secret);
        if (utf8 && !(transport instanceof SMTPTransport && ((SMTPTransport) transport).supportsExtension("SMTPUTF8"))) {
          throw new DeskException(422, "invalid-field", "requester.email " + MailMessages.NEEDS_SMTPUTF8
              + ", which mail server " + server + " does not offer; nothing was sent", "requester.email", null);
        }
        transport.sendMessage(message, new Address[] {desk});
      } catch (MessagingException e) {
        Exception outcome = SmtpReplies.accepted(e) ? null
            : SmtpReplies.classify(e, server, deadline.expired(), sendTimeout.toMillis(), this::scrub);
        if (outcome instanceof IOException) throw (IOException) outcome;
        if (outcome != null) throw (RuntimeException) outcome;
      } finally {
        sending.remove(deadline);
        if (transport != null) {
          try {
            transport.close();
          } catch (MessagingException ignored) {
            // the mail was accepted or the failure is already reported; QUIT going wrong changes neither
          }
        }
      }
    }
    String mid = messages.messageId(ticket.submissionId());
    String url = SENT_BY_EMAIL_PREFIX + mid.substring(1, mid.length() - 1);
    return new Ticket(url, ticket.subject(), TicketStatus.NEW, ticket.priority(), ticket.createdAt(), null, url);
  }

  /**
   * Ends the sends in flight by closing their connections; each fails with an {@link IOException}, its
   * outcome unknown (the mail may have been accepted; a re-send carries the same {@code Message-ID}).
   */
  @Override
  public void cancelCalls() {
    for (SocketDeadline d : sending) d.cancel();
  }

  private Properties properties(SocketDeadline deadline, boolean utf8) {
    Properties p = new Properties();
    p.put("mail.smtp.host", host);
    p.put("mail.smtp.port", Integer.toString(port));
    p.put("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
    p.put("mail.smtp.timeout", Long.toString(readTimeout.toMillis()));
    p.put("mail.smtp.from", from.getAddress());
    p.put("mail.smtp.localhost", heloName);
    p.put("mail.smtp.quitwait", "false");
    p.put("mail.debug.auth", "false"); // never trace the AUTH exchange, even when a host turns debugging on
    p.put("mail.smtp.ssl.checkserveridentity", "true");
    p.put("mail.smtp.socketFactory", deadline.plain());
    p.put("mail.smtp.ssl.socketFactory",
        deadline.tls(sslSocketFactory != null ? sslSocketFactory : (SSLSocketFactory) SSLSocketFactory.getDefault()));
    // Without this, Angus Mail answers a failure of these factories (a socket closed by the deadline or by
    // cancelCalls, a TLS handshake that failed) by connecting again with the JVM's default factories: a connection
    // neither the deadline nor cancelCalls can end, and without the configured TLS settings. One switch covers both.
    p.put("mail.smtp.socketFactory.fallback", "false");
    if (security == SmtpSecurity.SMTPS) {
      p.put("mail.smtp.ssl.enable", "true");
    } else {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", Boolean.toString(security == SmtpSecurity.STARTTLS_REQUIRED));
    }
    if (utf8) p.put(MailMessages.ALLOW_UTF8, "true"); // headers in UTF-8, MAIL FROM with SMTPUTF8
    p.put("mail.smtp.auth", Boolean.toString(user != null));
    if (user != null) p.put("mail.smtp.auth.mechanisms", oauth2 ? "XOAUTH2" : "PLAIN LOGIN");
    return p;
  }

  /**
   * The secret and the encodings SASL sends it in, for {@link Secrets}: a server may echo either, whole, cut short,
   * in another case or split by invisible characters.
   */
  private static Secrets secretsOf(@Nullable String user, @Nullable String secret) {
    if (secret == null) return Secrets.none();
    String u = user == null ? "" : user;
    String[] sent = {u + "\0" + u + "\0" + secret, "\0" + u + "\0" + secret, "user=" + u + "\1auth=Bearer " + secret + "\1\1", secret};
    String[] all = new String[sent.length + 1];
    for (int i = 0; i < sent.length; i++) all[i] = Base64.getEncoder().encodeToString(sent[i].getBytes(StandardCharsets.UTF_8));
    all[sent.length] = secret;
    return Secrets.of(all);
  }

  /** {@code text} (a server's reply, a library's message) with the secret and its SASL encodings masked. */
  String scrub(@Nullable String text) {
    String scrubbed = secrets.scrub(text);
    return scrubbed == null ? "" : scrubbed;
  }

  @Override
  public ConditionalTicket getTicket(UserAuth user, String ticketId, @Nullable String etag) {
    throw new CapabilityUnsupportedException(name(), Capability.GET_TICKET);
  }

  @Override
  public TicketPage listTickets(UserAuth user, @Nullable String cursor) {
    throw new CapabilityUnsupportedException(name(), Capability.LIST_TICKETS);
  }

  @Override
  public List<Message> messages(UserAuth user, String ticketId) {
    throw new CapabilityUnsupportedException(name(), Capability.MESSAGES);
  }

  @Override
  public Message reply(UserAuth user, String ticketId, String body, List<Attachment> attachments) {
    throw new CapabilityUnsupportedException(name(), Capability.REPLY);
  }

  @Override
  public void rate(UserAuth user, String ticketId, Rating rating) {
    throw new CapabilityUnsupportedException(name(), Capability.RATE);
  }

  /** Reads are unavailable: nothing is needed per call. */
  @Override
  public UserAuth.Requirement userAuthRequirement() {
    return UserAuth.Requirement.NOTHING;
  }

  @Override
  public String toString() {
    return "EmailConnector{" + security.name().toLowerCase(Locale.ROOT) + " " + host + ":" + port
        + (user != null ? ", user " + user + (oauth2 ? " (XOAUTH2)" : "") + ", secret ***" : "")
        + ", from " + from.getAddress() + ", to " + to.getAddress()
        + (toByCategory.isEmpty() ? "" : " and " + toByCategory.size() + " per category")
        + (smtpUtf8 ? ", SMTPUTF8" : "") + "}";
  }

  private static String domainOf(InternetAddress a) {
    String address = a.getAddress();
    return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Builds an {@link EmailConnector}. Required: {@link #host}, {@link #from} and {@link #to(String)}. Defaults:
   * {@link SmtpSecurity#STARTTLS_REQUIRED}, port 587 (465 for SMTPS), no authentication, connect timeout 10 s, read
   * timeout 30 s, whole-send timeout 2 min, the JVM's trusted certificates.
   */
  public static final class Builder {
    private @Nullable String host;
    private int port;
    private SmtpSecurity security = SmtpSecurity.STARTTLS_REQUIRED;
    private @Nullable String user;
    private @Nullable String secret;
    private boolean oauth2;
    private @Nullable InternetAddress from;
    private @Nullable InternetAddress to;
    private final Map<String, InternetAddress> toByCategory = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration sendTimeout = Duration.ofMinutes(2);
    private @Nullable String heloName;
    private @Nullable SSLSocketFactory sslSocketFactory;
    private boolean smtpUtf8;

    Builder() {}

    /** The mail server's host name or address. */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host == null");
      String h = host.trim();
      if (h.isEmpty() || !h.matches("[A-Za-z0-9._:\\[\\]-]{1,253}")) {
        throw new IllegalArgumentException("host '" + MailMessages.oneLine(host) + "' is not a host name or IP address");
      }
      this.host = h;
      return this;
    }

    /** The port, 1 to 65535; by default 587, or 465 with {@link SmtpSecurity#SMTPS}. */
    public Builder port(int port) {
      if (port < 1 || port > 65535) throw new IllegalArgumentException("port is " + port + "; it must be 1 to 65535");
      this.port = port;
      return this;
    }

    /** How the connection is protected; {@link SmtpSecurity#STARTTLS_REQUIRED} by default. */
    public Builder security(SmtpSecurity security) {
      this.security = Objects.requireNonNull(security, "security == null");
      return this;
    }

    /** Signs in with SASL PLAIN or LOGIN. The password is never logged nor put in an exception. */
    public Builder password(String user, String password) {
      return credentials(user, password, false);
    }

    /** Signs in with SASL XOAUTH2 (Google, Microsoft 365) and an OAuth 2 access token, which the host refreshes. */
    public Builder oauth2(String user, String accessToken) {
      return credentials(user, accessToken, true);
    }

    private Builder credentials(String user, String secret, boolean oauth2) {
      Objects.requireNonNull(user, "user == null");
      Objects.requireNonNull(secret, "secret == null");
      if (user.isBlank()) throw new IllegalArgumentException("user is blank; it must name the mail account");
      if (secret.isEmpty()) throw new IllegalArgumentException("the password or token is empty");
      this.user = user.trim();
      this.secret = secret;
      this.oauth2 = oauth2;
      return this;
    }

    /**
     * The sender, for example {@code "Acme Notes <app@example.com>"}; it must be allowed to send through the server.
     * Here and in {@link #to} a domain outside ASCII is used in its ASCII form (IDNA, {@code xn--…}), in the
     * envelope, the headers, the Message-ID and EHLO alike; a part before the {@code @} outside ASCII is refused.
     */
    public Builder from(String address) {
      this.from = address("from", address);
      return this;
    }

    /** The desk's inbound address, used for every ticket whose category has no address of its own. */
    public Builder to(String address) {
      this.to = address("to", address);
      return this;
    }

    /** The desk address for tickets of {@code category} (matched case-insensitively). */
    public Builder to(String category, String address) {
      Objects.requireNonNull(category, "category == null");
      if (category.isBlank()) throw new IllegalArgumentException("category is blank");
      toByCategory.put(category.trim().toLowerCase(Locale.ROOT), address("to." + category.trim(), address));
      return this;
    }

    /** How long opening the connection may take. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** How long one read of the server's reply may take. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    /** How long one whole send may take, from connecting to the server's last reply; then it is cut off and retried. */
    public Builder sendTimeout(Duration timeout) {
      this.sendTimeout = positive("sendTimeout", timeout);
      return this;
    }

    /** The name this client gives in EHLO; by default the sender's domain (no DNS lookup of the local host). */
    public Builder heloName(String name) {
      Objects.requireNonNull(name, "name == null");
      if (!name.matches("[A-Za-z0-9.\\[\\]:-]{1,253}")) {
        throw new IllegalArgumentException("heloName '" + MailMessages.oneLine(name) + "' is not a host name");
      }
      this.heloName = name;
      return this;
    }

    /** Makes TLS connections with {@code factory}, for a server whose certificate the JVM does not trust. */
    public Builder sslSocketFactory(SSLSocketFactory factory) {
      this.sslSocketFactory = Objects.requireNonNull(factory, "factory == null");
      return this;
    }

    /**
     * Sends a requester address with characters outside ASCII before the {@code @} (such as {@code jörg@example.com})
     * in Reply-To, over SMTPUTF8 (RFC 6531), when the server offers it; a server that does not fails such a
     * ticket with {@code invalid-field} on {@code requester.email}. Off by default, which fails every such ticket
     * that way: a desk that cannot read the address (Request Tracker 5 among them) would file the ticket under the
     * sender, and its answer would go to the app. Turn it on only for a desk known to read such addresses.
     */
    public Builder smtpUtf8(boolean enabled) {
      this.smtpUtf8 = enabled;
      return this;
    }

    /** @throws IllegalStateException naming what is missing */
    public EmailConnector build() {
      if (host == null) throw new IllegalStateException("host is required: the mail server, e.g. smtp.example.com");
      if (from == null) throw new IllegalStateException("from is required: the sender address the server lets you use");
      if (to == null) throw new IllegalStateException("to is required: the desk's inbound address, e.g. support@acme.zendesk.com");
      return new EmailConnector(this);
    }

    private static InternetAddress address(String field, String address) {
      Objects.requireNonNull(address, field + " == null");
      for (int i = 0; i < address.length(); i++) {
        if (Character.isISOControl(address.charAt(i))) {
          throw new IllegalArgumentException(field + " contains a control character; it must be one e-mail address");
        }
      }
      InternetAddress a;
      try {
        InternetAddress[] parsed = InternetAddress.parse(address, true);
        if (parsed.length != 1) throw new AddressException("not one address");
        parsed[0].validate();
        a = parsed[0];
      } catch (AddressException e) {
        throw new IllegalArgumentException(field + " '" + address + "' is not one e-mail address like support@example.com");
      }
      return MailMessages.withAsciiDomain(field, address, a);
    }

    private static Duration positive(String field, Duration d) {
      Objects.requireNonNull(d, field + " == null");
      if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(field + " is " + d + "; it must be between 1 ms and 24 days");
      }
      return d;
    }
  }
}
