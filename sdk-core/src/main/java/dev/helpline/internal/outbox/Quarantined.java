package dev.helpline.internal.outbox;

/** An entry moved to {@code quarantine/} because it could not be read. */
public final class Quarantined {
  private final String entryName;
  private final String reason;

  Quarantined(String entryName, String reason) {
    this.entryName = entryName;
    this.reason = reason;
  }

  /** The entry's name inside {@code quarantine/}. */
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
