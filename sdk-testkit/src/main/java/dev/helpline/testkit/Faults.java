package dev.helpline.testkit;

import dev.helpline.testkit.internal.FaultPlan;
import dev.helpline.testkit.internal.FaultPlan.Kind;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Fault injection for the Support API endpoints (never for {@code /admin/*}). Each call queues {@code n} faults;
 * every incoming request takes the first queued fault it matches, so faults apply in the order they were queued and
 * one request suffers at most one fault. The view from {@link TestDesk#faults()} matches every request;
 * {@link #forPath(String, String)} returns a view whose faults match only some requests. Thread-safe.
 *
 * <p>Note that HTTP clients which silently retry on connection failures (OkHttp's {@code retryOnConnectionFailure},
 * the default) may consume a drop fault and succeed on their own retry; turn that off to observe drops.
 */
public final class Faults {
  private final FaultPlan plan;
  private final @Nullable String method;
  private final String pathPrefix;

  Faults(FaultPlan plan, @Nullable String method, String pathPrefix) {
    this.plan = plan;
    this.method = method;
    this.pathPrefix = pathPrefix;
  }

  /**
   * A view whose faults only hit requests with this method (case-insensitive; null for any) whose raw path starts
   * with {@code pathPrefix}, e.g. {@code forPath("POST", "/v1/tickets")} for creations (and replies under it).
   */
  public Faults forPath(@Nullable String method, String pathPrefix) {
    Objects.requireNonNull(pathPrefix, "pathPrefix == null");
    if (!pathPrefix.startsWith("/")) {
      throw new IllegalArgumentException("pathPrefix: must start with '/' but was '" + pathPrefix + "'");
    }
    return new Faults(plan, method == null ? null : method.toUpperCase(Locale.ROOT), pathPrefix);
  }

  /** The next {@code n} matching requests fail with {@code httpStatus} (400..599) and a JSON error body. */
  public Faults failNext(int n, int httpStatus) {
    if (httpStatus < 400 || httpStatus > 599) {
      throw new IllegalArgumentException("httpStatus: must be 400..599 but was " + httpStatus);
    }
    plan.add(Kind.FAIL, n, httpStatus, Duration.ZERO, method, pathPrefix);
    return this;
  }

  /** The next {@code n} matching requests get 429 {@code rate_limited} with Retry-After in whole seconds (rounded up). */
  public Faults rateLimitNext(int n, Duration retryAfter) {
    plan.add(Kind.RATE_LIMIT, n, 429, nonNegative(retryAfter, "retryAfter"), method, pathPrefix);
    return this;
  }

  /**
   * The next {@code n} matching requests are processed at once, but their response is held back for {@code delay}.
   * A client whose read timeout is shorter times out although the work (e.g. the creation) happened.
   */
  public Faults delayNext(int n, Duration delay) {
    plan.add(Kind.DELAY, n, 0, nonNegative(delay, "delay"), method, pathPrefix);
    return this;
  }

  /** The next {@code n} matching requests are not processed: the connection closes without any response. */
  public Faults dropConnectionAtStartNext(int n) {
    plan.add(Kind.DROP_AT_START, n, 0, Duration.ZERO, method, pathPrefix);
    return this;
  }

  /**
   * The next {@code n} matching requests are processed; the response headers (with the full Content-Length) and
   * half of the body are sent, then the connection closes. Responses without a body are dropped entirely.
   */
  public Faults dropConnectionMidBodyNext(int n) {
    plan.add(Kind.DROP_MID_BODY, n, 0, Duration.ZERO, method, pathPrefix);
    return this;
  }

  /**
   * The next {@code n} matching requests are fully processed (a ticket really is created), then the connection
   * closes without a response: the ambiguous failure that idempotency keys exist for.
   */
  public Faults failAfterProcessingNext(int n) {
    plan.add(Kind.FAIL_AFTER_PROCESSING, n, 0, Duration.ZERO, method, pathPrefix);
    return this;
  }

  /** Removes every queued fault, of every view. */
  public void clear() {
    plan.clear();
  }

  private static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name + " == null");
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + ": must not be negative but was " + d);
    }
    return d;
  }
}
