package dev.helpline.internal.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoticeStoreTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final Duration RETENTION_AND_A_DAY = NoticeStore.RETENTION.plusDays(1);
  @TempDir Path dir;

  @Test
  void roundTripsEntriesThroughTheFile() throws Exception {
    NoticeStore store = NoticeStore.load(dir);
    NoticeStore.Entry a = store.getOrCreate("a", NOW);
    a.dismissed = true;
    a.endsAt = NOW.plus(Duration.ofDays(1));
    store.getOrCreate("b", NOW).reminded = true;
    store.get("b").unlistedSince = NOW.minus(Duration.ofDays(3));
    store.save();

    NoticeStore again = NoticeStore.load(dir);
    assertEquals(2, again.size());
    assertTrue(again.get("a").dismissed);
    assertEquals(NOW.plus(Duration.ofDays(1)), again.get("a").endsAt);
    assertTrue(again.get("b").reminded);
    assertEquals(NOW.minus(Duration.ofDays(3)), again.get("b").unlistedSince);
    assertNull(again.get("a").unlistedSince);
    assertFalse(again.get("b").dismissed);
    assertEquals(List.of("a"), again.dismissedIds());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(dir.resolve(NoticeStore.FILE_NAME)), files.toList(), "no temp file left behind");
    }
  }

  @Test
  void forgetsNoticesThatEndedAndWentUnlistedMoreThanNinetyDaysAgo() {
    NoticeStore store = NoticeStore.inMemory();
    store.getOrCreate("old", NOW).endsAt = NOW.minus(Duration.ofDays(91));
    store.getOrCreate("relisted", NOW).endsAt = NOW.minus(Duration.ofDays(91));
    store.getOrCreate("recent", NOW).endsAt = NOW.plus(Duration.ofDays(2));
    store.getOrCreate("open", NOW);
    store.prune(NOW, Set.of());
    assertNotNull(store.get("old"), "missing from the lists only since now");
    assertEquals(NOW, store.get("old").unlistedSince);
    store.prune(NOW.plus(Duration.ofDays(30)), Set.of("relisted"));
    assertNull(store.get("relisted").unlistedSince, "listed again");
    store.prune(NOW.plus(Duration.ofDays(31)), Set.of());

    store.prune(NOW.plus(Duration.ofDays(91)), Set.of());
    assertNull(store.get("old"));
    assertNotNull(store.get("relisted"), "missing for 60 days only");
    assertNotNull(store.get("recent"), "ended 89 days ago");
    assertNotNull(store.get("open"));
  }

  @Test
  void aSaveWithTheClockFarAheadForgetsNothingTheSourcesListOrListAgain() {
    NoticeStore store = NoticeStore.inMemory();
    store.getOrCreate("week", NOW).endsAt = NOW.plus(Duration.ofDays(7));
    store.prune(NOW.plus(Duration.ofDays(365)), Set.of("week"));
    assertNotNull(store.get("week"), "listed");
    store.prune(NOW.plus(Duration.ofDays(365)), Set.of());
    assertNotNull(store.get("week"), "its absence only begins at the clock's future time");
    store.prune(NOW.plus(Duration.ofHours(1)), Set.of("week"));
    assertNull(store.get("week").unlistedSince, "listed again once the clock is corrected");
  }

  @Test
  void anAbsenceFirstSeenWithTheClockAheadCountsFromTheCorrectedTime() {
    NoticeStore store = NoticeStore.inMemory();
    store.getOrCreate("ended", NOW).endsAt = NOW.minus(Duration.ofDays(100));
    store.prune(NOW.plus(Duration.ofDays(365)), Set.of());
    store.prune(NOW, Set.of());
    assertEquals(NOW, store.get("ended").unlistedSince);
    store.prune(NOW.plus(Duration.ofDays(89)), Set.of());
    assertNotNull(store.get("ended"));
    store.prune(NOW.plus(Duration.ofDays(91)), Set.of());
    assertNull(store.get("ended"));
  }

  @Test
  void theRetentionNeverForgetsIdsTheSourcesStillList() {
    NoticeStore store = NoticeStore.inMemory();
    store.getOrCreate("end-before-start", NOW).endsAt = NOW.minus(Duration.ofDays(365));
    store.getOrCreate("gone", NOW).endsAt = NOW.minus(Duration.ofDays(365));
    store.prune(NOW, Set.of("end-before-start"));
    store.prune(NOW.plus(RETENTION_AND_A_DAY), Set.of("end-before-start"));
    assertNotNull(store.get("end-before-start"), "still listed, so it would be announced again");
    assertNull(store.get("gone"));
  }

  @Test
  void loadingForgetsNothingBeforeTheSourcesWereAsked() throws Exception {
    NoticeStore store = NoticeStore.load(dir);
    store.getOrCreate("ended-long-ago", NOW).endsAt = NOW.minus(Duration.ofDays(365));
    store.save();
    assertNotNull(NoticeStore.load(dir).get("ended-long-ago"));
  }

  @Test
  void theCapNeverDropsIdsTheSourcesStillList() {
    NoticeStore store = NoticeStore.inMemory();
    for (int i = 0; i < NoticeStore.MAX_ENTRIES + 5; i++) store.getOrCreate("n" + i, NOW.plusSeconds(i));
    store.getOrCreate("gone", NOW.plusSeconds(1));
    store.prune(NOW, Set.of("n0", "n1", "n2", "n3", "n4", "n5"));
    assertEquals(NoticeStore.MAX_ENTRIES, store.size());
    for (int i = 0; i <= 5; i++) assertNotNull(store.get("n" + i), "live n" + i);
    assertNull(store.get("gone"));
    assertNull(store.get("n6"));
    assertNotNull(store.get("n12"));
  }

  @Test
  void capsTheNumberOfIdsDroppingTheLeastRecentlySeen() {
    NoticeStore store = NoticeStore.inMemory();
    for (int i = 0; i < NoticeStore.MAX_ENTRIES + 5; i++) store.getOrCreate("n" + i, NOW.plusSeconds(i));
    store.prune(NOW, Set.of());
    assertEquals(NoticeStore.MAX_ENTRIES, store.size());
    assertNull(store.get("n0"));
    assertNull(store.get("n4"));
    assertNotNull(store.get("n5"));
  }

  @Test
  void truncatedFileIsTreatedAsEmptyAndSetAside() throws Exception {
    NoticeStore store = NoticeStore.load(dir);
    store.getOrCreate("a", NOW).dismissed = true;
    store.save();
    Path file = dir.resolve(NoticeStore.FILE_NAME);
    byte[] full = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(full, full.length / 2));

    NoticeStore loaded = NoticeStore.load(dir);
    assertEquals(0, loaded.size());
    assertTrue(Files.exists(dir.resolve(NoticeStore.FILE_NAME + ".corrupt")));
    assertFalse(Files.exists(file));
  }
}
