package dev.helpline;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the delivery worker: backoff, periodic passes, the circuit breaker around the desk, concurrency
 * and how long closing may take. Immutable; start from {@link #defaults()} or {@link #builder()}. Setters
 * throw {@link NullPointerException} for null and {@link IllegalArgumentException} naming the setting for a
 * value out of range (durations must be positive).
 */
public final class DeliveryPolicy {
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final Duration tickInterval;
  private final Duration lockBusyRetry;
  private final int circuitWindowSize;
  private final int circuitMinimumCalls;
  private final float circuitFailureRatePercent;
  private final Duration circuitOpenWait;
  private final int circuitHalfOpenCalls;
  private final Duration closeTimeout;
  private final int concurrency;

  private DeliveryPolicy(Builder b) {
    initialBackoff = b.initialBackoff;
    maxBackoff = b.maxBackoff;
    maxRetryAfter = b.maxRetryAfter;
    tickInterval = b.tickInterval;
    lockBusyRetry = b.lockBusyRetry;
    circuitWindowSize = b.circuitWindowSize;
    circuitMinimumCalls = b.circuitMinimumCalls;
    circuitFailureRatePercent = b.circuitFailureRatePercent;
    circuitOpenWait = b.circuitOpenWait;
    circuitHalfOpenCalls = b.circuitHalfOpenCalls;
    closeTimeout = b.closeTimeout;
    concurrency = b.concurrency;
  }

  /**
   * Backoff from 1 s doubling to 5 min with jitter, Retry-After honoured up to 1 h, a pass for due
   * entries every 30 s, a circuit that opens when half of the last 10 calls (at least 5) failed,
   * stays open 60 s and then lets 1 trial call through; at most 4 submissions in flight to the desk;
   * {@code close()} waits at most 1 s for the delivery threads.
   */
  public static DeliveryPolicy defaults() {
    return new Builder().build();
  }

  /** A builder starting from the {@linkplain #defaults() defaults}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The shortest wait after a failed attempt. The wait after attempt n is drawn at random (full jitter) between
   * this and {@code min(maxBackoff, initialBackoff·2^(n−1))}, and is never shorter than the desk's Retry-After.
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The longest wait the backoff computes, before a desk's Retry-After is taken into account. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The longest wait a desk's Retry-After may impose; a longer one is cut to this. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** How often the worker looks for due entries even when nothing woke it. */
  public Duration tickInterval() {
    return tickInterval;
  }

  /** How soon a pass is tried again when another deliverer (another process or instance) holds the outbox's claim. */
  public Duration lockBusyRetry() {
    return lockBusyRetry;
  }

  /** How many recent desk calls the circuit breaker counts. */
  public int circuitWindowSize() {
    return circuitWindowSize;
  }

  /** How many calls the circuit breaker needs before it may open. */
  public int circuitMinimumCalls() {
    return circuitMinimumCalls;
  }

  /**
   * The share of failed calls in the window, in percent, at which the circuit opens. Transport errors, 408, 429
   * and 5xx count as failures; permanent refusals do not.
   */
  public float circuitFailureRatePercent() {
    return circuitFailureRatePercent;
  }

  /** How long an open circuit keeps the desk from being called before trial calls are let through. */
  public Duration circuitOpenWait() {
    return circuitOpenWait;
  }

  /** How many trial calls a half-open circuit lets through to decide whether to close again. */
  public int circuitHalfOpenCalls() {
    return circuitHalfOpenCalls;
  }

  /**
   * The longest {@code close()} takes to stop the delivery threads (default 1 s). It interrupts them;
   * an attempt still in flight after three quarters of this has its call cancelled ({@link
   * dev.helpline.connector.Connector#cancelCalls()}), so the thread ends. That entry stays pending and
   * is sent again, with the same idempotency key, by the next client.
   */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /**
   * The latest a saved next attempt may lie ahead of now: the longest wait the worker ever plans
   * (the larger of {@link #maxBackoff()} and {@link #maxRetryAfter()}). A saved time further ahead
   * was planned under a clock that has since jumped back, and is clamped to this.
   */
  public Duration maxPlannedWait() {
    return maxBackoff.compareTo(maxRetryAfter) >= 0 ? maxBackoff : maxRetryAfter;
  }

  /**
   * How many submissions are sent to the desk at once (1 to {@value #MAX_CONCURRENCY}). Each entry is
   * still attempted by one call at a time; a Retry-After or an open circuit pauses all of them.
   */
  public int concurrency() {
    return concurrency;
  }

  /** The largest {@link #concurrency()}. */
  public static final int MAX_CONCURRENCY = 16;

  /** Builds a {@link DeliveryPolicy}; see the getters for what each setting means. Not thread-safe. */
  public static final class Builder {
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(5);
    private Duration maxRetryAfter = Duration.ofHours(1);
    private Duration tickInterval = Duration.ofSeconds(30);
    private Duration lockBusyRetry = Duration.ofSeconds(2);
    private int circuitWindowSize = 10;
    private int circuitMinimumCalls = 5;
    private float circuitFailureRatePercent = 50f;
    private Duration circuitOpenWait = Duration.ofSeconds(60);
    private int circuitHalfOpenCalls = 1;
    private Duration closeTimeout = Duration.ofSeconds(1);
    private int concurrency = 4;

    Builder() {}

    /** Positive; 1 s by default. See {@link DeliveryPolicy#initialBackoff()}. */
    public Builder initialBackoff(Duration v) {
      initialBackoff = positive("initialBackoff", v);
      return this;
    }

    /** Positive; 5 min by default. See {@link DeliveryPolicy#maxBackoff()}. */
    public Builder maxBackoff(Duration v) {
      maxBackoff = positive("maxBackoff", v);
      return this;
    }

    /** Positive; 1 h by default. See {@link DeliveryPolicy#maxRetryAfter()}. */
    public Builder maxRetryAfter(Duration v) {
      maxRetryAfter = positive("maxRetryAfter", v);
      return this;
    }

    /** Positive; 30 s by default. See {@link DeliveryPolicy#tickInterval()}. */
    public Builder tickInterval(Duration v) {
      tickInterval = positive("tickInterval", v);
      return this;
    }

    /** Positive; 2 s by default. See {@link DeliveryPolicy#lockBusyRetry()}. */
    public Builder lockBusyRetry(Duration v) {
      lockBusyRetry = positive("lockBusyRetry", v);
      return this;
    }

    /**
     * Calls remembered by the circuit breaker (at least 1; 10 by default), and how many of them, from 1 to
     * {@code windowSize} (5 by default), it needs before it may open.
     */
    public Builder circuitWindow(int windowSize, int minimumCalls) {
      if (windowSize < 1) throw new IllegalArgumentException("circuit windowSize is " + windowSize + "; it must be >= 1");
      if (minimumCalls < 1 || minimumCalls > windowSize) {
        throw new IllegalArgumentException("circuit minimumCalls is " + minimumCalls + "; it must lie between 1 and "
            + windowSize);
      }
      circuitWindowSize = windowSize;
      circuitMinimumCalls = minimumCalls;
      return this;
    }

    /** Above 0 and at most 100; 50 by default. See {@link DeliveryPolicy#circuitFailureRatePercent()}. */
    public Builder circuitFailureRatePercent(float v) {
      if (!(v > 0 && v <= 100)) {
        throw new IllegalArgumentException("circuitFailureRatePercent is " + v + "; it must lie in (0, 100]");
      }
      circuitFailureRatePercent = v;
      return this;
    }

    /** Positive; 60 s by default. See {@link DeliveryPolicy#circuitOpenWait()}. */
    public Builder circuitOpenWait(Duration v) {
      circuitOpenWait = positive("circuitOpenWait", v);
      return this;
    }

    /** At least 1; 1 by default. See {@link DeliveryPolicy#circuitHalfOpenCalls()}. */
    public Builder circuitHalfOpenCalls(int v) {
      if (v < 1) throw new IllegalArgumentException("circuitHalfOpenCalls is " + v + "; it must be >= 1");
      circuitHalfOpenCalls = v;
      return this;
    }

    /** Positive; 1 s by default. See {@link DeliveryPolicy#closeTimeout()}. */
    public Builder closeTimeout(Duration v) {
      closeTimeout = positive("closeTimeout", v);
      return this;
    }

    /** Submissions in flight to the desk at once, 1 to {@value DeliveryPolicy#MAX_CONCURRENCY}; 4 by default. */
    public Builder concurrency(int v) {
      if (v < 1 || v > MAX_CONCURRENCY) {
        throw new IllegalArgumentException("concurrency is " + v + "; it must lie between 1 and " + MAX_CONCURRENCY);
      }
      concurrency = v;
      return this;
    }

    /** Returns the policy; throws {@link IllegalArgumentException} when maxBackoff is shorter than initialBackoff. */
    public DeliveryPolicy build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") is shorter than initialBackoff ("
            + initialBackoff + ")");
      }
      return new DeliveryPolicy(this);
    }

    private static Duration positive(String name, Duration v) {
      Objects.requireNonNull(v, name + " == null");
      if (v.isNegative() || v.isZero()) throw new IllegalArgumentException(name + " is " + v + "; it must be positive");
      return v;
    }
  }
}
