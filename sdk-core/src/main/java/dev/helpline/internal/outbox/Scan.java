package dev.helpline.internal.outbox;

import dev.helpline.outbox.OutboxStore.PendingEntry;
import dev.helpline.outbox.OutboxStore.Quarantined;
import java.util.Collections;
import java.util.List;

/** Pending entries read by a scan, and entries moved to quarantine by it. */
public final class Scan {
  private final List<PendingEntry> entries;
  private final List<Quarantined> quarantined;

  Scan(List<PendingEntry> entries, List<Quarantined> quarantined) {
    this.entries = Collections.unmodifiableList(entries);
    this.quarantined = Collections.unmodifiableList(quarantined);
  }

  public List<PendingEntry> entries() {
    return entries;
  }

  public List<Quarantined> quarantined() {
    return quarantined;
  }
}
