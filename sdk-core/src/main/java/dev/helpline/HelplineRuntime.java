package dev.helpline;

import dev.helpline.articles.ArticleSearch;
import dev.helpline.connector.ArticleSource;
import dev.helpline.connector.Capability;
import dev.helpline.connector.CapabilityUnsupportedException;
import dev.helpline.connector.Connector;
import dev.helpline.connector.UserAuth;
import dev.helpline.diagnostics.DiagnosticsProvider;
import dev.helpline.internal.DaemonThreads;
import dev.helpline.internal.delivery.DeliveryWorker;
import dev.helpline.internal.diagnostics.DiagnosticsCollector;
import dev.helpline.internal.event.Listeners;
import dev.helpline.internal.outbox.FileOutbox;
import dev.helpline.internal.submit.DiagnosticsStep;
import dev.helpline.internal.submit.RedactionStep;
import dev.helpline.internal.submit.TicketPipeline;
import dev.helpline.notices.NoticeCenter;
import dev.helpline.notices.NoticeSource;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.status.StatusMonitor;
import dev.helpline.status.StatusSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The client's composition root: builds the parts a {@link Helpline} is made of from a builder's
 * settings (executors, the submit pipeline, the outbox store, the delivery worker, status, notices,
 * article search), starts what runs in the background, and closes it all. Does no disk or network
 * I/O on the building thread: the worker's first pass, status polling and notice loading run on
 * their own threads.
 */
final class HelplineRuntime {
  final HelplineBuilder config;
  final Connector connector;
  final Executor callbackExecutor;
  final TicketPipeline pipeline;
  final OutboxStore store;
  final DeliveryWorker worker;
  final @Nullable StatusMonitor statusMonitor;
  final @Nullable NoticeCenter noticeCenter;
  final @Nullable ArticleSearch articles;
  private final boolean ownsStore;
  private final ExecutorService ioExecutor;
  private final ExecutorService diagnosticsExecutor;
  private final @Nullable ExecutorService ownedCallbackExecutor;
  private volatile boolean closed;

  HelplineRuntime(HelplineBuilder b) {
    this.config = b;
    this.connector = Objects.requireNonNull(b.connector);
    Path dataDirectory = Objects.requireNonNull(b.dataDirectory);
    this.ioExecutor = DaemonThreads.pool("helpline-io", 4);
    this.diagnosticsExecutor = DaemonThreads.cached("helpline-diagnostics", 32);
    if (b.callbackExecutor != null) {
      this.callbackExecutor = b.callbackExecutor;
      this.ownedCallbackExecutor = null;
    } else {
      this.ownedCallbackExecutor = DaemonThreads.pool("helpline-callback", 1);
      this.callbackExecutor = ownedCallbackExecutor;
    }
    this.pipeline = pipeline(b, dataDirectory, diagnosticsExecutor);
    this.ownsStore = b.outboxStore == null;
    this.store = b.outboxStore != null ? b.outboxStore : new FileOutbox(dataDirectory, b.limits, b.clock);
    this.worker = new DeliveryWorker(store, connector, b.listeners, callbackExecutor, b.clock,
        b.deliveryPolicy);
    worker.start(); // delivers what earlier processes left, on the delivery thread

    ArticleSource articleSource = b.articleSource != null ? b.articleSource : connector.articleSource();
    this.articles = articleSource == null ? null
        : ArticleSearch.builder(articleSource).callbackExecutor(callbackExecutor).redactor(b.redactor).build();
    this.statusMonitor = b.statusSource == null ? null : statusMonitor(b, dataDirectory, callbackExecutor);
    this.noticeCenter = noticeCenter(b, dataDirectory, statusMonitor, callbackExecutor);
    startStatus();
  }

  private static TicketPipeline pipeline(HelplineBuilder b, Path dataDirectory, ExecutorService diagnosticsExecutor) {
    // The built-in providers read values in memory or ask the file system holding the data directory
    // (which submit writes to anyway): they never wait, so they run on the caller's thread rather than
    // paying a hand-off to the executor with every snapshot. The host's run there, within the budget.
    List<DiagnosticsProvider> builtIn = new ArrayList<>();
    builtIn.add(DiagnosticsProvider.app(Objects.requireNonNull(b.app)));
    builtIn.add(DiagnosticsProvider.os());
    builtIn.add(DiagnosticsProvider.runtime());
    builtIn.add(DiagnosticsProvider.locale());
    builtIn.add(DiagnosticsProvider.memory());
    builtIn.add(DiagnosticsProvider.disk(() -> dataDirectory));
    List<DiagnosticsProvider> providers = new ArrayList<>(builtIn);
    providers.addAll(b.providers);
    if (!b.customContext.isEmpty()) {
      DiagnosticsProvider custom = DiagnosticsProvider.custom(b.customContext);
      builtIn.add(custom);
      providers.add(custom);
    }
    DiagnosticsCollector collector = new DiagnosticsCollector(providers, new HashSet<>(builtIn), b.providerBudget,
        diagnosticsExecutor, b.clock);
    RedactionStep redaction = new RedactionStep(b.redactor);
    DiagnosticsStep diagnostics = new DiagnosticsStep(redaction, collector::collect, b.recentLogs,
        b.screenshotProvider, b.screenshotMaxDimension);
    return new TicketPipeline(b.limits, redaction, diagnostics, b.beforeSubmit, b.requester);
  }

  private static StatusMonitor statusMonitor(HelplineBuilder b, Path dataDirectory, Executor callbackExecutor) {
    StatusMonitor.Builder status = StatusMonitor.builder(Objects.requireNonNull(b.statusSource))
        .cacheDirectory(dataDirectory.resolve("status"))
        .interval(b.statusInterval)
        .clock(b.clock)
        .listenerExecutor(callbackExecutor);
    if (b.backgroundScheduler != null) status.scheduler(b.backgroundScheduler);
    return status.build();
  }

  private static @Nullable NoticeCenter noticeCenter(HelplineBuilder b, Path dataDirectory,
      @Nullable StatusMonitor statusMonitor, Executor callbackExecutor) {
    if (statusMonitor == null && b.noticeSources.isEmpty()) return null;
    NoticeCenter.Builder notices = NoticeCenter.builder()
        .appVersion(Objects.requireNonNull(b.app).version())
        .platform(b.platform)
        .locale(b.locale)
        .clock(b.clock)
        .storeDirectory(dataDirectory.resolve("notices"))
        .listenerExecutor(callbackExecutor);
    if (b.backgroundScheduler != null) notices.scheduler(b.backgroundScheduler);
    // With a monitor, its polls drive the refreshes (see startStatus); without one, the center keeps the beat.
    if (statusMonitor != null) notices.addSource(NoticeSource.fromStatus(statusMonitor));
    else notices.pollInterval(b.statusInterval);
    for (NoticeSource source : b.noticeSources) notices.addSource(source);
    NoticeCenter center = notices.build();
    for (NoticeCenter.Listener listener : b.noticeListeners) center.addListener(listener);
    return center;
  }

  /**
   * Status and notices poll on their own daemon threads; nothing here touches disk or network. Notices
   * are refreshed after every status poll, failed or not (maintenances come from the snapshot, the
   * other sources are fetched on the same beat); without a monitor the center refreshes itself every
   * status interval from this first refresh until close.
   */
  private void startStatus() {
    StatusMonitor monitor = statusMonitor;
    NoticeCenter center = noticeCenter;
    if (monitor != null) {
      for (StatusMonitor.Listener listener : config.statusListeners) monitor.addListener(listener);
      if (center != null) {
        monitor.addListener(new StatusMonitor.Listener() {
          @Override public void onSnapshot(StatusSnapshot snapshot) {
            center.refresh();
          }

          @Override public void onFetchFailed(IOException error, int consecutiveFailures) {
            center.refresh();
          }
        });
      }
      monitor.start();
    } else if (center != null) {
      center.refresh();
    }
  }

  /**
   * Refuses work that needs the client's threads once it is closed: a preview would run the host's hook and
   * screenshot provider, and lose the host's diagnostics sections to the stopped executor, before the
   * outbox refused the submission.
   */
  void checkOpen(String what) {
    if (closed) throw new IllegalStateException("this Helpline client is closed; " + what + " need an open client");
  }

  void require(Capability capability) {
    if (!connector.capabilities().contains(capability)) {
      throw new CapabilityUnsupportedException(connector.name(), capability);
    }
  }

  UserAuth userAuth() {
    Requester requester = config.requester;
    if (requester == null) {
      throw new IllegalStateException("no requester configured: call Builder.requester(...) to read tickets");
    }
    return UserAuth.of(requester, config.userToken.get());
  }

  interface IoCall<T> {
    T call() throws IOException;
  }

  /**
   * Runs {@code call} on the I/O executor; the future completes on the callback executor. A call still waiting
   * for a thread when the client is closed never runs: its future fails then, as one made after close does.
   */
  <T> CompletableFuture<T> async(IoCall<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      ioExecutor.execute(new AsyncCall(result, () -> {
        try {
          T value = call.call();
          settle(() -> result.complete(value));
        } catch (Throwable t) {
          settle(() -> result.completeExceptionally(t));
        }
      }));
    } catch (RejectedExecutionException closed) {
      result.completeExceptionally(closed());
    }
    return result;
  }

  private static IllegalStateException closed() {
    return new IllegalStateException("this Helpline client is closed");
  }

  /** An async call's task, which knows its future so that close can fail it when the task never ran. */
  private static final class AsyncCall implements Runnable {
    final CompletableFuture<?> result;
    private final Runnable task;

    AsyncCall(CompletableFuture<?> result, Runnable task) {
      this.result = result;
      this.task = task;
    }

    @Override
    public void run() {
      task.run();
    }
  }

  /** Completes a future on the host's executor, or here when it refuses (shut down): none stays incomplete. */
  private void settle(Runnable completion) {
    if (!Listeners.run(callbackExecutor, "async result", completion)) completion.run();
  }

  /** Stops background work; closes the outbox store only when the client created it. */
  void close() {
    closed = true;
    if (articles != null) articles.close();
    if (statusMonitor != null) statusMonitor.close();
    if (noticeCenter != null) noticeCenter.close();
    worker.close();
    if (ownsStore) {
      try {
        store.close();
      } catch (IOException e) {
        // Nothing is lost: entries on disk are complete or were never accepted.
        LoggerFactory.getLogger(Helpline.class).warn("Closing the outbox failed: {}", e.toString());
      }
    }
    // Calls in flight end as their connector calls do (interrupted); those still queued never run.
    List<Runnable> neverRun = ioExecutor.shutdownNow();
    for (Runnable task : neverRun) {
      if (task instanceof AsyncCall) settle(() -> ((AsyncCall) task).result.completeExceptionally(closed()));
    }
    diagnosticsExecutor.shutdownNow();
    if (ownedCallbackExecutor != null) DaemonThreads.shutdownAfterQueued(ownedCallbackExecutor);
  }
}
