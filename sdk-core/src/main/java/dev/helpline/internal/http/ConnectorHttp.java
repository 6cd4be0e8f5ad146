package dev.helpline.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP options every connector builder shares, validated in one place: a shared {@link
 * OkHttpClient}, time-outs, the User-Agent, the response cap and the clock {@code Retry-After} dates
 * are measured against. A builder keeps one instance and delegates its setters to it; {@link
 * #lazyClient} then gives the connector its client, with the settings of that call, built on the first
 * request. Not thread-safe (builders are not).
 *
 * <h2>Whole-call deadline</h2>
 * Every connector's call has a deadline from connecting to the end of the answer's body, so that a
 * desk that trickles its answer (bytes keep coming, so no read time-out fires) cannot hold a call,
 * and the delivery thread, indefinitely: the {@link #callTimeout} set here, else the shared client's
 * call time-out, else {@link #DEFAULT_CALL_TIMEOUT}. A call that uploads gets an allowance on top for
 * its body at {@value #MIN_UPLOAD_BYTES_PER_SECOND} bytes per second, at most {@link
 * #MAX_UPLOAD_ALLOWANCE} ({@link #deadlineMillis}; {@link LazyClient#newCall} applies it). A call time-out
 * of zero means no whole-call deadline.
 */
public final class ConnectorHttp {
  /** The whole-call deadline of a call without upload, unless configured. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
  /** The upload allowance is the body's time at this slow but working rate, in bytes per second. */
  public static final long MIN_UPLOAD_BYTES_PER_SECOND = 16 * 1024;
  /** The longest upload allowance, whatever the body's size. */
  public static final Duration MAX_UPLOAD_ALLOWANCE = Duration.ofHours(6);
  /** A hosted desk's account name, the first label of its host ("acme" of acme.zendesk.com). */
  private static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");

  private @Nullable Supplier<? extends OkHttpClient> shared;
  private @Nullable Duration callTimeout;
  private @Nullable Duration connectTimeout;
  private @Nullable Duration readTimeout;
  private @Nullable Duration writeTimeout;
  private String userAgent = UserAgentInterceptor.DEFAULT;
  private long maxResponseBytes;
  private Clock clock = Clock.systemUTC();

  /** @param defaultMaxResponseBytes the cap on a 2xx body unless {@link #maxResponseBytes} changes it */
  public ConnectorHttp(long defaultMaxResponseBytes) {
    this.maxResponseBytes = positive("maxResponseBytes", defaultMaxResponseBytes);
  }

  /** A client to share connection pool and dispatcher with; its time-outs are kept unless set here. */
  public void okHttpClient(OkHttpClient client) {
    Objects.requireNonNull(client, "okHttpClient == null");
    this.shared = () -> client;
  }

  /** As {@link #okHttpClient(OkHttpClient)}, the client got from {@code client} on the first request. */
  public void okHttpClient(Supplier<? extends OkHttpClient> client) {
    this.shared = Objects.requireNonNull(client, "okHttpClient == null");
  }

  /** The whole-call deadline of a call without upload; zero for none. See the class comment. */
  public void callTimeout(Duration timeout) {
    callTimeout = checkTimeout("callTimeout", timeout);
  }

  public void connectTimeout(Duration timeout) {
    connectTimeout = checkTimeout("connectTimeout", timeout);
  }

  public void readTimeout(Duration timeout) {
    readTimeout = checkTimeout("readTimeout", timeout);
  }

  public void writeTimeout(Duration timeout) {
    writeTimeout = checkTimeout("writeTimeout", timeout);
  }

  /** @throws IllegalArgumentException when empty or not printable ASCII (the value is not repeated) */
  public void userAgent(String userAgent) {
    Objects.requireNonNull(userAgent, "userAgent == null");
    this.userAgent = UserAgentInterceptor.checkHeaderValue("userAgent", userAgent);
  }

  public void maxResponseBytes(long maxResponseBytes) {
    this.maxResponseBytes = positive("maxResponseBytes", maxResponseBytes);
  }

  public void clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  public String userAgent() {
    return userAgent;
  }

  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  public Clock clock() {
    return clock;
  }

  /** True when no client was given, so the connector owns (and closes) the one it builds. */
  public boolean ownsClient() {
    return shared == null;
  }

  /**
   * The connector's client, built on its first request (a background thread: building one loads the TLS
   * trust store from disk): derived from the shared client, got from its supplier then, or a new one with the
   * given default time-outs; then the time-outs set here, the whole-call deadline (see the class comment),
   * {@link ScrubbedFailures} and {@code connectorPart} (the connector's interceptors and redirect policy). Later
   * changes to this instance do not reach it. A supplier that throws or returns null fails that request; the next
   * one asks again.
   *
   * <p>Every connector's transport errors go through {@link ScrubbedFailures}, placed before the connector's own
   * interceptors: a server that echoes the credentials it was sent where OkHttp quotes it (a status line it cannot
   * parse) does not get them into the error.
   *
   * @param secrets hidden in transport errors besides each request's {@code Authorization} credentials (a key sent
   *     in another header, or one the server knows)
   */
  public LazyClient lazyClient(Duration defaultConnect, Duration defaultRead, Duration defaultWrite,
      Consumer<OkHttpClient.Builder> connectorPart, String... secrets) {
    @Nullable Supplier<? extends OkHttpClient> shared = this.shared;
    @Nullable Duration callTimeout = this.callTimeout;
    // A shared client keeps its own socket time-outs unless set here.
    @Nullable Duration connect = connectTimeout != null ? connectTimeout : shared == null ? defaultConnect : null;
    @Nullable Duration read = readTimeout != null ? readTimeout : shared == null ? defaultRead : null;
    @Nullable Duration write = writeTimeout != null ? writeTimeout : shared == null ? defaultWrite : null;
    Objects.requireNonNull(connectorPart, "connectorPart == null");
    ScrubbedFailures scrubbed = new ScrubbedFailures(secrets.clone());
    return new LazyClient(() -> {
      @Nullable OkHttpClient base = shared == null ? null : Objects.requireNonNull(shared.get(), "the okHttpClient supplier returned null");
      OkHttpClient.Builder b = base != null ? base.newBuilder() : new OkHttpClient.Builder();
      if (connect != null) b.connectTimeout(connect.toMillis(), TimeUnit.MILLISECONDS);
      if (read != null) b.readTimeout(read.toMillis(), TimeUnit.MILLISECONDS);
      if (write != null) b.writeTimeout(write.toMillis(), TimeUnit.MILLISECONDS);
      b.callTimeout(callDeadlineMillis(callTimeout, base), TimeUnit.MILLISECONDS);
      b.addInterceptor(scrubbed);
      connectorPart.accept(b);
      return b;
    });
  }

  /**
   * The whole-call deadline of a call without upload: the one set here, else the shared client's, else
   * {@link #DEFAULT_CALL_TIMEOUT}; 0 when set to zero (no deadline).
   */
  private static long callDeadlineMillis(@Nullable Duration callTimeout, @Nullable OkHttpClient shared) {
    if (callTimeout != null) return callTimeout.toMillis();
    if (shared != null && shared.callTimeoutMillis() != 0) return shared.callTimeoutMillis();
    return DEFAULT_CALL_TIMEOUT.toMillis();
  }

  /**
   * The whole-call deadline of a call whose request body has {@code bodyBytes} bytes: {@code baseMillis}
   * plus the body's time at {@value #MIN_UPLOAD_BYTES_PER_SECOND} bytes per second, at most {@link
   * #MAX_UPLOAD_ALLOWANCE} more. A body of unknown length (-1) or none gets no allowance; a base of 0 (no
   * deadline) stays 0.
   */
  public static long deadlineMillis(long baseMillis, long bodyBytes) {
    if (baseMillis <= 0) return 0;
    long max = MAX_UPLOAD_ALLOWANCE.toMillis();
    long allowance = bodyBytes <= 0 ? 0 : bodyBytes / MIN_UPLOAD_BYTES_PER_SECOND >= max / 1000 ? max
        : Math.min(max, bodyBytes * 1000 / MIN_UPLOAD_BYTES_PER_SECOND);
    return baseMillis > Long.MAX_VALUE - allowance ? Long.MAX_VALUE : baseMillis + allowance;
  }

  /** Adds the User-Agent on every request and the body caps of {@link BodyLimits#interceptor}, as set now. */
  public Consumer<OkHttpClient.Builder> userAgentAndCap() {
    Interceptor userAgent = new UserAgentInterceptor(this.userAgent);
    Interceptor cap = BodyLimits.interceptor(maxResponseBytes);
    return b -> b.addInterceptor(userAgent).addInterceptor(cap);
  }

  /**
   * A desk root normalised for resolving relative paths: it ends with '/', and has no user info, query or
   * fragment (credentials go to the connector's builder, never into its URL, which {@code toString()} shows).
   *
   * @throws IllegalArgumentException naming {@code field} when it is not an http(s) URL or has user info, a
   *     query or a fragment (the URL in the message goes through {@link SafeUrls})
   */
  public static HttpUrl baseUrl(String field, String url) {
    Objects.requireNonNull(url, field + " == null");
    HttpUrl parsed = HttpUrl.parse(url.trim());
    if (parsed == null) {
      throw new IllegalArgumentException(field + " '" + SafeUrls.forMessage(url) + "' is not an http or https URL");
    }
    return baseUrl(field, parsed);
  }

  /** See {@link #baseUrl(String, String)}. */
  public static HttpUrl baseUrl(String field, HttpUrl url) {
    Objects.requireNonNull(url, field + " == null");
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new IllegalArgumentException(field + " has user info; give the root only, and the credentials to the builder");
    }
    if (url.query() != null || url.fragment() != null) {
      throw new IllegalArgumentException(field + " has a query or fragment; give the root only");
    }
    List<String> segments = url.pathSegments();
    return segments.get(segments.size() - 1).isEmpty() ? url : url.newBuilder().addPathSegment("").build();
  }

  /**
   * A hosted desk's root from what a user types: {@code https://{name}{hostSuffix}/} for a bare account name
   * ({@code acme}), else the URL, with {@code https://} assumed when it has no scheme; then as
   * {@link #baseUrl(String, HttpUrl)}.
   *
   * @param hostSuffix the vendor's domain for account names (".zendesk.com"), or null when there is none
   * @throws IllegalArgumentException naming {@code field} and saying {@code expected} ("a Zendesk subdomain like
   *     'acme' or an http(s) URL") when {@code value} is neither; the value in the message goes through
   *     {@link SafeUrls}
   */
  public static HttpUrl siteRoot(String field, String value, @Nullable String hostSuffix, String expected) {
    Objects.requireNonNull(value, field + " == null");
    String s = value.trim();
    HttpUrl url = hostSuffix != null && ACCOUNT_NAME.matcher(s).matches()
        ? HttpUrl.parse("https://" + s.toLowerCase(Locale.ROOT) + hostSuffix + "/")
        : HttpUrl.parse(s.contains("://") ? s : "https://" + s);
    if (url == null) {
      throw new IllegalArgumentException(field + " '" + SafeUrls.forMessage(value) + "' is not " + expected);
    }
    return baseUrl(field, url);
  }

  private static Duration checkTimeout(String name, Duration timeout) {
    Objects.requireNonNull(timeout, name + " == null");
    if (timeout.isNegative()) throw new IllegalArgumentException(name + " is " + timeout + "; it must not be negative");
    return timeout;
  }

  private static long positive(String name, long value) {
    if (value <= 0) throw new IllegalArgumentException(name + " is " + value + "; it must be positive");
    return value;
  }
}
