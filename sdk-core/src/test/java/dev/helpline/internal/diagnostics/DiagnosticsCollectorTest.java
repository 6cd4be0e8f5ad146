package dev.helpline.internal.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.DiagnosticsProvider;
import dev.helpline.diagnostics.Diagnostics.ProviderFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class DiagnosticsCollectorTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final CountDownLatch release = new CountDownLatch(1);
  private ExecutorService executor;

  @BeforeEach
  void setUp() {
    executor = Executors.newCachedThreadPool();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    release.countDown();
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "provider threads did not stop");
  }

  private static DiagnosticsProvider provider(String name, Contribution body) {
    return new DiagnosticsProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void contribute(DiagnosticsProvider.Sink sink) throws Exception {
        body.run(sink);
      }
    };
  }

  private interface Contribution {
    void run(DiagnosticsProvider.Sink sink) throws Exception;
  }

  /** A budget no provider that returns at once runs out of, however busy the machine running the tests. */
  private static final Duration AMPLE = Duration.ofSeconds(30);
  /** The budget of the tests whose provider overruns it. */
  private static final Duration SHORT = Duration.ofMillis(200);

  private DiagnosticsCollector collector(DiagnosticsProvider... providers) {
    return collector(AMPLE, providers);
  }

  private DiagnosticsCollector collector(Duration budget, DiagnosticsProvider... providers) {
    return new DiagnosticsCollector(List.of(providers), budget, executor, CLOCK);
  }

  /** A provider of a section that cannot change during a process, counting its runs. */
  private static final class Stable implements DiagnosticsProvider {
    final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    volatile boolean fail;

    @Override public String name() {
      return "os";
    }

    @Override public boolean isStable() {
      return true;
    }

    @Override public void contribute(DiagnosticsProvider.Sink sink) {
      runs.incrementAndGet();
      if (fail) throw new IllegalStateException("not yet");
      sink.put("name", "Linux");
    }
  }

  @Test
  void aStableSectionIsCollectedOnceAndReusedWhileOthersRunEveryTime() {
    Stable os = new Stable();
    java.util.concurrent.atomic.AtomicInteger memoryRuns = new java.util.concurrent.atomic.AtomicInteger();
    DiagnosticsCollector c = collector(os, provider("memory", sink -> sink.put("used", memoryRuns.incrementAndGet())));

    Diagnostics first = c.collect();
    Diagnostics second = c.collect();
    Diagnostics third = c.collect();

    assertEquals(1, os.runs.get());
    assertEquals(3, memoryRuns.get());
    assertEquals(Map.of("name", "Linux"), third.sections().get("os"));
    assertEquals(List.of("os", "memory"), List.copyOf(third.sections().keySet()));
    assertEquals(Map.of("used", 3L), third.sections().get("memory"));
    assertEquals(first.sections().get("os"), second.sections().get("os"));
  }

  @Test
  void aStableSectionThatFailedIsTriedAgainNextTime() {
    Stable os = new Stable();
    os.fail = true;
    DiagnosticsCollector c = collector(os);

    Diagnostics failed = c.collect();
    os.fail = false;
    Diagnostics ok = c.collect();
    c.collect();

    assertEquals(1, failed.failures().size(), failed.failures().toString());
    assertEquals(Map.of("name", "Linux"), ok.sections().get("os"));
    assertEquals(2, os.runs.get());
  }

  @Test
  void collectsSectionsInProviderOrderStampedWithClock() {
    Diagnostics d =
        collector(
                provider("os", sink -> sink.put("name", "Linux")),
                provider("app", sink -> {
                  sink.put("name", "Foo");
                  sink.put("build", 45);
                }))
            .collect();

    assertEquals(NOW, d.collectedAt());
    assertEquals(List.of("os", "app"), List.copyOf(d.sections().keySet()));
    assertEquals(Map.of("name", "Foo", "build", 45L), d.sections().get("app"));
    assertTrue(d.failures().isEmpty());
  }

  @Test
  void throwingProviderIsRecordedAndItsValuesDiscardedWhileOthersStay() {
    Diagnostics d =
        collector(
                provider("os", sink -> sink.put("name", "Linux")),
                provider("device", sink -> {
                  sink.put("model", "half-written");
                  throw new IllegalStateException("boom");
                }),
                provider("memory", sink -> sink.put("heapUsedBytes", 1L)))
            .collect();

    assertEquals(List.of("os", "memory"), List.copyOf(d.sections().keySet()));
    assertEquals(List.of(ProviderFailure.of("device", "IllegalStateException: boom")), d.failures());
  }

  @Test
  void providerOverrunningItsBudgetIsCancelledAndRecordedWhileOthersStay() throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch slowInterrupted = new CountDownLatch(1);
    Diagnostics d =
        collector(SHORT,
                provider("os", sink -> sink.put("name", "Linux")),
                provider("network", sink -> {
                  sink.put("early", true);
                  slowStarted.countDown();
                  try {
                    release.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    slowInterrupted.countDown();
                    throw e;
                  }
                }),
                provider("locale", sink -> sink.put("timeZone", "Europe/Berlin")))
            .collect();

    assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
    assertEquals(List.of("os", "locale"), List.copyOf(d.sections().keySet()));
    assertEquals(List.of(ProviderFailure.of("network", "timed out after " + SHORT.toMillis() + " ms")), d.failures());
    assertTrue(slowInterrupted.await(10, TimeUnit.SECONDS), "the overrunning provider was not interrupted");
  }

  @Test
  void providersWithTheSameNameMergeIntoOneSection() {
    Diagnostics d =
        collector(
                provider("custom", sink -> {
                  sink.put("tenant", "acme");
                  sink.put("plan", "free");
                }),
                provider("os", sink -> sink.put("name", "Linux")),
                provider("custom", sink -> sink.put("plan", "pro")))
            .collect();

    assertEquals(List.of("custom", "os"), List.copyOf(d.sections().keySet()));
    assertEquals(Map.of("tenant", "acme", "plan", "pro"), d.sections().get("custom"));
  }

  @Test
  void sameNamedProvidersOverflowingTheKeyLimitKeepWhatFitsAndRecordTheLaterOneAsFailed() {
    Diagnostics d =
        collector(
                provider("device", sink -> {
                  for (int i = 0; i < 200; i++) sink.put("gpu" + i, "v");
                }),
                provider("os", sink -> sink.put("name", "Linux")),
                provider("device", sink -> {
                  sink.put("gpu0", "replaced");
                  for (int i = 0; i < 200; i++) sink.put("sensor" + i, "v");
                }))
            .collect();

    Map<String, Object> device = d.sections().get("device");
    assertEquals(Diagnostics.MAX_KEYS_PER_SECTION, device.size());
    assertEquals("replaced", device.get("gpu0"));
    assertTrue(device.containsKey("sensor55"), "the keys that fit are kept");
    assertFalse(device.containsKey("sensor56"), "the keys past the limit are left out");
    assertEquals("Linux", d.sections().get("os").get("name"));
    assertEquals(
        List.of(ProviderFailure.of("device",
            "section 'device' is full (256 keys); 144 of this provider's 201 keys were left out")),
        d.failures());
  }

  @Test
  void invalidValueFailsOnlyThatProviderNamingTheKey() {
    Diagnostics d =
        collector(
                provider("device", sink -> sink.put("screens", List.of(1, 2))),
                provider("os", sink -> sink.put("name", "Linux")))
            .collect();

    assertEquals(List.of("os"), List.copyOf(d.sections().keySet()));
    assertEquals("device", d.failures().get(0).provider());
    assertTrue(d.failures().get(0).error().startsWith("IllegalArgumentException: "), d.failures().get(0).error());
    assertTrue(d.failures().get(0).error().contains("'screens'"), d.failures().get(0).error());
  }

  @Test
  void invalidSectionNameAndThrowingNameAreRecordedAsFailures() {
    DiagnosticsProvider noName =
        new DiagnosticsProvider() {
          @Override
          public String name() {
            throw new UnsupportedOperationException("no name");
          }

          @Override
          public void contribute(DiagnosticsProvider.Sink sink) {}
        };
    Diagnostics d =
        collector(provider("Bad Name", sink -> sink.put("k", "v")), noName, provider("os", sink -> {})).collect();

    assertEquals(List.of("os"), List.copyOf(d.sections().keySet()));
    assertEquals(2, d.failures().size());
    assertEquals("Bad Name", d.failures().get(0).provider());
    assertTrue(d.failures().get(0).error().contains("section name 'Bad Name'"), d.failures().get(0).error());
    assertEquals(noName.getClass().getName(), d.failures().get(1).provider());
    assertEquals("UnsupportedOperationException: no name", d.failures().get(1).error());
  }

  @Test
  void errorThrownByProviderIsRecordedWithoutAMessageWhenItHasNone() {
    Diagnostics d = collector(provider("device", sink -> {
      throw new NoClassDefFoundError();
    })).collect();

    assertTrue(d.sections().isEmpty());
    assertEquals(List.of(ProviderFailure.of("device", "NoClassDefFoundError")), d.failures());
  }

  @Test
  void rejectingExecutorRecordsFailuresInsteadOfThrowing() {
    executor.shutdown();
    Diagnostics d = collector(provider("os", sink -> sink.put("name", "Linux"))).collect();

    assertTrue(d.sections().isEmpty());
    assertEquals(List.of(ProviderFailure.of("os", "not run: the executor rejected it")), d.failures());
  }

  @Test
  void interruptedCallerCancelsProvidersAndKeepsItsInterruptFlag() {
    DiagnosticsCollector collector =
        collector(provider("network", sink -> release.await(10, TimeUnit.SECONDS)));
    Thread.currentThread().interrupt();
    Diagnostics d;
    try {
      d = collector.collect();
    } finally {
      assertTrue(Thread.interrupted(), "interrupt flag was cleared");
    }
    assertEquals(List.of(ProviderFailure.of("network", "interrupted while collecting")), d.failures());
  }

  @Test
  void rejectsNonPositiveBudget() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DiagnosticsCollector(List.of(), Duration.ZERO, executor, CLOCK));
    assertTrue(e.getMessage().contains("budgetPerProvider"), e.getMessage());
  }

  @Test
  void noProvidersGiveAnEmptySnapshot() {
    Diagnostics d = collector().collect();
    assertTrue(d.sections().isEmpty());
    assertTrue(d.failures().isEmpty());
    assertFalse(d.toJson().isEmpty());
  }

  private DiagnosticsCollector collector(List<DiagnosticsProvider> providers, Set<DiagnosticsProvider> inline,
      ExecutorService on) {
    return collector(AMPLE, providers, inline, on);
  }

  private DiagnosticsCollector collector(Duration budget, List<DiagnosticsProvider> providers,
      Set<DiagnosticsProvider> inline, ExecutorService on) {
    return new DiagnosticsCollector(providers, inline, budget, on, CLOCK);
  }

  @Test
  void inlineProvidersRunOnTheCallingThreadAndTheOthersOnTheExecutor() {
    Thread caller = Thread.currentThread();
    DiagnosticsProvider builtIn = provider("memory", sink -> sink.put("onCaller", Thread.currentThread() == caller));
    DiagnosticsProvider host = provider("network", sink -> sink.put("onCaller", Thread.currentThread() == caller));
    Diagnostics d = collector(List.of(builtIn, host), Set.of(builtIn), executor).collect();
    assertEquals(List.of("memory", "network"), List.copyOf(d.sections().keySet()));
    assertEquals(true, d.sections().get("memory").get("onCaller"));
    assertEquals(false, d.sections().get("network").get("onCaller"));
    assertTrue(d.failures().isEmpty(), d.failures().toString());
  }

  @Test
  void aSnapshotOfInlineProvidersOnlyHandsNothingToTheExecutor() {
    ExecutorService refusing = Executors.newSingleThreadExecutor();
    refusing.shutdown(); // rejects every task
    DiagnosticsProvider memory = provider("memory", sink -> sink.put("heapUsedBytes", 1L));
    DiagnosticsProvider locale = provider("locale", sink -> sink.put("locale", "en-GB"));
    Diagnostics d = collector(List.of(memory, locale), Set.of(memory, locale), refusing).collect();
    assertEquals(Map.of("heapUsedBytes", 1L), d.sections().get("memory"));
    assertEquals(Map.of("locale", "en-GB"), d.sections().get("locale"));
    assertTrue(d.failures().isEmpty(), d.failures().toString());
  }

  @Test
  void throwingInlineProviderIsRecordedAndItsValuesDiscardedWhileOthersStay() {
    DiagnosticsProvider broken = provider("disk", sink -> {
      sink.put("freeBytes", 1L);
      throw new java.io.IOException("no such file store");
    });
    DiagnosticsProvider memory = provider("memory", sink -> sink.put("heapUsedBytes", 1L));
    Diagnostics d = collector(List.of(broken, memory), Set.of(broken, memory), executor).collect();
    assertFalse(d.sections().containsKey("disk"));
    assertEquals(Map.of("heapUsedBytes", 1L), d.sections().get("memory"));
    assertEquals(List.of(ProviderFailure.of("disk", "IOException: no such file store")), d.failures());
  }

  @Test
  void aStableInlineSectionIsCollectedOnceAndReused() {
    Stable os = new Stable();
    DiagnosticsCollector collector = collector(List.of(os), Set.of(os), executor);
    collector.collect();
    Diagnostics second = collector.collect();
    assertEquals(1, os.runs.get());
    assertTrue(second.sections().containsKey("os"));
  }

  @Test
  void aHostProviderEqualToAnInlineOneStillRunsWithinItsBudgetOnTheExecutor() throws Exception {
    DiagnosticsProvider builtIn = provider("memory", sink -> sink.put("heapUsedBytes", 1L));
    DiagnosticsProvider hanging = new DiagnosticsProvider() {
      @Override public String name() {
        return "network";
      }

      @Override public void contribute(DiagnosticsProvider.Sink sink) throws Exception {
        release.await(10, TimeUnit.SECONDS);
      }

      @Override public boolean equals(Object o) {
        return o instanceof DiagnosticsProvider;
      }

      @Override public int hashCode() {
        return builtIn.hashCode();
      }
    };
    Diagnostics d = collector(SHORT, List.of(builtIn, hanging), Set.of(builtIn), executor).collect();
    assertEquals(List.of(ProviderFailure.of("network", "timed out after " + SHORT.toMillis() + " ms")), d.failures());
  }
}
