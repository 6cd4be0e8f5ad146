package dev.helpline.testkit;

import com.sun.net.httpserver.HttpServer;
import dev.helpline.testkit.internal.ApiHandler;
import dev.helpline.testkit.internal.DeskState;
import dev.helpline.testkit.internal.FaultPlan;
import dev.helpline.testkit.internal.Records;
import dev.helpline.testkit.internal.TokenCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process helpdesk speaking the Helpline Support API (see {@code docs/openapi/support-api.yaml}) on
 * 127.0.0.1, for tests, demos and local development.
 *
 * <pre>{@code
 * try (TestDesk desk = TestDesk.builder().start()) {
 *   String token = desk.issueUserToken("user-1", "ada@example.com", Duration.ofHours(1));
 *   // point a client at desk.baseUrl() with desk.appKey() and the token ...
 *   desk.admin().reply("1", "Have you tried turning it off and on again?");
 *   desk.faults().forPath("POST", "/v1/tickets").failAfterProcessingNext(1);
 *   assertEquals(1, desk.ticketCount());
 * }
 * }</pre>
 *
 * <p>Requests are served by a bounded pool of worker threads; every method here is thread-safe. State lives in memory,
 * or with {@link Builder#dataDirectory(Path)} also on disk, so that a desk started later from the same directory
 * continues where the last one stopped. The JSON admin endpoints under {@code /admin/*} (Bearer {@link #adminKey()})
 * mirror {@link DeskAdmin} and {@link Faults} for use from other processes.
 *
 * <p>A browser at {@link #consoleUrl()} shows the agent console: the tickets as they arrive (live), their
 * diagnostics, screenshot, log excerpt and attachments, replies and status changes, service status, notices and
 * ratings. Signing in takes the {@link #adminKey()}; the desk listens on 127.0.0.1 only.
 */
public final class TestDesk implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TestDesk.class);
  private static final int WORKER_THREADS = 16;
  private static final int QUEUED_EXCHANGES = 256;
  /** Default cap on one request body (multipart uploads included). */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 300L * 1024 * 1024;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final DeskState state;
  private final ApiHandler handler;
  private final TokenCodec tokens;
  private final Clock clock;
  private final String appKey;
  private final String adminKey;
  private final DeskAdmin admin;
  private final Faults faults;
  private final String baseUrl;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TestDesk(Builder b) throws IOException {
    this.clock = b.clock;
    this.appKey = b.appKey != null ? b.appKey : "app_" + randomKey();
    this.adminKey = b.adminKey != null ? b.adminKey : "admin_" + randomKey();
    byte[] secret = b.tokenSecret != null ? b.tokenSecret.clone() : randomBytes(32);
    this.tokens = new TokenCodec(secret, clock);
    this.state = new DeskState(clock, b.idempotencyTtl, b.dataDirectory);
    FaultPlan plan = new FaultPlan();
    this.faults = new Faults(plan, null, "/");
    this.admin = new DeskAdmin(state);
    this.handler = new ApiHandler(state, plan, tokens, clock, appKey, adminKey, b.maxRequestBytes);
    AtomicInteger threadIds = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUED_EXCHANGES), r -> {
          Thread t = new Thread(r, "testdesk-worker-" + threadIds.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    executor.allowCoreThreadTimeOut(true);
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try {
      this.server = HttpServer.create(new InetSocketAddress(loopback, b.port), 64);
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      state.close();
      throw e;
    }
    server.createContext("/", handler);
    server.setExecutor(executor);
    server.start();
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    state.initStatus(baseUrl);
    log.info("Helpline test desk listening at {}", baseUrl);
  }

  /** A builder with random keys, an ephemeral port, memory-only state and the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** The desk root, e.g. {@code http://127.0.0.1:41234}, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The agent console's address, {@code baseUrl() + "/"}; sign in with {@link #adminKey()}. */
  public String consoleUrl() {
    return baseUrl + "/";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The app key accepted for {@code POST /v1/tickets}. */
  public String appKey() {
    return appKey;
  }

  /** The key for the {@code /admin/*} endpoints. */
  public String adminKey() {
    return adminKey;
  }

  /**
   * Issues a v1 user token for {@code requesterId} (and {@code email}, used to match tickets created without a
   * requester id), valid for {@code ttl} from the desk's clock — what a host's backend would do with the shared
   * secret. A zero or negative ttl gives an already expired token.
   */
  public String issueUserToken(String requesterId, @Nullable String email, Duration ttl) {
    Objects.requireNonNull(requesterId, "requesterId == null");
    Objects.requireNonNull(ttl, "ttl == null");
    if (requesterId.isEmpty()) {
      throw new IllegalArgumentException("requesterId: must not be empty");
    }
    return tokens.issue(requesterId, email, clock.instant().plus(ttl).getEpochSecond());
  }

  /** The agent's side of the desk. */
  public DeskAdmin admin() {
    return admin;
  }

  /** Fault injection for all Support API requests. */
  public Faults faults() {
    return faults;
  }

  public int ticketCount() {
    return state.ticketCount();
  }

  /** Snapshots of every ticket, oldest first. */
  public List<DeskTicket> tickets() {
    List<DeskTicket> list = new ArrayList<>();
    for (Records.TicketRecord t : state.snapshot()) {
      list.add(new DeskTicket(t));
    }
    return Collections.unmodifiableList(list);
  }

  /** The ticket with this id, as a snapshot; IllegalArgumentException if there is none. */
  public DeskTicket ticket(String id) {
    for (DeskTicket t : tickets()) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    throw new IllegalArgumentException("ticketId: no ticket with id '" + id + "'");
  }

  /** How many {@code POST /v1/tickets} requests arrived (faulted, refused and replayed ones included). */
  public int createRequestCount() {
    return handler.createRequestCount();
  }

  /**
   * Stops listening, drops open connections and in-flight delayed responses, and stops the workers. With a data
   * directory everything was already written through. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Helpline test desk workers did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      state.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Releasing the data directory lock failed", e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static String randomKey() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
  }

  /**
   * Runs a desk until the process is killed: {@code --port P} (default 8080), {@code --data DIR},
   * {@code --app-key K}, {@code --admin-key K}, {@code --token-secret S} (UTF-8 bytes). Prints one line with the
   * base URL and the keys.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Builder b = builder().port(8080);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(arg + ": needs a value");
      }
      String value = args[++i];
      switch (arg) {
        case "--port": b.port(Integer.parseInt(value)); break;
        case "--data": b.dataDirectory(Paths.get(value)); break;
        case "--app-key": b.appKey(value); break;
        case "--admin-key": b.adminKey(value); break;
        case "--token-secret": b.tokenSecret(value.getBytes(StandardCharsets.UTF_8)); break;
        default:
          throw new IllegalArgumentException("unknown option " + arg
              + "; expected --port, --data, --app-key, --admin-key or --token-secret");
      }
    }
    TestDesk desk = b.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      desk.close();
      stopped.countDown();
    }, "testdesk-shutdown"));
    PrintStream out = System.out;
    out.println("Helpline test desk: " + desk.baseUrl() + " appKey=" + desk.appKey() + " adminKey=" + desk.adminKey());
    out.println("Agent console: " + desk.consoleUrl() + " (sign in with the adminKey)");
    out.flush();
    stopped.await();
  }

  /** Configures a {@link TestDesk}. Not thread-safe; {@link #start()} may be called more than once. */
  public static final class Builder {
    private int port;
    private @Nullable String appKey;
    private @Nullable String adminKey;
    private byte @Nullable [] tokenSecret;
    private @Nullable Path dataDirectory;
    private Clock clock = Clock.systemUTC();
    private Duration idempotencyTtl = Duration.ofHours(24);
    private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;

    private Builder() {}

    /** The port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: must be 0..65535 but was " + port);
      }
      this.port = port;
      return this;
    }

    public Builder appKey(String appKey) {
      this.appKey = nonEmpty(appKey, "appKey");
      return this;
    }

    public Builder adminKey(String adminKey) {
      this.adminKey = nonEmpty(adminKey, "adminKey");
      return this;
    }

    /** The HMAC-SHA256 secret for user tokens; default 32 random bytes. */
    public Builder tokenSecret(byte[] tokenSecret) {
      Objects.requireNonNull(tokenSecret, "tokenSecret == null");
      if (tokenSecret.length == 0) {
        throw new IllegalArgumentException("tokenSecret: must not be empty");
      }
      this.tokenSecret = tokenSecret.clone();
      return this;
    }

    /**
     * Keeps tickets, messages, attachments, idempotency keys, status, notices and articles in this directory
     * (created if missing) and loads them on start. Only one running desk may use a directory at a time;
     * {@link #start()} throws IllegalStateException for a second one.
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory == null");
      return this;
    }

    /** The clock for timestamps, token expiry and idempotency-key expiry. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** How long an Idempotency-Key is remembered; default 24 h, at least 1 s. */
    public Builder idempotencyTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl == null");
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("idempotencyTtl: must be at least 1 s but was " + ttl);
      }
      this.idempotencyTtl = ttl;
      return this;
    }

    /** The cap on one request body; larger requests get 413 payload_too_large. Default 300 MiB. */
    public Builder maxRequestBytes(long maxRequestBytes) {
      if (maxRequestBytes < 1024) {
        throw new IllegalArgumentException("maxRequestBytes: must be at least 1024 but was " + maxRequestBytes);
      }
      this.maxRequestBytes = maxRequestBytes;
      return this;
    }

    /**
     * Loads the data directory if any, binds the port and starts serving. Throws IOException when the port cannot be
     * bound or the directory cannot be read.
     */
    public TestDesk start() throws IOException {
      return new TestDesk(this);
    }

    private static String nonEmpty(String value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.trim().isEmpty()) {
        throw new IllegalArgumentException(name + ": must not be blank");
      }
      return value;
    }
  }
}
