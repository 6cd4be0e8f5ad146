package dev.helpline.status;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The outcome of one {@link StatusSource#fetch}: a new snapshot, or "not modified" (HTTP 304). */
public final class FetchResult {
  private final @Nullable StatusSnapshot snapshot;
  private final Validators validators;

  private FetchResult(@Nullable StatusSnapshot snapshot, Validators validators) {
    this.snapshot = snapshot;
    this.validators = validators;
  }

  /** A fresh snapshot with the validators to send next time ({@link Validators#none()} when the server gave none). */
  public static FetchResult modified(StatusSnapshot snapshot, Validators validators) {
    return new FetchResult(Objects.requireNonNull(snapshot, "snapshot == null"),
        Objects.requireNonNull(validators, "validators == null"));
  }

  /** The content is unchanged since the validators that were sent; {@code validators} may carry refreshed values. */
  public static FetchResult notModified(Validators validators) {
    return new FetchResult(null, Objects.requireNonNull(validators, "validators == null"));
  }

  public boolean isNotModified() {
    return snapshot == null;
  }

  /** The new snapshot, or null when not modified. */
  public @Nullable StatusSnapshot snapshot() {
    return snapshot;
  }

  public Validators validators() {
    return validators;
  }

  @Override
  public String toString() {
    return snapshot == null ? "FetchResult{not modified}" : "FetchResult{" + snapshot + "}";
  }
}
