package dev.helpline.internal.outbox;

import dev.helpline.internal.io.AtomicFiles;
import dev.helpline.outbox.OutboxStore.DeliveryState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other instances' {@linkplain SubmissionJournal submission journals}, as the delivery lock holder
 * sees them at each scan of {@code pending/}; an instance's files are read together, since an entry's cancel
 * record may be in the other file ({@link SubmissionJournal#release}). A journal whose instance is gone (its
 * {@code tmp/<instance>.lock} is free) is settled: each entry it holds whose file in {@code pending/} is
 * missing or does not read back whole is written anew from the journal and forced, the rest are forced,
 * and the journal is deleted, then the instance's directory and lock. A journal whose instance lives is
 * only read: its entries are unsettled, left out of the scan until their writer's own checkpoint. The
 * journal read is forced first, so that an emptying it shows (the writer's checkpoint) is on the device
 * before its entries are delivered.
 */
final class JournalRecovery {
  private static final Logger log = LoggerFactory.getLogger(JournalRecovery.class);

  private JournalRecovery() {}

  /**
   * Settles the journals of instances that are gone. Call only while holding the delivery lock, before
   * listing {@code pending/}. {@code onRestored} runs when an entry file was written anew (the bounds
   * must count again).
   */
  static void settleAbandoned(OutboxDirs dirs, EntryFiles entries, Runnable onRestored) throws IOException {
    for (Path instanceDir : OutboxDirs.list(dirs.tmp)) {
      List<Path> journals = othersJournals(dirs, instanceDir);
      if (journals.isEmpty()) continue;
      // A live instance settles its journal itself. Whatever else a gone one's directory holds was never
      // accepted (an entry its process was writing when it died), so the directory goes too.
      dirs.removeIfGone(instanceDir.getFileName().toString(), () -> {
        int restored = settle(dirs, entries, journals);
        AtomicFiles.fsyncDirectory(dirs.pending);
        for (Path journal : journals) Files.deleteIfExists(journal);
        AtomicFiles.fsyncDirectory(instanceDir);
        if (restored > 0) {
          onRestored.run();
          log.warn("restored {} outbox entries from the submission journal of an earlier process", restored);
        }
        return true;
      });
    }
  }

  /**
   * The ids of other instances' unsettled entries, each journal forced before it is read. Call after
   * listing {@code pending/}: an entry renamed into it after the listing is not in it, and one renamed
   * before was appended to its journal before that.
   */
  static Set<String> unsettledOfOthers(OutboxDirs dirs) throws IOException {
    Set<String> unsettled = new HashSet<>();
    for (Path instanceDir : OutboxDirs.list(dirs.tmp)) {
      List<Path> journals = othersJournals(dirs, instanceDir);
      for (Path journal : journals) AtomicFiles.forceIfExists(journal);
      unsettled.addAll(JournalFormat.read(journals).keySet());
    }
    return unsettled;
  }

  private static List<Path> othersJournals(OutboxDirs dirs, Path instanceDir) throws IOException {
    if (instanceDir.getFileName().toString().equals(dirs.instanceId) || !Files.isDirectory(instanceDir)) {
      return List.of();
    }
    return JournalFormat.files(instanceDir);
  }

  /** Settles the entries of one instance's journal files; returns how many were written anew. */
  private static int settle(OutboxDirs dirs, EntryFiles entries, List<Path> journals) throws IOException {
    int restored = 0;
    for (Map.Entry<String, byte[]> e : JournalFormat.read(journals).entrySet()) {
      Path target = OutboxDirs.entryFile(dirs.pending, e.getKey());
      if (readsWhole(entries, target)) {
        AtomicFiles.forceIfExists(target);
        continue;
      }
      AtomicFiles.replace(target, dirs.work.resolve(e.getKey() + OutboxDirs.ENTRY), e.getValue());
      restored++;
    }
    return restored;
  }

  /** Whether {@code file} is an entry that reads back whole, every byte checked as before a send. */
  private static boolean readsWhole(EntryFiles entries, Path file) throws IOException {
    try {
      return entries.readForDelivery(file, DeliveryState.INITIAL) != null;
    } catch (CorruptEntryException torn) {
      return false;
    }
  }
}
