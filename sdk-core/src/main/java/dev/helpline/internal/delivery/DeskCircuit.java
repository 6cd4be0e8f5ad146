package dev.helpline.internal.delivery;

import dev.helpline.DeliveryPolicy;
import dev.helpline.DeskException;
import dev.helpline.OutboxHealth;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The inner layer of each attempt: a Resilience4j {@link CircuitBreaker} around the connector's
 * call. It records transport failures, 408/429/5xx and unexpected runtime exceptions; a permanent
 * refusal (other 4xx) says nothing about the desk's health and is ignored. While it is open the
 * connector is not called and due entries are postponed until it may half-open. A desk's
 * Retry-After {@linkplain #pause pauses} it the same way: no call starts until then, for any entry,
 * so that concurrent attempts do not keep knocking. Thread-safe.
 */
final class DeskCircuit {
  private final CircuitBreaker breaker;
  private final Clock clock;
  private final DeliveryPolicy config;
  private volatile @Nullable Instant openedAt;
  private volatile @Nullable Instant pausedUntil;

  DeskCircuit(String connectorName, DeliveryPolicy config, Clock clock) {
    this.clock = clock;
    this.config = config;
    CircuitBreakerConfig cbConfig = CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(config.circuitWindowSize())
        .minimumNumberOfCalls(config.circuitMinimumCalls())
        .failureRateThreshold(config.circuitFailureRatePercent())
        .waitDurationInOpenState(config.circuitOpenWait())
        .permittedNumberOfCallsInHalfOpenState(config.circuitHalfOpenCalls())
        .recordException(DeskCircuit::isTransient)
        .clock(clock)
        .build();
    this.breaker = CircuitBreaker.of("helpline-" + connectorName, cbConfig);
    breaker.getEventPublisher().onStateTransition(e -> {
      if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) openedAt = clock.instant();
    });
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  /** True when the desk may be called now; the caller then reports exactly one of the outcomes below. */
  boolean tryAcquire() {
    Instant paused = pausedUntil;
    if (paused != null && paused.isAfter(clock.instant())) return false;
    return breaker.tryAcquirePermission();
  }

  /** The desk asked for no calls before {@code until} (Retry-After): no entry is attempted before then. */
  synchronized void pause(Instant until) {
    Instant p = pausedUntil;
    if (p == null || until.isAfter(p)) pausedUntil = until;
  }

  /** Gives back a permission whose call was not made (the entry was gone, or the thread ran out of memory). */
  void release() {
    breaker.releasePermission();
  }

  void failed(long startNanos, Throwable t) {
    breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, t);
  }

  void succeeded(long startNanos) {
    CircuitBreaker.State before = breaker.getState();
    breaker.onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    if (before == CircuitBreaker.State.CLOSED && breaker.getState() == CircuitBreaker.State.OPEN) {
      // The breaker rates its window after every call, so the success that ends an outage can trip it
      // on the failures before it and hold the rest of the queue for circuitOpenWait. The desk has just
      // answered: forget the outage and keep calling it.
      breaker.reset();
    }
  }

  /** When an open circuit may half-open: when postponed entries are due again. */
  Instant retryAt() {
    Instant now = clock.instant();
    Instant paused = pausedUntil;
    if (paused != null && paused.isAfter(now)) return paused;
    Instant opened = openedAt;
    if (opened == null) return now.plus(config.circuitOpenWait());
    Instant at = opened.plus(config.circuitOpenWait());
    return at.isBefore(now) ? now : at;
  }

  /**
   * True while no call may be made before {@link #retryAt()}: the desk asked for a pause, or the
   * circuit is open and its wait is not over. Takes no permission.
   */
  boolean isHolding() {
    Instant now = clock.instant();
    Instant paused = pausedUntil;
    if (paused != null && paused.isAfter(now)) return true;
    return breaker.getState() == CircuitBreaker.State.OPEN && retryAt().isAfter(now);
  }

  /** The network came back: an open circuit half-opens and a desk's pause ends. */
  void halfOpenIfOpen() {
    pausedUntil = null;
    if (breaker.getState() == CircuitBreaker.State.OPEN) {
      try {
        breaker.transitionToHalfOpenState();
      } catch (IllegalStateException raced) {
        // already moved on
      }
    }
  }

  OutboxHealth.CircuitState state() {
    switch (breaker.getState()) {
      case OPEN:
      case FORCED_OPEN:
        return OutboxHealth.CircuitState.OPEN;
      case HALF_OPEN:
        return OutboxHealth.CircuitState.HALF_OPEN;
      default:
        return OutboxHealth.CircuitState.CLOSED;
    }
  }

  /** What the circuit breaker counts as the desk being unwell: everything but a permanent refusal. */
  static boolean isTransient(Throwable t) {
    return !(t instanceof DeskException) || ((DeskException) t).isRetryable();
  }
}
