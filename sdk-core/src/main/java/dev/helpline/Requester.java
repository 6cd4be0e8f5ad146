package dev.helpline;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The person a ticket is filed for: an id in the host's user base, an e-mail address support can
 * answer, and a display name. Each part is optional, but at least one must be present. The id and the
 * address are never redacted (they are how support reaches the user); the name is, as free text
 * ({@code Redactor.Field.REQUESTER_NAME}).
 */
public final class Requester {
  /** The longest e-mail address accepted, in UTF-16 units (RFC 5321's path limit). */
  public static final int MAX_EMAIL_CHARS = 254;
  /** The longest id or name accepted, in UTF-16 units. */
  public static final int MAX_ID_OR_NAME_CHARS = 200;

  private final @Nullable String id;
  private final @Nullable String email;
  private final @Nullable String name;

  private Requester(@Nullable String id, @Nullable String email, @Nullable String name) {
    this.id = id;
    this.email = email;
    this.name = name;
  }

  /**
   * Returns a requester; parts are trimmed and blank ones become null. Throws {@link IllegalArgumentException}
   * when all three are null or blank. Nothing else is checked here, so that the error can name the field in
   * context: {@code Helpline.Builder.requester} at once, and {@code preview} and {@code submit} for a draft's
   * requester, require a well-formed e-mail address of at most {@value #MAX_EMAIL_CHARS} characters, an id and a name of
   * at most {@value #MAX_ID_OR_NAME_CHARS} characters each, and no control characters, and throw {@link IllegalArgumentException} otherwise.
   */
  public static Requester of(@Nullable String id, @Nullable String email, @Nullable String name) {
    id = blankToNull(id);
    email = blankToNull(email);
    name = blankToNull(name);
    if (id == null && email == null && name == null) {
      throw new IllegalArgumentException("requester needs an id, an email or a name");
    }
    return new Requester(id, email, name);
  }

  /** A requester known only by {@code email}; see {@link #of}. */
  public static Requester ofEmail(String email) {
    Objects.requireNonNull(email, "email == null");
    return of(null, email, null);
  }

  /** The user's id in the host's user base, trimmed; null when none was given. */
  public @Nullable String id() {
    return id;
  }

  /** The e-mail address support can answer, trimmed; null when none was given. */
  public @Nullable String email() {
    return email;
  }

  /** The display name, trimmed; null when none was given. */
  public @Nullable String name() {
    return name;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.trim().isEmpty() ? null : s.trim();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Requester)) return false;
    Requester that = (Requester) o;
    return Objects.equals(id, that.id) && Objects.equals(email, that.email) && Objects.equals(name, that.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, email, name);
  }

  @Override
  public String toString() {
    return "Requester{id=" + id + ", email=" + email + ", name=" + name + "}";
  }
}
