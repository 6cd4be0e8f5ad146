package dev.helpline;

import dev.helpline.TicketDraft.BeforeSubmit;
import dev.helpline.connector.ArticleSource;
import dev.helpline.connector.Connector;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.DiagnosticsProvider;
import dev.helpline.diagnostics.RecentLogs;
import dev.helpline.diagnostics.Redactor;
import dev.helpline.diagnostics.Screenshot;
import dev.helpline.internal.submit.DraftValidator;
import dev.helpline.notices.NoticeCenter;
import dev.helpline.notices.NoticeSource;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.status.StatusMonitor;
import dev.helpline.status.StatusSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Helpline.Builder}: validates each setting as it is set and keeps it; {@link #build()}
 * hands a copy to the client, so a builder can be changed and built again. Not thread-safe.
 */
final class HelplineBuilder implements Helpline.Builder {
  @Nullable AppInfo app;
  @Nullable Connector connector;
  @Nullable Path dataDirectory;
  @Nullable Requester requester;
  Supplier<@Nullable String> userToken = () -> null;
  @Nullable Executor callbackExecutor;
  Redactor redactor = Redactor.defaults();
  Limits limits = Limits.defaults();
  @Nullable BeforeSubmit beforeSubmit;
  final List<DiagnosticsProvider> providers = new ArrayList<>();
  final Map<String, String> customContext = new LinkedHashMap<>();
  @Nullable RecentLogs recentLogs;
  Screenshot.@Nullable Provider screenshotProvider;
  int screenshotMaxDimension = Helpline.DEFAULT_SCREENSHOT_MAX_DIMENSION;
  Duration providerBudget = Duration.ofMillis(500);
  Clock clock = Clock.systemUTC();
  final List<Submission.Listener> listeners = new ArrayList<>();
  DeliveryPolicy deliveryPolicy = DeliveryPolicy.defaults();
  @Nullable StatusSource statusSource;
  Duration statusInterval = Duration.ofSeconds(60);
  final List<NoticeSource> noticeSources = new ArrayList<>();
  String platform = "jvm";
  Locale locale = Locale.getDefault();
  final List<StatusMonitor.Listener> statusListeners = new ArrayList<>();
  final List<NoticeCenter.Listener> noticeListeners = new ArrayList<>();
  @Nullable ArticleSource articleSource;
  @Nullable OutboxStore outboxStore;
  /** Runs status polls and notice work instead of their own threads; set by tests in this package only. */
  @Nullable ScheduledExecutorService backgroundScheduler;

  HelplineBuilder() {}

  HelplineBuilder(HelplineBuilder b) {
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
    outboxStore = b.outboxStore;
    backgroundScheduler = b.backgroundScheduler;
  }

  @Override
  public HelplineBuilder app(AppInfo app) {
    this.app = Objects.requireNonNull(app, "app == null");
    return this;
  }

  @Override
  public HelplineBuilder connector(Connector connector) {
    this.connector = Objects.requireNonNull(connector, "connector == null");
    return this;
  }

  @Override
  public HelplineBuilder dataDirectory(Path dataDirectory) {
    this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory == null");
    return this;
  }

  @Override
  public HelplineBuilder requester(@Nullable Requester requester) {
    if (requester != null) DraftValidator.checkRequester("requester", requester);
    this.requester = requester;
    return this;
  }

  @Override
  public HelplineBuilder userToken(@Nullable String token) {
    this.userToken = () -> token;
    return this;
  }

  @Override
  public HelplineBuilder userToken(Supplier<@Nullable String> tokenSupplier) {
    this.userToken = Objects.requireNonNull(tokenSupplier, "tokenSupplier == null");
    return this;
  }

  @Override
  public HelplineBuilder callbackExecutor(Executor executor) {
    this.callbackExecutor = Objects.requireNonNull(executor, "executor == null");
    return this;
  }

  @Override
  public HelplineBuilder redactor(Redactor redactor) {
    this.redactor = Objects.requireNonNull(redactor, "redactor == null");
    return this;
  }

  @Override
  public HelplineBuilder limits(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits == null");
    return this;
  }

  @Override
  public HelplineBuilder beforeSubmit(@Nullable BeforeSubmit hook) {
    this.beforeSubmit = hook;
    return this;
  }

  @Override
  public HelplineBuilder addDiagnosticsProvider(DiagnosticsProvider provider) {
    providers.add(Objects.requireNonNull(provider, "provider == null"));
    return this;
  }

  @Override
  public HelplineBuilder customContext(String key, String value) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(value, "value == null");
    // Checked here, as every setting is, rather than by build() or by each report that would leave the section out.
    if (key.isEmpty() || key.length() > Diagnostics.MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("customContext key '" + key + "' is " + key.length()
          + " characters; allowed 1 to " + Diagnostics.MAX_KEY_LENGTH);
    }
    if (!customContext.containsKey(key) && customContext.size() >= Diagnostics.MAX_KEYS_PER_SECTION) {
      throw new IllegalArgumentException("customContext has " + customContext.size() + " keys, the limit; cannot add '"
          + key + "'");
    }
    customContext.put(key, value);
    return this;
  }

  @Override
  public HelplineBuilder recentLogs(@Nullable RecentLogs recentLogs) {
    this.recentLogs = recentLogs;
    return this;
  }

  @Override
  public HelplineBuilder screenshotProvider(Screenshot.@Nullable Provider provider) {
    this.screenshotProvider = provider;
    return this;
  }

  @Override
  public HelplineBuilder screenshotMaxDimension(int pixels) {
    if (pixels < 64 || pixels > 8192) {
      throw new IllegalArgumentException("screenshotMaxDimension is " + pixels + "; it must lie between 64 and 8192");
    }
    this.screenshotMaxDimension = pixels;
    return this;
  }

  @Override
  public HelplineBuilder diagnosticsProviderBudget(Duration budget) {
    Objects.requireNonNull(budget, "budget == null");
    if (budget.toMillis() < 10 || budget.toMillis() > 10_000) {
      throw new IllegalArgumentException("diagnosticsProviderBudget is " + budget.toMillis()
          + " ms; it must lie between 10 and 10000 ms");
    }
    this.providerBudget = budget;
    return this;
  }

  @Override
  public HelplineBuilder addDeliveryListener(Submission.Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener == null"));
    return this;
  }

  @Override
  public HelplineBuilder statusSource(@Nullable StatusSource source) {
    this.statusSource = source;
    return this;
  }

  @Override
  public HelplineBuilder statusPollInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval == null");
    if (interval.getSeconds() < 30) {
      throw new IllegalArgumentException("statusPollInterval is " + interval.getSeconds() + " s; the floor is 30 s");
    }
    this.statusInterval = interval;
    return this;
  }

  @Override
  public HelplineBuilder addNoticeSource(NoticeSource source) {
    noticeSources.add(Objects.requireNonNull(source, "source == null"));
    return this;
  }

  @Override
  public HelplineBuilder articleSource(@Nullable ArticleSource source) {
    this.articleSource = source;
    return this;
  }

  @Override
  public HelplineBuilder addStatusListener(StatusMonitor.Listener listener) {
    statusListeners.add(Objects.requireNonNull(listener, "listener == null"));
    return this;
  }

  @Override
  public HelplineBuilder addNoticeListener(NoticeCenter.Listener listener) {
    noticeListeners.add(Objects.requireNonNull(listener, "listener == null"));
    return this;
  }

  @Override
  public HelplineBuilder platform(String platform) {
    Objects.requireNonNull(platform, "platform == null");
    if (platform.trim().isEmpty()) throw new IllegalArgumentException("platform is blank");
    this.platform = platform;
    return this;
  }

  @Override
  public HelplineBuilder locale(Locale locale) {
    this.locale = Objects.requireNonNull(locale, "locale == null");
    return this;
  }

  @Override
  public HelplineBuilder outboxStore(@Nullable OutboxStore store) {
    this.outboxStore = store;
    return this;
  }

  @Override
  public HelplineBuilder deliveryPolicy(DeliveryPolicy deliveryPolicy) {
    this.deliveryPolicy = Objects.requireNonNull(deliveryPolicy, "deliveryPolicy == null");
    return this;
  }

  /** The scheduler status polling and notice refreshes run on, not shut down by the client; for tests. */
  HelplineBuilder backgroundScheduler(ScheduledExecutorService scheduler) {
    this.backgroundScheduler = Objects.requireNonNull(scheduler, "scheduler == null");
    return this;
  }

  @Override
  public HelplineBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    return this;
  }

  @Override
  public Helpline build() {
    List<String> missing = new ArrayList<>();
    if (app == null) missing.add("app(AppInfo)");
    if (connector == null) missing.add("connector(Connector)");
    if (dataDirectory == null) missing.add("dataDirectory(Path)");
    if (!missing.isEmpty()) {
      throw new IllegalStateException("Helpline.Builder is missing " + String.join(", ", missing));
    }
    return new Helpline(new HelplineBuilder(this));
  }
}
