package dev.helpline.internal.delivery;

import dev.helpline.outbox.OutboxStore;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/** Forwards every call to another claim, for tests that watch or delay some of them. */
class ForwardingClaim implements OutboxStore.Claim {
  private final OutboxStore.Claim to;

  ForwardingClaim(OutboxStore.Claim to) {
    this.to = to;
  }

  @Override public List<OutboxStore.PendingEntry> entries() {
    return to.entries();
  }

  @Override public List<OutboxStore.Quarantined> quarantined() {
    return to.quarantined();
  }

  @Override public List<OutboxStore.PendingEntry> more(Consumer<OutboxStore.Quarantined> onQuarantined)
      throws IOException {
    return to.more(onQuarantined);
  }

  @Override public void close() throws IOException {
    to.close();
  }
}
