package dev.helpline.outbox;

/** An entry a store set aside because it could not be read; it is kept, never delivered. Immutable. */
public final class Quarantined {
  private final String entryName;
  private final String reason;

  public Quarantined(String entryName, String reason) {
    this.entryName = entryName;
    this.reason = reason;
  }

  /** The name under which the store kept it (for the file store, its name inside {@code quarantine/}). */
  public String entryName() {
    return entryName;
  }

  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return entryName + ": " + reason;
  }
}
