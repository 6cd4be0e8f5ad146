package dev.helpline.internal.diagnostics;

import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.DiagnosticsProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Runs diagnostics providers concurrently and assembles their sections into one {@link
 * Diagnostics} snapshot.
 *
 * <p>All providers are submitted at once; each must finish within the budget counted from
 * submission, so {@link #collect()} returns after about one budget even when providers hang. The
 * executor therefore needs a thread per provider (a cached pool works); on a smaller pool, time a
 * provider spends queued counts against its budget. A provider that overruns is cancelled with
 * interruption and recorded as {@code "timed out after N ms"}; one that throws is recorded as
 * {@code "SimpleClassName: message"}. Either way the values it put are discarded and the other
 * sections are kept. Sections appear in provider order; providers with the same name merge into one
 * section, later values replacing earlier ones; keys that would take a merged section past {@link
 * Diagnostics#MAX_KEYS_PER_SECTION} are left out, the rest of that provider's values kept, and the provider is
 * recorded as {@code "section 'name' is full (256 keys); N of this provider's M keys were left out"}. The
 * caller owns (and shuts down) the executor.
 * Thread-safe: concurrent {@code collect()} calls are independent.
 *
 * <p>A {@linkplain DiagnosticsProvider#isStable() stable} provider runs only until it has succeeded once: its section is
 * kept and reused by every later snapshot without a task on the executor.
 *
 * <p>Providers named as inline run on the calling thread instead, without a budget, after the others
 * were submitted (so they overlap with them): for providers known never to wait, such as the
 * built-in ones, a hand-off to another thread would cost more than the provider. A snapshot made
 * only of inline and stable providers therefore uses no other thread. An inline provider that
 * throws is recorded like any other.
 */
public final class DiagnosticsCollector {
  private final List<DiagnosticsProvider> providers;
  /** Whether the provider at the same index runs on the calling thread. */
  private final boolean[] inline;
  private final Duration budgetPerProvider;
  private final ExecutorService executor;
  private final Clock clock;
  /** Sections of stable providers, by provider index, once collected without error. */
  private final AtomicReferenceArray<Diagnostics> stable;

  /**
   * @throws IllegalArgumentException when the budget is not positive
   */
  public DiagnosticsCollector(
      List<DiagnosticsProvider> providers, Duration budgetPerProvider, ExecutorService executor, Clock clock) {
    this(providers, Collections.<DiagnosticsProvider>emptySet(), budgetPerProvider, executor, clock);
  }

  /**
   * A collector that runs the providers in {@code inline} (instances of {@code providers}, compared by
   * identity) on the calling thread, and the others on {@code executor} within the budget.
   *
   * @throws IllegalArgumentException when the budget is not positive
   */
  public DiagnosticsCollector(List<DiagnosticsProvider> providers, Set<DiagnosticsProvider> inline,
      Duration budgetPerProvider, ExecutorService executor, Clock clock) {
    Objects.requireNonNull(providers, "providers == null");
    Objects.requireNonNull(inline, "inline == null");
    this.providers = List.copyOf(providers);
    this.inline = new boolean[this.providers.size()];
    for (int i = 0; i < this.inline.length; i++) {
      // By identity: a host provider's equals() must not make it run on the caller's thread.
      for (DiagnosticsProvider p : inline) this.inline[i] |= p == this.providers.get(i);
    }
    this.budgetPerProvider = Objects.requireNonNull(budgetPerProvider, "budgetPerProvider == null");
    if (budgetPerProvider.isNegative() || budgetPerProvider.isZero()) {
      throw new IllegalArgumentException("budgetPerProvider is " + budgetPerProvider + "; it must be positive");
    }
    this.executor = Objects.requireNonNull(executor, "executor == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.stable = new AtomicReferenceArray<>(this.providers.size());
  }

  public List<DiagnosticsProvider> providers() {
    return providers;
  }

  /**
   * Collects a snapshot stamped with the clock's time at the start. Never throws because of a
   * provider. If the calling thread is interrupted, the providers still running are cancelled and
   * recorded as interrupted, and the thread's interrupt flag stays set.
   */
  public Diagnostics collect() {
    Instant collectedAt = clock.instant();
    int n = providers.size();
    String[] names = new String[n];
    @Nullable String[] errors = new String[n];
    @Nullable String[] sections = new String[n];
    List<@Nullable Future<Diagnostics>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      DiagnosticsProvider provider = providers.get(i);
      Future<Diagnostics> future = null;
      Diagnostics kept = stable.get(i);
      if (kept != null) {
        names[i] = kept.sections().keySet().iterator().next();
        futures.add(CompletableFuture.completedFuture(kept));
        continue;
      }
      try {
        names[i] = provider.name();
        String section = Diagnostics.checkSectionName(names[i]);
        if (inline[i]) {
          sections[i] = section; // run below, once the others are on their way
        } else {
          future = executor.submit(() -> run(provider, section));
        }
      } catch (RejectedExecutionException e) {
        errors[i] = "not run: the executor rejected it";
      } catch (RuntimeException e) {
        if (names[i] == null) names[i] = provider.getClass().getName();
        errors[i] = describe(e);
      }
      futures.add(future);
    }

    long budgetNanos = budgetPerProvider.toNanos();
    long deadline = System.nanoTime() + budgetNanos;
    boolean interrupted = false;
    Diagnostics[] results = new Diagnostics[n];
    for (int i = 0; i < n; i++) {
      String section = sections[i];
      if (section == null) continue;
      try {
        results[i] = run(providers.get(i), section);
        keepIfStable(i, results[i]);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        // Recorded as a provider on the executor would be (there, the future holds what it threw).
        errors[i] = describe(e);
      }
    }
    for (int i = 0; i < n; i++) {
      Future<Diagnostics> future = futures.get(i);
      if (future == null) continue;
      if (interrupted) {
        future.cancel(true);
        errors[i] = "interrupted while collecting";
        continue;
      }
      try {
        results[i] = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        keepIfStable(i, results[i]);
      } catch (TimeoutException e) {
        future.cancel(true);
        errors[i] = "timed out after " + budgetPerProvider.toMillis() + " ms";
      } catch (ExecutionException e) {
        errors[i] = describe(e.getCause() != null ? e.getCause() : e);
      } catch (CancellationException e) {
        errors[i] = "cancelled";
      } catch (InterruptedException e) {
        interrupted = true;
        future.cancel(true);
        errors[i] = "interrupted while collecting";
      }
    }
    if (interrupted) Thread.currentThread().interrupt();

    Diagnostics.Builder builder = Diagnostics.builder(collectedAt);
    for (int i = 0; i < n; i++) {
      if (results[i] != null) {
        DiagnosticsProvider.Sink sink = builder.section(names[i]);
        int offered = 0;
        int dropped = 0;
        for (Map<String, Object> values : results[i].sections().values()) {
          for (Map.Entry<String, Object> e : values.entrySet()) {
            offered++;
            try {
              sink.put(e.getKey(), e.getValue());
            } catch (IllegalArgumentException full) {
              // The values passed the same checks in the provider's own snapshot; only the merged
              // section's key limit can refuse one: what no longer fits is left out.
              dropped++;
            }
          }
        }
        if (dropped > 0) {
          errors[i] = "section '" + names[i] + "' is full (" + Diagnostics.MAX_KEYS_PER_SECTION + " keys); "
              + dropped + " of this provider's " + offered + " keys were left out";
        }
      }
    }
    for (int i = 0; i < n; i++) {
      String error = errors[i];
      if (error != null) builder.addFailure(names[i], error);
    }
    return builder.build();
  }

  private void keepIfStable(int i, Diagnostics result) {
    if (providers.get(i).isStable() && !result.sections().isEmpty()) stable.set(i, result);
  }

  /** Runs one provider into its own buffer, so a failure or overrun leaves nothing behind. */
  private static Diagnostics run(DiagnosticsProvider provider, String section) throws Exception {
    Diagnostics.Builder own = Diagnostics.builder(Instant.EPOCH);
    provider.contribute(own.section(section));
    return own.build();
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    String type = t.getClass().getSimpleName();
    if (type.isEmpty()) type = t.getClass().getName();
    return message != null && !message.isEmpty() ? type + ": " + message : type;
  }
}
