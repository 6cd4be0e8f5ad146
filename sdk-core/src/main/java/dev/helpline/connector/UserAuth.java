package dev.helpline.connector;

import dev.helpline.Requester;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking to read or answer tickets: the requester and, for desks that need it, the user token
 * the host's backend issued for them. {@link #toString()} never shows the token.
 */
public final class UserAuth {
  /** What a desk needs in a {@link UserAuth} to let a requester read their tickets. */
  public enum Requirement {
    /** The user token the host's backend issued (the native Support API). */
    USER_TOKEN,
    /** The requester's e-mail or id; a service account reads on their behalf (Request Tracker). */
    REQUESTER,
    /** Nothing per call: the connector was built with the user's own credentials, or cannot read. */
    NOTHING
  }

  private final Requester requester;
  private final @Nullable String token;

  private UserAuth(Requester requester, @Nullable String token) {
    this.requester = requester;
    this.token = token;
  }

  /** The requester with their token, or null for none; see {@link Connector#userAuthRequirement()}. */
  public static UserAuth of(Requester requester, @Nullable String token) {
    Objects.requireNonNull(requester, "requester == null");
    return new UserAuth(requester, token);
  }

  /** Whose tickets are read. */
  public Requester requester() {
    return requester;
  }

  /** The user's token, or null when the desk identifies users otherwise (a service account searching by e-mail). */
  public @Nullable String token() {
    return token;
  }

  @Override
  public String toString() {
    return "UserAuth{" + requester + ", token=" + (token == null ? "none" : "***") + "}";
  }
}
