package dev.helpline;

import dev.helpline.TicketDraft.BeforeSubmit;
import dev.helpline.connector.CapabilityUnsupportedException;
import dev.helpline.articles.ArticleSearch;
import dev.helpline.connector.ArticleSource;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.DiagnosticsProvider;
import dev.helpline.diagnostics.RecentLogs;
import dev.helpline.diagnostics.Redactor;
import dev.helpline.diagnostics.Screenshot;
import dev.helpline.internal.submit.AttachmentSnapshot;
import dev.helpline.internal.submit.TicketPipeline;
import dev.helpline.notices.Notice;
import dev.helpline.notices.NoticeCenter;
import dev.helpline.notices.NoticeSource;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.status.Incident;
import dev.helpline.status.StatusMonitor;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.status.StatusSource;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Helpline client: collects diagnostics, queues tickets durably and delivers them in the background, and reads
 * the requester's tickets back. Immutable and thread-safe; build one per app (or per desk) and share it.
 *
 * <pre>{@code
 * Helpline helpline = Helpline.builder()
 *     .app(AppInfo.of("Acme Notes", "4.2.0", "4210"))
 *     .connector(SupportApiConnector.builder().baseUrl("https://support.example.com").appKey(appKey).build())
 *     .dataDirectory(Paths.get(System.getProperty("user.home"), ".acme-notes", "helpline"))
 *     .requester(Requester.ofEmail("ada@example.com"))
 *     .build();
 *
 * Submission submission = helpline.submit(TicketDraft.builder()
 *     .subject("Sync stops after an hour")
 *     .description("The spinner keeps turning; nothing is uploaded.")
 *     .includeLogs(true)
 *     .build());
 * }</pre>
 *
 * <p>Threading: {@link Builder#build()} does no disk or network I/O. {@code submit} returns after a
 * durable local write and never waits for the network. Read operations ({@link #tickets()},
 * {@link #messages}, …) block on the network and must not be called on a UI thread; each {@code Async}
 * twin runs on a Helpline thread and completes its future, normally or with the same exception, on the
 * callback executor. Listener callbacks run on the callback executor the host chose.
 *
 * <p>Errors: bad input throws {@link IllegalArgumentException} naming the field and the limit;
 * transport failures throw {@link IOException}; a desk refusal throws {@link DeskException}; an
 * operation the desk cannot do throws {@link CapabilityUnsupportedException}. Reads of tickets need a
 * {@linkplain Builder#requester requester} and throw {@link IllegalStateException} without one.
 */
public final class Helpline implements Closeable {
  /** The largest side of a screenshot, in pixels, unless configured otherwise. */
  public static final int DEFAULT_SCREENSHOT_MAX_DIMENSION = 1600;

  private final HelplineBuilder config;
  private final HelplineRuntime runtime;

  /** Built by {@link Builder#build()} from a copy of its settings; see {@link HelplineRuntime}. */
  Helpline(HelplineBuilder config) {
    this.config = config;
    this.runtime = new HelplineRuntime(config);
  }

  /** A new builder; {@link Builder#build()} names what is still missing. */
  public static Builder builder() {
    return new HelplineBuilder();
  }

  /** A builder with this client's configuration, sharing its connector, to derive a variant. */
  public Builder newBuilder() {
    return new HelplineBuilder(config);
  }

  /** The host app's name, version and build, as configured. */
  public AppInfo app() {
    return config.app;
  }

  /** What the configured desk can do; check before offering, for example, ratings. */
  public Set<Capability> capabilities() {
    return runtime.connector.capabilities();
  }

  /** The name of the configured desk's connector, for display. */
  public String deskName() {
    return runtime.connector.name();
  }

  /**
   * Returns exactly what {@link #submit(Preview)} would store and send for {@code draft}: validated,
   * redacted, passed through the host's hook, with diagnostics, logs and screenshot attached as the
   * draft asks. Stores nothing; runs the diagnostics providers (bounded by their budget).
   *
   * <p>Limits apply to the redacted text: a redaction marker can be longer than what it replaces, so
   * text at its limit can be refused after redaction. Each attachment file is read once here (streamed,
   * never loaded whole) to record its size and a SHA-256 checksum; only regular files are accepted, and
   * directories, devices, named pipes and {@code /proc} or {@code /sys} files are refused without being
   * opened, so this never waits on a special file.
   *
   * @throws IllegalArgumentException when the draft, its redacted form or the configured requester once redacted
   *     breaks a limit, or an attachment is not a readable regular file (the message names the attachment)
   * @throws SubmissionVetoedException when the host's hook vetoed it
   * @throws IllegalStateException when the client was {@linkplain #close() closed}, before the hook or any provider runs
   */
  public Preview preview(TicketDraft draft) {
    Objects.requireNonNull(draft, "draft == null");
    runtime.checkOpen("previews and submissions");
    TicketPipeline.Prepared p = runtime.pipeline.prepare(draft);
    return new Preview(p.draft, p.requester, p.diagnostics, p.attachments, p.sizes(), p.snapshots);
  }

  /**
   * Validates, redacts and queues a ticket, returning once it is durably on disk; delivery happens in
   * the background, exactly once, with retries. Equivalent to {@code submit(preview(draft))}.
   *
   * @throws IllegalArgumentException when the draft, or its redacted form, breaks a limit
   * @throws SubmissionVetoedException when the host's hook vetoed it
   * @throws OutboxFullException when the outbox holds {@link Limits#maxOutboxEntries()} entries or
   *     {@link Limits#maxOutboxBytes()} bytes; nothing is evicted
   * @throws IOException when the data directory cannot be written
   * @throws IllegalStateException when the client was {@linkplain #close() closed}
   */
  public Submission submit(TicketDraft draft) throws IOException {
    return submit(preview(draft));
  }

  /**
   * Queues exactly the previewed payload (what the user consented to). Blocks for the local write
   * only (files forced to disk), never for the network.
   *
   * <p>Attachment files are not re-read as they are now: each is checked against the size and checksum
   * recorded by {@link #preview}, and exactly that many bytes are stored, so a file that grows while it is
   * stored cannot send more than was shown.
   *
   * @throws IllegalStateException naming the attachment when a file changed since the preview (grew,
   *     shrank, was rewritten or replaced by a special file; preview again), or when the client was closed
   * @throws OutboxFullException when the outbox holds its maximum; nothing is evicted
   * @throws IOException when the data directory cannot be written
   */
  public Submission submit(Preview preview) throws IOException {
    Objects.requireNonNull(preview, "preview == null");
    runtime.checkOpen("previews and submissions");
    @SuppressWarnings("unchecked") // made by this client's pipeline in preview(), the only place that builds one
    List<AttachmentSnapshot> snapshots = (List<AttachmentSnapshot>) preview.snapshots;
    List<Attachment> attachments = TicketPipeline.verifiedAttachments(preview.attachments(), snapshots);
    return runtime.worker.enqueue(TicketPipeline.toRecord(preview.draft(), preview.requester(), attachments,
        preview.diagnosticsSummary(), UUID.randomUUID().toString(), config.clock.instant()));
  }

  /** Submissions still in the outbox, queued then failed (with their reasons), oldest first. Blocking I/O. */
  public List<Submission> submissions() throws IOException {
    return runtime.worker.submissions();
  }

  /**
   * Puts a failed submission back in the queue with its attempts reset; the returned snapshot has a new delivery
   * future, the old one stays failed. Blocking I/O. Throws {@link IllegalStateException} when it is queued already
   * and {@link IllegalArgumentException} when there is no failed submission with this id.
   */
  public Submission retry(String submissionId) throws IOException {
    Objects.requireNonNull(submissionId, "submissionId == null");
    return runtime.worker.retry(submissionId);
  }

  /**
   * Deletes a failed submission for good. Blocking I/O. Throws {@link IllegalStateException} when it is still
   * queued (it cannot be taken back) and {@link IllegalArgumentException} when there is no failed one with this id.
   */
  public void discard(String submissionId) throws IOException {
    Objects.requireNonNull(submissionId, "submissionId == null");
    runtime.worker.discard(submissionId);
  }

  /**
   * Attempts every queued submission now, ignoring backoff (not an open circuit), and returns without waiting.
   * The future completes on the delivery thread when that pass is over, delivered or not; exceptionally when the
   * outbox could not be read, or on the closing thread with {@link IllegalStateException} if closed before.
   */
  public CompletableFuture<Void> flush() {
    return runtime.worker.flush();
  }

  /** The network is back (a connectivity callback): every queued submission is attempted now, without waiting. */
  public void networkAvailable() {
    runtime.worker.networkAvailable();
  }

  /** Queue depth, oldest entry's age, bytes, last error and circuit state. Blocking I/O; never fails on a bad disk. */
  public OutboxHealth health() throws IOException {
    return runtime.worker.health();
  }

  /**
   * The latest service status (possibly stale: see {@link StatusSnapshot#stale()} and its age), or
   * null before the first fetch or cache load completed. Never blocks.
   *
   * @throws IllegalStateException when no status source was configured
   */
  public @Nullable StatusSnapshot status() {
    return statusMonitor().current();
  }

  /** The status monitor, to listen for changes, refresh or pause polling; throws like {@link #status()}. */
  public StatusMonitor statusMonitor() {
    if (runtime.statusMonitor == null) {
      throw new IllegalStateException("no status source configured: call Builder.statusSource(...)");
    }
    return runtime.statusMonitor;
  }

  /**
   * Active incidents that plausibly concern the draft (a component named in its category or a custom
   * field, or words shared with the incident), so an app can say "we're aware of this" before the
   * user files. Empty when no status source is configured or nothing matches.
   */
  public List<Incident> matchIncidents(TicketDraft draft) {
    Objects.requireNonNull(draft, "draft == null");
    return runtime.statusMonitor == null ? Collections.<Incident>emptyList() : runtime.statusMonitor.matchIncidents(draft);
  }

  /** Notices relevant now: targeted at this app, not ended, not dismissed. Never blocks. */
  public List<Notice> notices() {
    return noticeCenter().notices();
  }

  /**
   * The notice center, to listen for new notices (each once per install) and dismiss them. This and {@link
   * #notices()} throw {@link IllegalStateException} when neither a status nor a notice source was configured.
   */
  public NoticeCenter noticeCenter() {
    if (runtime.noticeCenter == null) {
      throw new IllegalStateException(
          "no notice source configured: call Builder.statusSource(...) or Builder.addNoticeSource(...)");
    }
    return runtime.noticeCenter;
  }

  /**
   * Self-service article search, to suggest answers while the user types a subject (see
   * {@link ArticleSearch#searchDebounced}).
   *
   * @throws IllegalStateException when neither the desk nor the builder provides an article source
   */
  public ArticleSearch articles() {
    if (runtime.articles == null) {
      throw new IllegalStateException(runtime.connector.name()
          + " has no article search; call Builder.articleSource(...) to search elsewhere");
    }
    return runtime.articles;
  }

  /** Whether the app is in the foreground: status polls and notice refreshes pause in the background, catch up after. */
  public void setForeground(boolean foreground) {
    if (runtime.statusMonitor != null) runtime.statusMonitor.setForeground(foreground);
    if (runtime.noticeCenter != null) runtime.noticeCenter.setForeground(foreground);
  }

  /**
   * A diagnostics snapshot taken now, redacted as it would be sent. Blocks while the providers run,
   * at most about their time budget. Throws {@link IllegalStateException} when the client was closed.
   */
  public Diagnostics diagnostics() {
    runtime.checkOpen("diagnostics snapshots");
    return runtime.pipeline.diagnostics();
  }

  /** One page of the requester's tickets, newest first; {@code cursor} is null for the first page. */
  public TicketPage tickets(@Nullable String cursor) throws IOException {
    runtime.require(Capability.LIST_TICKETS);
    return runtime.connector.listTickets(runtime.userAuth(), cursor);
  }

  /** The first page of the requester's tickets, newest first. */
  public List<Ticket> tickets() throws IOException {
    return tickets(null).tickets();
  }

  /** As {@link #tickets()}, on a Helpline thread; the future completes on the callback executor. */
  public CompletableFuture<List<Ticket>> ticketsAsync() {
    return runtime.async(this::tickets);
  }

  /** Reads one ticket of the requester. */
  public Ticket ticket(String ticketId) throws IOException {
    Objects.requireNonNull(ticketId, "ticketId == null");
    runtime.require(Capability.GET_TICKET);
    ConditionalTicket result = runtime.connector.getTicket(runtime.userAuth(), ticketId, null);
    Ticket ticket = result.ticket();
    if (ticket == null) throw new IOException("desk answered 'not modified' to an unconditional read of ticket " + ticketId);
    return ticket;
  }

  /**
   * Reads one ticket if it changed since {@code etag} (from an earlier result); cheap to poll on
   * desks with {@link Capability#CONDITIONAL_GET}, a full read elsewhere.
   */
  public ConditionalTicket ticketIfChanged(String ticketId, @Nullable String etag) throws IOException {
    Objects.requireNonNull(ticketId, "ticketId == null");
    runtime.require(Capability.GET_TICKET);
    String sent = runtime.connector.capabilities().contains(Capability.CONDITIONAL_GET) ? etag : null;
    return runtime.connector.getTicket(runtime.userAuth(), ticketId, sent);
  }

  /** As {@link #ticket}, on a Helpline thread; the future completes on the callback executor. */
  public CompletableFuture<Ticket> ticketAsync(String ticketId) {
    return runtime.async(() -> ticket(ticketId));
  }

  /** The public conversation of a ticket, oldest first. */
  public List<Message> messages(String ticketId) throws IOException {
    Objects.requireNonNull(ticketId, "ticketId == null");
    runtime.require(Capability.MESSAGES);
    return runtime.connector.messages(runtime.userAuth(), ticketId);
  }

  /** As {@link #messages}, on a Helpline thread; the future completes on the callback executor. */
  public CompletableFuture<List<Message>> messagesAsync(String ticketId) {
    return runtime.async(() -> messages(ticketId));
  }

  /**
   * Sends the requester's reply, redacted like a description and bounded by the description and attachment limits.
   *
   * @throws IllegalArgumentException when the body is blank, or it (as written or redacted) or an attachment breaks
   *     a limit: the message names the reply body or the attachment, its size and the limit
   */
  public Message reply(String ticketId, String body, List<Attachment> attachments) throws IOException {
    Objects.requireNonNull(ticketId, "ticketId == null");
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(attachments, "attachments == null");
    runtime.require(Capability.REPLY);
    if (!attachments.isEmpty()) runtime.require(Capability.ATTACHMENTS);
    String redactedBody = runtime.pipeline.prepareReply(body, attachments);
    return runtime.connector.reply(runtime.userAuth(), ticketId, redactedBody, attachments);
  }

  /** As {@link #reply(String, String, List)} with no attachments. */
  public Message reply(String ticketId, String body) throws IOException {
    return reply(ticketId, body, Collections.emptyList());
  }

  /** As {@link #reply(String, String, List)}, on a Helpline thread; the future completes on the callback executor. */
  public CompletableFuture<Message> replyAsync(String ticketId, String body, List<Attachment> attachments) {
    return runtime.async(() -> reply(ticketId, body, attachments));
  }

  /** Rates a solved ticket; the comment is redacted like a reply. */
  public void rate(String ticketId, Rating rating) throws IOException {
    Objects.requireNonNull(ticketId, "ticketId == null");
    Objects.requireNonNull(rating, "rating == null");
    runtime.require(Capability.RATE);
    runtime.connector.rate(runtime.userAuth(), ticketId, runtime.pipeline.prepareRating(rating));
  }

  /** As {@link #rate}, on a Helpline thread; the future completes on the callback executor. */
  public CompletableFuture<Void> rateAsync(String ticketId, Rating rating) {
    return runtime.async(() -> { rate(ticketId, rating); return null; });
  }

  /**
   * Stops background work and releases threads. Queued tickets stay on disk and are delivered by the
   * next client on the same data directory. Does not close the connector. Afterwards {@code preview},
   * {@code submit} and {@code diagnostics} throw {@link IllegalStateException}, and futures of {@link #flush()}
   * and of {@code Async} calls that have not started yet fail with it; an {@code Async} call in flight is
   * interrupted and completes as its connector call ends. Idempotent.
   */
  @Override
  public void close() {
    runtime.close();
  }

  /**
   * Configures a {@link Helpline}. Setters reject null and out-of-range values at once;
   * {@link #build()} says what is missing. Building does no I/O. Obtained from {@link Helpline#builder()}
   * or {@link Helpline#newBuilder()}; not meant to be implemented elsewhere. Not thread-safe.
   */
  public interface Builder {
    /** The host app's name, version and build. Required. */
    Builder app(AppInfo app);

    /** The desk to deliver to. Required. The client does not close it; its owner does. */
    Builder connector(Connector connector);

    /**
     * A directory private to the app for the outbox and caches (on Android, under
     * {@code Context.getFilesDir()}). Required. Created when first used, never by {@code build()}.
     */
    Builder dataDirectory(Path dataDirectory);

    /** Who tickets are filed for unless a draft names another, and whose tickets are read; checked as a draft's. */
    Builder requester(@Nullable Requester requester);

    /** The requester's token from the host's backend, needed by desks that check who reads tickets. */
    Builder userToken(@Nullable String token);

    /** Supplies the requester's current token; called before each ticket read, on the thread that reads. */
    Builder userToken(Supplier<@Nullable String> tokenSupplier);

    /** Where listener callbacks and async results run (for example the UI thread's executor). Default: a Helpline thread. */
    Builder callbackExecutor(Executor executor);

    /** How personal data is removed before anything is stored or sent. Default {@link Redactor#defaults()}. */
    Builder redactor(Redactor redactor);

    /** Bounds on drafts, attachments and the outbox. Default {@link Limits#defaults()}. */
    Builder limits(Limits limits);

    /** A hook that sees every redacted draft and may edit or veto it. */
    Builder beforeSubmit(@Nullable BeforeSubmit hook);

    /** Adds a diagnostics provider (device, screen and network providers come from platform code). */
    Builder addDiagnosticsProvider(DiagnosticsProvider provider);

    /**
     * Adds a value to the diagnostics' "custom" section, replacing one of the same key: keys of 1 to {@value
     * Diagnostics#MAX_KEY_LENGTH} characters, at most {@value Diagnostics#MAX_KEYS_PER_SECTION}; longer values
     * than {@value Diagnostics#MAX_STRING_LENGTH} characters are truncated.
     */
    Builder customContext(String key, String value);

    /** The ring buffer whose lines are attached when a draft asks for logs. */
    Builder recentLogs(@Nullable RecentLogs recentLogs);

    /** Takes screenshots when a draft asks for one; none by default. */
    Builder screenshotProvider(Screenshot.@Nullable Provider provider);

    /** The largest side of a screenshot in pixels: 64 to 8,192 (default 1,600). */
    Builder screenshotMaxDimension(int pixels);

    /** How long each diagnostics provider may take: 10 ms to 10 s (default 500 ms). */
    Builder diagnosticsProviderBudget(Duration budget);

    /** Adds a listener told of queued, delivered, retrying, failed and quarantined submissions, on the callback executor. */
    Builder addDeliveryListener(Submission.Listener listener);

    /** Where status comes from (see {@code StatusSource}): polled on its own thread, cached, maintenances become notices. */
    Builder statusSource(@Nullable StatusSource source);

    /** How often status is polled: at least 30 s (default 60 s). Notice sources are fetched on the same beat. */
    Builder statusPollInterval(Duration interval);

    /**
     * Adds a source of announcements (see {@code NoticeSource}), fetched at start and after every status poll, failed
     * or not (failures back off); without a status source, every {@link #statusPollInterval} in the foreground.
     */
    Builder addNoticeSource(NoticeSource source);

    /** Where {@link Helpline#articles()} searches; default: the desk's own article search, when it has one. */
    Builder articleSource(@Nullable ArticleSource source);

    /** Adds a listener for status changes, registered before the first poll so no change is missed. */
    Builder addStatusListener(StatusMonitor.Listener listener);

    /** Adds a listener for notices, registered before the first fetch; each notice reaches it once per install. */
    Builder addNoticeListener(NoticeCenter.Listener listener);

    /** The platform notices are targeted by, for example "android" (default "jvm"). */
    Builder platform(String platform);

    /** The user's locale, for notice targeting (default: the JVM's). */
    Builder locale(Locale locale);

    /**
     * Where submissions wait for delivery. Default (null): crash-safe files under
     * {@link #dataDirectory}. Another store, for example one shared by a fleet of service instances,
     * must keep the {@link OutboxStore} contract; the client does not close it, its owner does.
     */
    Builder outboxStore(@Nullable OutboxStore store);

    /** Backoff, periodic tick and circuit breaker settings; tests shorten them. */
    Builder deliveryPolicy(DeliveryPolicy deliveryPolicy);

    /** The clock for timestamps and retry schedules; tests inject one. */
    Builder clock(Clock clock);

    /** @throws IllegalStateException naming what is missing */
    Helpline build();
  }
}
