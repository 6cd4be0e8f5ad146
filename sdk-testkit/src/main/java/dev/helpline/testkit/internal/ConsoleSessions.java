package dev.helpline.testkit.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The console's signed-in sessions: a random session id (kept in an HttpOnly, SameSite=Strict cookie named after the
 * desk's port, since browsers share a host's cookies across its ports) and, per session, a random CSRF token that every write must echo in a header. Sessions end after {@link #TTL} or when signed
 * out; at most {@link #MAX_SESSIONS} live at once (the oldest goes first). Thread-safe.
 */
final class ConsoleSessions {
  static final String COOKIE_PREFIX = "helpline_console_";
  static final Duration TTL = Duration.ofHours(12);
  static final int MAX_SESSIONS = 64;

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  static final class Session {
    final String id;
    final String csrf;
    final Instant expiresAt;

    Session(String id, String csrf, Instant expiresAt) {
      this.id = id;
      this.csrf = csrf;
      this.expiresAt = expiresAt;
    }
  }

  ConsoleSessions(Clock clock) {
    this.clock = clock;
  }

  synchronized Session open() {
    purge();
    if (sessions.size() >= MAX_SESSIONS) {
      Session oldest = null;
      for (Session s : sessions.values()) {
        if (oldest == null || s.expiresAt.isBefore(oldest.expiresAt)) {
          oldest = s;
        }
      }
      sessions.remove(oldest.id);
    }
    Session s = new Session(token(), token(), clock.instant().plus(TTL));
    sessions.put(s.id, s);
    return s;
  }

  /** The live session named by the request's Cookie header for the desk on {@code port}, or null. */
  @Nullable Session find(@Nullable String cookieHeader, int port) {
    String id = cookieValue(cookieHeader, COOKIE_PREFIX + port);
    if (id == null) {
      return null;
    }
    Session s = sessions.get(id);
    if (s == null || !clock.instant().isBefore(s.expiresAt)) {
      return null;
    }
    return s;
  }

  void close(Session s) {
    sessions.remove(s.id);
  }

  /**
   * The Set-Cookie value that stores a session id for the desk on {@code port}; the console is plain HTTP on
   * loopback, hence no Secure.
   */
  static String cookie(Session s, int port) {
    return COOKIE_PREFIX + port + "=" + s.id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + TTL.toSeconds();
  }

  static String expiredCookie(int port) {
    return COOKIE_PREFIX + port + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
  }

  private static @Nullable String cookieValue(@Nullable String header, String name) {
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(name + "=")) {
        return p.substring(name.length() + 1);
      }
    }
    return null;
  }

  private void purge() {
    Instant now = clock.instant();
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().expiresAt)) {
        it.remove();
      }
    }
  }

  private String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
