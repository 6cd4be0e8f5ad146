package dev.helpline.articles;

import dev.helpline.Article;
import dev.helpline.connector.ArticleSource;
import dev.helpline.diagnostics.Redactor;
import dev.helpline.internal.event.Listeners;
import dev.helpline.internal.text.SafeCut;
import dev.helpline.internal.text.Spaces;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Suggests help articles, typically while the user types the subject of a ticket, so they may find
 * the answer before filing.
 *
 * <pre>{@code
 * ArticleSearch articles = ArticleSearch.builder(SupportApiConnector.articles("https://support.example.com"))
 *     .callbackExecutor(uiExecutor)
 *     .build();
 * subjectField.onTextChanged(text -> pending = articles.searchDebounced(text, Locale.getDefault(),
 *     suggestions::show, error -> suggestions.hide()));
 * }</pre>
 *
 * <p>Queries are trimmed of spaces of any kind (the no-break and the ideographic space too); one shorter
 * than {@value #MIN_QUERY_CHARS} characters finds nothing and sends no request. A query leaves the device
 * redacted like a ticket's subject ({@link Builder#redactor}): what a user types into a subject field is
 * searched before any consent screen, so an e-mail address or a card
 * number in it is searched as {@code [email]} or {@code [card]}. Only the first {@value #MAX_QUERY_CHARS}
 * characters of the redacted query are searched, cut before a word that crosses the limit.
 *
 * <p>Threading: thread-safe. {@link #search} blocks the calling thread. {@link #searchDebounced} returns
 * at once; the search runs on this object's scheduler thread after the debounce delay, and exactly one
 * of its callbacks runs, on the callback executor, unless it was superseded or cancelled first. Each
 * instance serves one type-ahead field: every call of {@link #searchDebounced} supersedes the one before
 * it, even when that one is already waiting for the source.
 */
public final class ArticleSearch implements AutoCloseable {
  /** Shorter queries find nothing and send no request. */
  public static final int MIN_QUERY_CHARS = 3;
  /** Longer queries are cut to this many characters. */
  public static final int MAX_QUERY_CHARS = 200;
  /** The default wait after the last keystroke: 300 ms. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(300);
  /** The default number of articles returned. */
  public static final int DEFAULT_LIMIT = 5;

  private final ArticleSource source;
  private final Redactor redactor;
  private final Duration debounce;
  private final int limit;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Executor callbackExecutor;
  private final AtomicReference<@Nullable Pending> current = new AtomicReference<>();

  private ArticleSearch(Builder b) {
    this.source = b.source;
    this.redactor = b.redactor;
    this.debounce = b.debounce;
    this.limit = b.limit;
    if (b.scheduler != null) {
      this.scheduler = b.scheduler;
      this.ownsScheduler = false;
    } else {
      ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "helpline-articles");
        t.setDaemon(true);
        return t;
      });
      s.setRemoveOnCancelPolicy(true);
      this.scheduler = s;
      this.ownsScheduler = true;
    }
    this.callbackExecutor = b.callbackExecutor;
  }

  /** A builder for a search over {@code source}; throws {@link NullPointerException} when it is null. */
  public static Builder builder(ArticleSource source) {
    return new Builder(source);
  }

  /**
   * Returns up to the configured limit of articles for {@code query}, best first. Blocks on the source's I/O;
   * a query too short to search returns an empty list without asking it.
   *
   * @param locale the user's locale, or null for the source's default
   * @throws IOException when the source cannot be reached or answers malformed JSON
   * @throws dev.helpline.DeskException when the source refuses
   */
  public List<Article> search(String query, @Nullable Locale locale) throws IOException {
    Objects.requireNonNull(query, "query == null");
    String q = normalize(query);
    if (q == null) return Collections.emptyList();
    return find(q, tag(locale));
  }

  /**
   * Searches {@code query} once the debounce delay passed without a newer call, then passes the
   * articles to {@code onResult} or the failure to {@code onError}, on the callback executor. A newer
   * call, {@link Cancellable#cancel()} or {@link #close()} before delivery means neither fires. A query
   * too short to search supersedes the older one and delivers an empty list at once.
   */
  public Cancellable searchDebounced(String query, @Nullable Locale locale, Consumer<List<Article>> onResult,
      Consumer<Throwable> onError) {
    Objects.requireNonNull(query, "query == null");
    Objects.requireNonNull(onResult, "onResult == null");
    Objects.requireNonNull(onError, "onError == null");
    String q = normalize(query);
    Pending p = new Pending(onResult, onError);
    Pending old = current.getAndSet(p);
    if (old != null) old.cancel();
    if (q == null) {
      deliver(p, Collections.emptyList(), null);
      return p;
    }
    String tag = tag(locale);
    try {
      p.setFuture(scheduler.schedule(() -> run(p, q, tag), debounce.toNanos(), TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      deliver(p, null, new IllegalStateException("article search is closed", e));
    }
    return p;
  }

  private void run(Pending p, String q, @Nullable String tag) {
    if (!p.live()) return;
    List<Article> result;
    try {
      result = find(q, tag);
    } catch (IOException | RuntimeException e) {
      deliver(p, null, e);
      return;
    }
    deliver(p, result, null);
  }

  private void deliver(Pending p, @Nullable List<Article> result, @Nullable Throwable error) {
    Runnable callback = () -> {
      if (!p.claim()) return;
      if (error != null) {
        p.onError.accept(error);
      } else {
        p.onResult.accept(result);
      }
    };
    // A rejecting executor is shut down: nobody is left to tell.
    if (!Listeners.run(callbackExecutor, "ArticleSearch", callback)) p.cancel();
  }

  /** Cancels the pending debounced search and stops this object's own scheduler thread. */
  @Override
  public void close() {
    Pending p = current.getAndSet(null);
    if (p != null) p.cancel();
    if (ownsScheduler) scheduler.shutdownNow();
  }

  /** The query trimmed of spaces of any kind (the ideographic one too), or null when it is too short to search. */
  private static @Nullable String normalize(String query) {
    String q = Spaces.trim(query);
    return q.codePointCount(0, q.length()) < MIN_QUERY_CHARS ? null : q;
  }

  /**
   * Asks the source for {@code q} redacted, then cut to {@value #MAX_QUERY_CHARS} characters (after redaction,
   * so that the cut cannot leave part of what a rule would have recognised). Runs on the thread that searches.
   */
  private List<Article> find(String q, @Nullable String tag) throws IOException {
    String sent = SafeCut.cut(redactor.redact(Redactor.Field.SUBJECT, q), MAX_QUERY_CHARS, "");
    if (sent.codePointCount(0, sent.length()) < MIN_QUERY_CHARS) return Collections.emptyList();
    return Collections.unmodifiableList(source.search(sent, tag, limit));
  }

  private static @Nullable String tag(@Nullable Locale locale) {
    if (locale == null || locale.getLanguage().isEmpty()) return null;
    return locale.toLanguageTag();
  }

  /** One debounced search; live until delivered, superseded or cancelled. */
  private final class Pending implements Cancellable {
    final Consumer<List<Article>> onResult;
    final Consumer<Throwable> onError;
    private boolean finished;
    private @Nullable Future<?> future;

    Pending(Consumer<List<Article>> onResult, Consumer<Throwable> onError) {
      this.onResult = onResult;
      this.onError = onError;
    }

    synchronized void setFuture(Future<?> f) {
      if (finished) {
        f.cancel(false);
      } else {
        future = f;
      }
    }

    synchronized boolean live() {
      return !finished && current.get() == this;
    }

    /** Takes the right to deliver: true once, and only while still the newest search. */
    synchronized boolean claim() {
      if (!live()) return false;
      finished = true;
      return true;
    }

    @Override
    public void cancel() {
      Future<?> f;
      synchronized (this) {
        finished = true;
        f = future;
        future = null;
      }
      current.compareAndSet(this, null);
      // Not interrupting: a search already talking to the source finishes, and its result is dropped.
      if (f != null) f.cancel(false);
    }
  }

  /** Builds an {@link ArticleSearch}. */
  public static final class Builder {
    private final ArticleSource source;
    private Redactor redactor = Redactor.defaults();
    private Duration debounce = DEFAULT_DEBOUNCE;
    private int limit = DEFAULT_LIMIT;
    private @Nullable ScheduledExecutorService scheduler;
    private Executor callbackExecutor = Runnable::run;

    Builder(ArticleSource source) {
      this.source = Objects.requireNonNull(source, "source == null");
    }

    /**
     * How queries are redacted before they reach the source, as a ticket's subject is ({@link
     * Redactor.Field#SUBJECT}); {@link Redactor#disabled()} sends them as typed. Default: {@link Redactor#defaults()}.
     * A client built with {@code Helpline.builder()} uses its own redactor.
     */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor == null");
      return this;
    }

    /** How long {@link #searchDebounced} waits for a newer query. Default: 300 ms. */
    public Builder debounce(Duration debounce) {
      Objects.requireNonNull(debounce, "debounce == null");
      if (debounce.isNegative()) throw new IllegalArgumentException("debounce is " + debounce + "; it must not be negative");
      this.debounce = debounce;
      return this;
    }

    /** How many articles to return, 1 to 50. Default: {@value #DEFAULT_LIMIT}. */
    public Builder limit(int limit) {
      if (limit < 1 || limit > 50) throw new IllegalArgumentException("limit is " + limit + "; it must lie between 1 and 50");
      this.limit = limit;
      return this;
    }

    /**
     * Where debounced searches wait and run. Default: one daemon thread owned by the search, stopped
     * by {@link ArticleSearch#close()}; a scheduler given here is left running.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
      return this;
    }

    /** Where callbacks run, for example the UI thread's executor. Default: the search thread. */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /** Returns the search. Starts no thread until the first debounced search. */
    public ArticleSearch build() {
      return new ArticleSearch(this);
    }
  }

  /** A pending asynchronous search. */
  @FunctionalInterface
  public interface Cancellable {
    /** Stops the search if it has not delivered yet: afterwards none of its callbacks fires. Idempotent. */
    void cancel();
  }
}
