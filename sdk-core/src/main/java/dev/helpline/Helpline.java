package dev.helpline;

import dev.helpline.articles.ArticleSearch;
import dev.helpline.connector.ArticleSource;
import dev.helpline.connector.Capability;
import dev.helpline.connector.ConditionalTicket;
import dev.helpline.connector.Connector;
import dev.helpline.connector.TicketPage;
import dev.helpline.connector.UserAuth;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.DiagnosticsProvider;
import dev.helpline.diagnostics.RecentLogs;
import dev.helpline.diagnostics.Redactor;
import dev.helpline.diagnostics.ScreenshotProvider;
import dev.helpline.diagnostics.StandardProviders;
import dev.helpline.internal.DaemonThreads;
import dev.helpline.DeliveryPolicy;
import dev.helpline.internal.delivery.DeliveryWorker;
import dev.helpline.internal.outbox.FileOutbox;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.notices.Notice;
import dev.helpline.notices.NoticeCenter;
import dev.helpline.notices.NoticeListener;
import dev.helpline.notices.NoticeSource;
import dev.helpline.notices.NoticeSources;
import dev.helpline.status.Incident;
import dev.helpline.status.StatusListener;
import dev.helpline.status.StatusMonitor;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.status.StatusSource;
import dev.helpline.internal.diagnostics.DiagnosticsCollector;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Helpline client: collects diagnostics, queues tickets durably and delivers them in the
 * background, and reads the requester's tickets back. Immutable and thread-safe; build one per
 * app (or per desk) and share it.
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
 * {@link #messages}, …) block on the network and must not be called on a UI thread; each has an
 * {@code Async} twin whose future completes on the callback executor. Listener callbacks run on
 * the callback executor the host chose.
 *
 * <p>Errors: bad input throws {@link IllegalArgumentException} naming the field and the limit;
 * transport failures throw {@link IOException}; a desk refusal throws {@link DeskException}; an
 * operation the desk cannot do throws {@link CapabilityUnsupportedException}.
 */
public final class Helpline implements Closeable {
  /** The largest side of a screenshot, in pixels, unless configured otherwise. */
  public static final int DEFAULT_SCREENSHOT_MAX_DIMENSION = 1600;

  private final Builder config;
  private final Connector connector;
  private final ExecutorService ioExecutor;
  private final ExecutorService diagnosticsExecutor;
  private final Executor callbackExecutor;
  private final @Nullable ExecutorService ownedCallbackExecutor;
  private final TicketPipeline pipeline;
  private final OutboxStore outbox;
  private final DeliveryWorker worker;
  private final @Nullable StatusMonitor statusMonitor;
  private final @Nullable NoticeCenter noticeCenter;
  private final @Nullable ArticleSearch articles;

  private Helpline(Builder b) {
    this.config = new Builder(b);
    this.connector = b.connector;
    this.ioExecutor = DaemonThreads.pool("helpline-io", 4);
    this.diagnosticsExecutor = DaemonThreads.cached("helpline-diagnostics", 32);
    if (b.callbackExecutor != null) {
      this.callbackExecutor = b.callbackExecutor;
      this.ownedCallbackExecutor = null;
    } else {
      this.ownedCallbackExecutor = DaemonThreads.pool("helpline-callback", 1);
      this.callbackExecutor = ownedCallbackExecutor;
    }
    List<DiagnosticsProvider> providers = new ArrayList<>();
    providers.add(StandardProviders.app(b.app));
    providers.add(StandardProviders.os());
    providers.add(StandardProviders.runtime());
    providers.add(StandardProviders.locale());
    providers.add(StandardProviders.memory());
    Path dataDirectory = b.dataDirectory;
    providers.add(StandardProviders.disk(() -> dataDirectory));
    providers.addAll(b.providers);
    if (!b.customContext.isEmpty()) providers.add(StandardProviders.custom(b.customContext));
    DiagnosticsCollector collector = new DiagnosticsCollector(providers, b.providerBudget, diagnosticsExecutor, b.clock);
    this.pipeline = new TicketPipeline(b.limits, b.redactor, b.beforeSubmit, b.requester, collector::collect,
        b.recentLogs, b.screenshotProvider, b.screenshotMaxDimension);
    this.outbox = new FileOutbox(b.dataDirectory, b.limits, b.clock);
    this.worker = new DeliveryWorker(outbox, connector, new Listeners(b.listeners), callbackExecutor, b.clock,
        b.deliveryPolicy);
    worker.start(); // delivers what earlier processes left, on the delivery thread

    ArticleSource articleSource = b.articleSource != null ? b.articleSource : connector.articleSource();
    this.articles = articleSource == null ? null
        : ArticleSearch.builder(articleSource).callbackExecutor(callbackExecutor).build();

    // Status and notices poll on their own daemon threads; nothing here touches disk or network.
    this.statusMonitor = b.statusSource == null ? null : StatusMonitor.builder(b.statusSource)
        .cacheDirectory(b.dataDirectory.resolve("status"))
        .interval(b.statusInterval)
        .clock(b.clock)
        .listenerExecutor(callbackExecutor)
        .build();
    if (statusMonitor != null || !b.noticeSources.isEmpty()) {
      NoticeCenter.Builder notices = NoticeCenter.builder()
          .appVersion(b.app.version())
          .platform(b.platform)
          .locale(b.locale)
          .clock(b.clock)
          .storeDirectory(b.dataDirectory.resolve("notices"))
          .listenerExecutor(callbackExecutor);
      if (statusMonitor != null) notices.addSource(NoticeSources.fromStatus(statusMonitor));
      for (NoticeSource source : b.noticeSources) notices.addSource(source);
      this.noticeCenter = notices.build();
      for (NoticeListener listener : b.noticeListeners) noticeCenter.addListener(listener);
    } else {
      this.noticeCenter = null;
    }
    if (statusMonitor != null) {
      for (StatusListener listener : b.statusListeners) statusMonitor.addListener(listener);
      NoticeCenter center = noticeCenter;
      // Scheduled maintenances are notices too: re-evaluate them with every fresh snapshot.
      statusMonitor.addListener(new StatusListener() {
        @Override public void onSnapshot(StatusSnapshot snapshot) {
          center.refresh();
        }
      });
      statusMonitor.start();
    } else if (noticeCenter != null) {
      noticeCenter.refresh();
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this client's configuration, sharing its connector, to derive a variant. */
  public Builder newBuilder() {
    return new Builder(config);
  }

  public AppInfo app() {
    return config.app;
  }

  /** What the configured desk can do; check before offering, for example, ratings. */
  public Set<Capability> capabilities() {
    return connector.capabilities();
  }

  /** The name of the configured desk's connector, for display. */
  public String deskName() {
    return connector.name();
  }

  /**
   * Returns exactly what {@link #submit(Preview)} would store and send for {@code draft}: validated,
   * redacted, passed through the host's hook, with diagnostics, logs and screenshot attached as the
   * draft asks. Stores nothing; runs the diagnostics providers (bounded by their budget).
   *
   * @throws IllegalArgumentException when the draft breaks a limit
   * @throws SubmissionVetoedException when the host's hook vetoed it
   */
  public Preview preview(TicketDraft draft) {
    Objects.requireNonNull(draft, "draft == null");
    return pipeline.prepare(draft);
  }

  /**
   * Validates, redacts and queues a ticket, returning once it is durably on disk; delivery happens in
   * the background, exactly once, with retries. Equivalent to {@code submit(preview(draft))}.
   *
   * @throws IllegalArgumentException when the draft breaks a limit
   * @throws SubmissionVetoedException when the host's hook vetoed it
   * @throws OutboxFullException when the outbox holds its maximum; nothing is evicted
   * @throws IOException when the data directory cannot be written
   */
  public Submission submit(TicketDraft draft) throws IOException {
    return submit(preview(draft));
  }

  /**
   * Queues exactly the previewed payload (what the user consented to). Blocks for the local write
   * only (files forced to disk), never for the network.
   */
  public Submission submit(Preview preview) throws IOException {
    Objects.requireNonNull(preview, "preview == null");
    return worker.enqueue(TicketPipeline.toRecord(preview, UUID.randomUUID().toString(), config.clock.instant()));
  }

  /** Submissions still on this device: queued ones and permanently failed ones, with their reasons. */
  public List<Submission> submissions() throws IOException {
    return worker.submissions();
  }

  /** Puts a failed submission back in the queue; the returned snapshot has a new delivery future. */
  public Submission retry(String submissionId) throws IOException {
    Objects.requireNonNull(submissionId, "submissionId == null");
    return worker.retry(submissionId);
  }

  /**
   * Deletes a failed submission for good.
   *
   * @throws IllegalStateException when the submission is still queued (it cannot be taken back)
   * @throws IllegalArgumentException when no such submission exists
   */
  public void discard(String submissionId) throws IOException {
    Objects.requireNonNull(submissionId, "submissionId == null");
    worker.discard(submissionId);
  }

  /**
   * Attempts every queued submission now, ignoring backoff (not an open circuit). The future
   * completes when that pass is over, delivered or not.
   */
  public CompletableFuture<Void> flush() {
    return worker.flush();
  }

  /** Tells the client the network is back (a connectivity callback): queued submissions are attempted now. */
  public void networkAvailable() {
    worker.networkAvailable();
  }

  /** Queue depth, oldest entry's age, bytes on disk, last error and circuit state. Reads the disk. */
  public OutboxHealth health() throws IOException {
    return worker.health();
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

  /** The status monitor, to listen for changes, refresh or pause polling. */
  public StatusMonitor statusMonitor() {
    if (statusMonitor == null) {
      throw new IllegalStateException("no status source configured: call Builder.statusSource(...)");
    }
    return statusMonitor;
  }

  /**
   * Active incidents that plausibly concern the draft (a component named in its category or a custom
   * field, or words shared with the incident), so an app can say "we're aware of this" before the
   * user files. Empty when no status source is configured or nothing matches.
   */
  public List<Incident> matchIncidents(TicketDraft draft) {
    Objects.requireNonNull(draft, "draft == null");
    return statusMonitor == null ? Collections.<Incident>emptyList() : statusMonitor.matchIncidents(draft);
  }

  /** Notices relevant now: targeted at this app, not ended, not dismissed. Never blocks. */
  public List<Notice> notices() {
    return noticeCenter().notices();
  }

  /** The notice center, to listen for new notices (each delivered once per install) and dismiss them. */
  public NoticeCenter noticeCenter() {
    if (noticeCenter == null) {
      throw new IllegalStateException(
          "no notice source configured: call Builder.statusSource(...) or Builder.addNoticeSource(...)");
    }
    return noticeCenter;
  }

  /**
   * Self-service article search, to suggest answers while the user types a subject (see
   * {@link ArticleSearch#searchDebounced}).
   *
   * @throws IllegalStateException when neither the desk nor the builder provides an article source
   */
  public ArticleSearch articles() {
    if (articles == null) {
      throw new IllegalStateException(connector.name()
          + " has no article search; call Builder.articleSource(...) to search elsewhere");
    }
    return articles;
  }

  /** Tells the client whether the app is in the foreground; status polling pauses in the background. */
  public void setForeground(boolean foreground) {
    if (statusMonitor != null) statusMonitor.setForeground(foreground);
  }

  /**
   * A diagnostics snapshot taken now, redacted as it would be sent. Blocks while the providers run,
   * at most about their time budget.
   */
  public Diagnostics diagnostics() {
    return pipeline.diagnostics();
  }

  /** One page of the requester's tickets, newest first; {@code cursor} is null for the first page. */
  public TicketPage tickets(@Nullable String cursor) throws IOException {
    require(Capability.LIST_TICKETS);
    return connector.listTickets(userAuth(), cursor);
  }

  /** The first page of the requester's tickets, newest first. */
  public List<Ticket> tickets() throws IOException {
    return tickets(null).tickets();
  }

  public CompletableFuture<List<Ticket>> ticketsAsync() {
    return async(this::tickets);
  }

  /** Reads one ticket of the requester. */
  public Ticket ticket(String ticketId) throws IOException {
    Objects.requireNonNull(ticketId, "ticketId == null");
    require(Capability.GET_TICKET);
    ConditionalTicket result = connector.getTicket(userAuth(), ticketId, null);
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
    require(Capability.GET_TICKET);
    String sent = connector.capabilities().contains(Capability.CONDITIONAL_GET) ? etag : null;
    return connector.getTicket(userAuth(), ticketId, sent);
  }

  public CompletableFuture<Ticket> ticketAsync(String ticketId) {
    return async(() -> ticket(ticketId));
  }

  /** The public conversation of a ticket, oldest first. */
  public List<Message> messages(String ticketId) throws IOException {
    Objects.requireNonNull(ticketId, "ticketId == null");
    require(Capability.MESSAGES);
    return connector.messages(userAuth(), ticketId);
  }

  public CompletableFuture<List<Message>> messagesAsync(String ticketId) {
    return async(() -> messages(ticketId));
  }

  /**
   * Sends the requester's reply. The body is redacted like a description and bounded by the
   * description limit; attachments by the attachment limits.
   */
  public Message reply(String ticketId, String body, List<Attachment> attachments) throws IOException {
    Objects.requireNonNull(ticketId, "ticketId == null");
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(attachments, "attachments == null");
    require(Capability.REPLY);
    if (!attachments.isEmpty()) require(Capability.ATTACHMENTS);
    String redactedBody = pipeline.prepareReply(body, attachments);
    return connector.reply(userAuth(), ticketId, redactedBody, attachments);
  }

  public Message reply(String ticketId, String body) throws IOException {
    return reply(ticketId, body, Collections.emptyList());
  }

  public CompletableFuture<Message> replyAsync(String ticketId, String body, List<Attachment> attachments) {
    return async(() -> reply(ticketId, body, attachments));
  }

  /** Rates a solved ticket. */
  public void rate(String ticketId, Rating rating) throws IOException {
    Objects.requireNonNull(ticketId, "ticketId == null");
    Objects.requireNonNull(rating, "rating == null");
    require(Capability.RATE);
    connector.rate(userAuth(), ticketId, rating);
  }

  public CompletableFuture<Void> rateAsync(String ticketId, Rating rating) {
    return async(() -> {
      rate(ticketId, rating);
      return null;
    });
  }

  /**
   * Stops background work and releases threads. Queued tickets stay on disk and are delivered by the
   * next client on the same data directory. Does not close the connector.
   */
  @Override
  public void close() {
    if (articles != null) articles.close();
    if (statusMonitor != null) statusMonitor.close();
    if (noticeCenter != null) noticeCenter.close();
    worker.close();
    try {
      outbox.close();
    } catch (IOException e) {
      // Nothing is lost: entries on disk are complete or were never accepted.
      org.slf4j.LoggerFactory.getLogger(Helpline.class).warn("Closing the outbox failed: {}", e.toString());
    }
    ioExecutor.shutdownNow();
    diagnosticsExecutor.shutdownNow();
    if (ownedCallbackExecutor != null) ownedCallbackExecutor.shutdown();
  }

  private void require(Capability capability) {
    if (!connector.capabilities().contains(capability)) {
      throw new CapabilityUnsupportedException(connector.name(), capability);
    }
  }

  private UserAuth userAuth() {
    Requester requester = config.requester;
    if (requester == null) {
      throw new IllegalStateException("no requester configured: call Builder.requester(...) to read tickets");
    }
    return UserAuth.of(requester, config.userToken.get());
  }

  /** Fans delivery events out to the host's listeners; one that throws does not stop the others. */
  private static final class Listeners implements DeliveryListener {
    private final List<DeliveryListener> all;

    Listeners(List<DeliveryListener> listeners) {
      this.all = new ArrayList<>(listeners);
    }

    private void each(java.util.function.Consumer<DeliveryListener> event) {
      for (DeliveryListener l : all) {
        try {
          event.accept(l);
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(Helpline.class).warn("A DeliveryListener threw; listeners must not throw", e);
        }
      }
    }

    @Override public void onQueued(Submission s) {
      each(l -> l.onQueued(s));
    }

    @Override public void onUploadProgress(Submission s, long sent, long total) {
      each(l -> l.onUploadProgress(s, sent, total));
    }

    @Override public void onDelivered(Submission s, Ticket t) {
      each(l -> l.onDelivered(s, t));
    }

    @Override public void onRetrying(Submission s, java.time.Instant next, Throwable cause) {
      each(l -> l.onRetrying(s, next, cause));
    }

    @Override public void onFailed(Submission s, DeskException reason) {
      each(l -> l.onFailed(s, reason));
    }

    @Override public void onQuarantined(String entryName, String reason) {
      each(l -> l.onQuarantined(entryName, reason));
    }
  }

  private interface IoCall<T> {
    T call() throws IOException;
  }

  private <T> CompletableFuture<T> async(IoCall<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    ioExecutor.execute(() -> {
      try {
        T value = call.call();
        callbackExecutor.execute(() -> result.complete(value));
      } catch (Throwable t) {
        callbackExecutor.execute(() -> result.completeExceptionally(t));
      }
    });
    return result;
  }

  /**
   * Configures a {@link Helpline}. Setters reject null and out-of-range values at once;
   * {@link #build()} says what is missing. Building does no I/O.
   */
  public static final class Builder {
    private @Nullable AppInfo app;
    private @Nullable Connector connector;
    private @Nullable Path dataDirectory;
    private @Nullable Requester requester;
    private Supplier<@Nullable String> userToken = () -> null;
    private @Nullable Executor callbackExecutor;
    private Redactor redactor = Redactor.defaults();
    private Limits limits = Limits.defaults();
    private @Nullable BeforeSubmit beforeSubmit;
    private final List<DiagnosticsProvider> providers = new ArrayList<>();
    private final Map<String, String> customContext = new LinkedHashMap<>();
    private @Nullable RecentLogs recentLogs;
    private @Nullable ScreenshotProvider screenshotProvider;
    private int screenshotMaxDimension = DEFAULT_SCREENSHOT_MAX_DIMENSION;
    private Duration providerBudget = Duration.ofMillis(500);
    private Clock clock = Clock.systemUTC();
    private final List<DeliveryListener> listeners = new ArrayList<>();
    private DeliveryPolicy deliveryPolicy = DeliveryPolicy.defaults();
    private @Nullable StatusSource statusSource;
    private Duration statusInterval = Duration.ofSeconds(60);
    private final List<NoticeSource> noticeSources = new ArrayList<>();
    private String platform = "jvm";
    private Locale locale = Locale.getDefault();
    private final List<StatusListener> statusListeners = new ArrayList<>();
    private final List<NoticeListener> noticeListeners = new ArrayList<>();
    private @Nullable ArticleSource articleSource;

    Builder() {}

    Builder(Builder b) {
      app = b.app;
      connector = b.connector;
      dataDirectory = b.dataDirectory;
      requester = b.requester;
      userToken = b.userToken;
      callbackExecutor = b.callbackExecutor;
      redactor = b.redactor;
      limits = b.limits;
      beforeSubmit = b.beforeSubmit;
      providers.addAll(b.providers);
      customContext.putAll(b.customContext);
      recentLogs = b.recentLogs;
      screenshotProvider = b.screenshotProvider;
      screenshotMaxDimension = b.screenshotMaxDimension;
      providerBudget = b.providerBudget;
      clock = b.clock;
      listeners.addAll(b.listeners);
      deliveryPolicy = b.deliveryPolicy;
      statusSource = b.statusSource;
      statusInterval = b.statusInterval;
      noticeSources.addAll(b.noticeSources);
      platform = b.platform;
      locale = b.locale;
      statusListeners.addAll(b.statusListeners);
      noticeListeners.addAll(b.noticeListeners);
      articleSource = b.articleSource;
    }

    /** The host app's name, version and build. Required. */
    public Builder app(AppInfo app) {
      this.app = Objects.requireNonNull(app, "app == null");
      return this;
    }

    /** The desk to deliver to. Required. The client does not close it; its owner does. */
    public Builder connector(Connector connector) {
      this.connector = Objects.requireNonNull(connector, "connector == null");
      return this;
    }

    /**
     * A directory private to the app for the outbox and caches (on Android, under
     * {@code Context.getFilesDir()}). Required. Created on first use, on a background thread.
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory == null");
      return this;
    }

    /** Who tickets are filed for unless a draft names someone else, and whose tickets are read. */
    public Builder requester(@Nullable Requester requester) {
      if (requester != null) dev.helpline.internal.DraftValidator.checkRequester("requester", requester);
      this.requester = requester;
      return this;
    }

    /** The requester's token from the host's backend, needed by desks that check who reads tickets. */
    public Builder userToken(@Nullable String token) {
      this.userToken = () -> token;
      return this;
    }

    /** Supplies the requester's current token; called on a background thread before each read. */
    public Builder userToken(Supplier<@Nullable String> tokenSupplier) {
      this.userToken = Objects.requireNonNull(tokenSupplier, "tokenSupplier == null");
      return this;
    }

    /** Where listener callbacks and async results run (for example the UI thread's executor). Default: a Helpline thread. */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /** How personal data is removed before anything is stored or sent. Default {@link Redactor#defaults()}. */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor == null");
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits == null");
      return this;
    }

    /** A hook that sees every redacted draft and may edit or veto it. */
    public Builder beforeSubmit(@Nullable BeforeSubmit hook) {
      this.beforeSubmit = hook;
      return this;
    }

    /** Adds a diagnostics provider (device, screen and network providers come from platform code). */
    public Builder addDiagnosticsProvider(DiagnosticsProvider provider) {
      providers.add(Objects.requireNonNull(provider, "provider == null"));
      return this;
    }

    /** Adds a host-supplied value to the diagnostics' "custom" section. */
    public Builder customContext(String key, String value) {
      Objects.requireNonNull(key, "key == null");
      Objects.requireNonNull(value, "value == null");
      customContext.put(key, value);
      return this;
    }

    /** The ring buffer whose lines are attached when a draft asks for logs. */
    public Builder recentLogs(@Nullable RecentLogs recentLogs) {
      this.recentLogs = recentLogs;
      return this;
    }

    /** Takes screenshots when a draft asks for one; none by default. */
    public Builder screenshotProvider(@Nullable ScreenshotProvider provider) {
      this.screenshotProvider = provider;
      return this;
    }

    /** The largest side of a screenshot in pixels: 64 to 8,192 (default 1,600). */
    public Builder screenshotMaxDimension(int pixels) {
      if (pixels < 64 || pixels > 8192) {
        throw new IllegalArgumentException("screenshotMaxDimension is " + pixels + "; it must lie between 64 and 8192");
      }
      this.screenshotMaxDimension = pixels;
      return this;
    }

    /** How long each diagnostics provider may take: 10 ms to 10 s (default 500 ms). */
    public Builder diagnosticsProviderBudget(Duration budget) {
      Objects.requireNonNull(budget, "budget == null");
      if (budget.toMillis() < 10 || budget.toMillis() > 10_000) {
        throw new IllegalArgumentException("diagnosticsProviderBudget is " + budget.toMillis()
            + " ms; it must lie between 10 and 10000 ms");
      }
      this.providerBudget = budget;
      return this;
    }

    /** Adds a listener told of queued, delivered, retrying, failed and quarantined submissions, on the callback executor. */
    public Builder addDeliveryListener(DeliveryListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener == null"));
      return this;
    }

    /**
     * Where service status comes from (a Statuspage page or the desk's status resource, see
     * {@code StatusSources}). When set, the client polls it in the background, caches the last good
     * snapshot for offline use, and turns scheduled maintenances into notices.
     */
    public Builder statusSource(@Nullable StatusSource source) {
      this.statusSource = source;
      return this;
    }

    /** How often status is polled: at least 30 s (default 60 s). */
    public Builder statusPollInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      if (interval.getSeconds() < 30) {
        throw new IllegalArgumentException("statusPollInterval is " + interval.getSeconds() + " s; the floor is 30 s");
      }
      this.statusInterval = interval;
      return this;
    }

    /** Adds a source of announcements (the desk's notices resource or a static JSON feed, see {@code NoticeSources}). */
    public Builder addNoticeSource(NoticeSource source) {
      noticeSources.add(Objects.requireNonNull(source, "source == null"));
      return this;
    }

    /** Where {@link Helpline#articles()} searches; default: the desk's own article search, when it has one. */
    public Builder articleSource(@Nullable ArticleSource source) {
      this.articleSource = source;
      return this;
    }

    /** Adds a listener for status changes, registered before the first poll so no change is missed. */
    public Builder addStatusListener(StatusListener listener) {
      statusListeners.add(Objects.requireNonNull(listener, "listener == null"));
      return this;
    }

    /**
     * Adds a listener for notices, registered before the first fetch: each notice reaches it once per
     * install, across restarts.
     */
    public Builder addNoticeListener(NoticeListener listener) {
      noticeListeners.add(Objects.requireNonNull(listener, "listener == null"));
      return this;
    }

    /** The platform notices are targeted by, for example "android" (default "jvm"). */
    public Builder platform(String platform) {
      Objects.requireNonNull(platform, "platform == null");
      if (platform.trim().isEmpty()) throw new IllegalArgumentException("platform is blank");
      this.platform = platform;
      return this;
    }

    /** The user's locale, for notice targeting (default: the JVM's). */
    public Builder locale(Locale locale) {
      this.locale = Objects.requireNonNull(locale, "locale == null");
      return this;
    }

    /** Backoff, periodic tick and circuit breaker settings; tests shorten them. */
    public Builder deliveryPolicy(DeliveryPolicy deliveryPolicy) {
      this.deliveryPolicy = Objects.requireNonNull(deliveryPolicy, "deliveryPolicy == null");
      return this;
    }

    /** The clock for timestamps and retry schedules; tests inject one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** @throws IllegalStateException naming what is missing */
    public Helpline build() {
      List<String> missing = new ArrayList<>();
      if (app == null) missing.add("app(AppInfo)");
      if (connector == null) missing.add("connector(Connector)");
      if (dataDirectory == null) missing.add("dataDirectory(Path)");
      if (!missing.isEmpty()) {
        throw new IllegalStateException("Helpline.Builder is missing " + String.join(", ", missing));
      }
      return new Helpline(this);
    }
  }
}
