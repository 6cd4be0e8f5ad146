package dev.helpline.diagnostics;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A diagnostics provider that threw or overran its time budget: the provider's name and a short
 * reason such as {@code "timed out after 500 ms"} or {@code "IllegalStateException: boom"}.
 * Immutable.
 */
public final class ProviderFailure {
  private final String provider;
  private final String error;

  private ProviderFailure(String provider, String error) {
    this.provider = provider;
    this.error = error;
  }

  public static ProviderFailure of(String provider, String error) {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(error, "error == null");
    return new ProviderFailure(provider, error);
  }

  /** The provider's name (its section name when it had a valid one). */
  public String provider() {
    return provider;
  }

  /** Why it failed. */
  public String error() {
    return error;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof ProviderFailure)) return false;
    ProviderFailure that = (ProviderFailure) o;
    return provider.equals(that.provider) && error.equals(that.error);
  }

  @Override
  public int hashCode() {
    return 31 * provider.hashCode() + error.hashCode();
  }

  @Override
  public String toString() {
    return provider + ": " + error;
  }
}
