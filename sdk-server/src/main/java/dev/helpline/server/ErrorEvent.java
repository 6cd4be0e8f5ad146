package dev.helpline.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One failure to report: where it happened (a job, a logger), the throwable when there is one,
 * the logged message, and the context it happened in (an MDC copy, a request id). Context values
 * are redacted like the rest of the ticket before anything is stored or sent. Immutable.
 */
public final class ErrorEvent {
  private final String source;
  private final @Nullable Throwable error;
  private final @Nullable String message;
  private final Map<String, String> context;

  private ErrorEvent(Builder b) {
    this.source = b.source;
    this.error = b.error;
    this.message = b.message;
    this.context = Collections.unmodifiableMap(new LinkedHashMap<>(b.context));
  }

  /**
   * An event of {@code source} (a job's or a logger's name); it needs an error or a message. Throws
   * {@link IllegalArgumentException} when {@code source} is blank.
   */
  public static Builder builder(String source) {
    return new Builder(source);
  }

  /** The job or logger the failure happened in. */
  public String source() {
    return source;
  }

  /** The failure's throwable, or null for a logged message without one. */
  public @Nullable Throwable error() {
    return error;
  }

  /** The logged message (for a log event, its pattern before arguments were filled in), or null. */
  public @Nullable String message() {
    return message;
  }

  /** Context entries such as the MDC, in insertion order. */
  public Map<String, String> context() {
    return context;
  }

  @Override
  public String toString() {
    return "ErrorEvent{" + source + ", " + (error != null ? error.getClass().getName() : message) + "}";
  }

  /** Builds an {@link ErrorEvent}. */
  public static final class Builder {
    private final String source;
    private @Nullable Throwable error;
    private @Nullable String message;
    private final Map<String, String> context = new LinkedHashMap<>();

    private Builder(String source) {
      Objects.requireNonNull(source, "source == null");
      if (source.trim().isEmpty()) throw new IllegalArgumentException("source is blank");
      this.source = source;
    }

    /** The throwable, or null for none. */
    public Builder error(@Nullable Throwable error) {
      this.error = error;
      return this;
    }

    /** The logged message, or null for none. */
    public Builder message(@Nullable String message) {
      this.message = message;
      return this;
    }

    /** Adds context entries; null keys or values are skipped. */
    public Builder context(@Nullable Map<String, String> entries) {
      if (entries == null) return this;
      for (Map.Entry<String, String> e : entries.entrySet()) {
        if (e.getKey() != null && e.getValue() != null) context.put(e.getKey(), e.getValue());
      }
      return this;
    }

    /** Adds one context entry, replacing an earlier value of {@code key}. */
    public Builder context(String key, String value) {
      context.put(Objects.requireNonNull(key, "key == null"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** Returns the event; throws {@link IllegalArgumentException} without an error or a non-blank message. */
    public ErrorEvent build() {
      if (error == null && (message == null || message.trim().isEmpty())) {
        throw new IllegalArgumentException("an ErrorEvent needs an error or a message; source " + source
            + " has neither");
      }
      return new ErrorEvent(this);
    }
  }
}
