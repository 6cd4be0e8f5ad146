package dev.helpline.sample.feed;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An announcement, maintenance or minimum-version notice, as the sample shows it. Immutable. */
public final class Notice {
  private final String id;
  private final String type;
  private final String severity;
  private final String title;
  private final String body;
  private final @Nullable Instant startsAt;
  private final @Nullable Instant endsAt;

  public Notice(String id, String type, String severity, String title, String body, @Nullable Instant startsAt,
      @Nullable Instant endsAt) {
    this.id = id;
    this.type = type;
    this.severity = severity;
    this.title = title;
    this.body = body;
    this.startsAt = startsAt;
    this.endsAt = endsAt;
  }

  public String id() {
    return id;
  }

  /** announcement, maintenance or minimum_version. */
  public String type() {
    return type;
  }

  /** info, warning or critical. */
  public String severity() {
    return severity;
  }

  public String title() {
    return title;
  }

  public String body() {
    return body;
  }

  public @Nullable Instant startsAt() {
    return startsAt;
  }

  public @Nullable Instant endsAt() {
    return endsAt;
  }

  /** Active at {@code now}: started (or no start) and not ended. */
  public boolean isActiveAt(Instant now) {
    return (startsAt == null || !now.isBefore(startsAt)) && (endsAt == null || now.isBefore(endsAt));
  }

  /** Not over at {@code now}: active or upcoming. */
  public boolean isCurrentAt(Instant now) {
    return endsAt == null || now.isBefore(endsAt);
  }
}
