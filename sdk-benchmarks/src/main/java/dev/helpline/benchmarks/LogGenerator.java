package dev.helpline.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.UUID;

/**
 * A deterministic (seeded) application log of a given size with a realistic mix: timestamps,
 * levels, thread and class names, URLs, and now and then an e-mail, an IP address, a bearer token
 * or API key, a card-like number, a UUID, a {@code password=} pair, a session cookie, a database URL
 * with credentials, an access token in JSON, a Russian phone number, a browser user agent, and
 * stack traces. Most lines hold nothing personal, as in real logs.
 */
final class LogGenerator {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "DEBUG", "WARN", "ERROR"};
  private static final String[] CLASSES = {
      "com.acme.notes.sync.SyncEngine", "com.acme.notes.ui.MainWindow", "com.acme.notes.store.NoteRepository",
      "okhttp3.internal.http.RetryAndFollowUpInterceptor", "com.acme.notes.auth.SessionManager",
      "com.acme.notes.search.IndexWriter", "org.h2.engine.Database"};
  private static final String[] WORDS = {
      "sync", "started", "finished", "batch", "of", "notes", "in", "ms", "retrying", "request", "cache", "hit",
      "miss", "index", "rebuilt", "window", "resized", "to", "user", "opened", "folder", "saved", "conflict",
      "resolved", "by", "keeping", "local", "copy", "connection", "pool", "evicted", "idle"};

  private LogGenerator() {}

  /** Exactly {@code bytes} bytes of ASCII log text, the same for the same seed. */
  static String generate(int bytes, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder(bytes + 4096);
    long millis = Instant.parse("2026-03-14T09:26:53Z").toEpochMilli();
    while (sb.length() < bytes) {
      millis += r.nextInt(2000);
      sb.append(TS.format(Instant.ofEpochMilli(millis))).append(' ')
          .append(LEVELS[r.nextInt(LEVELS.length)]).append(" [worker-").append(r.nextInt(8)).append("] ")
          .append(CLASSES[r.nextInt(CLASSES.length)]).append(" - ");
      int words = 4 + r.nextInt(10);
      for (int i = 0; i < words; i++) sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
      switch (r.nextInt(26)) {
        case 0: sb.append("for user ").append(name(r)).append('@').append(name(r)).append(".example.com"); break;
        case 1: sb.append("from ").append(r.nextInt(223) + 1).append('.').append(r.nextInt(256)).append('.')
            .append(r.nextInt(256)).append('.').append(r.nextInt(256)); break;
        case 2: sb.append("Authorization: Bearer ").append(token(r, 40)); break;
        case 3: sb.append("card 4111 1111 1111 ").append(1000 + r.nextInt(9000)); break;
        case 4: sb.append("id=").append(new UUID(r.nextLong(), r.nextLong())); break;
        case 5: sb.append("GET https://api.acme.example/v2/notes?page=").append(r.nextInt(50)).append("&api_key=")
            .append(token(r, 32)); break;
        case 6: sb.append("login password=").append(token(r, 12)); break;
        case 7: sb.append("GET https://cdn.acme.example/assets/app-").append(r.nextInt(1000)).append(".js 200 ")
            .append(r.nextInt(900)).append("ms"); break;
        case 8: sb.append("Cookie: JSESSIONID=").append(token(r, 32)).append("; lang=en"); break;
        case 9: sb.append("db postgres://app:").append(token(r, 12)).append("@10.0.").append(r.nextInt(256))
            .append(".7:5432/notes"); break;
        case 10: sb.append("body {\"accessToken\":\"").append(token(r, 32)).append("\",\"ttl\":3600}"); break;
        case 11: sb.append("callback requested to 8 912 ").append(100 + r.nextInt(900)).append("-45-67"); break;
        case 12: sb.append("UA Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36");
          break;
        default: sb.append("took ").append(r.nextInt(5000)).append(" ms"); break;
      }
      sb.append('\n');
      if (r.nextInt(40) == 0) stackTrace(sb, r);
    }
    sb.setLength(bytes);
    String s = sb.toString();
    if (s.getBytes(StandardCharsets.UTF_8).length != bytes) throw new AssertionError("log is not ASCII");
    return s;
  }

  private static void stackTrace(StringBuilder sb, Random r) {
    sb.append("java.io.IOException: unexpected end of stream on https://api.acme.example/...\n");
    int frames = 6 + r.nextInt(12);
    for (int i = 0; i < frames; i++) {
      String c = CLASSES[r.nextInt(CLASSES.length)];
      sb.append("\tat ").append(c).append(".method").append(r.nextInt(20)).append('(')
          .append(c.substring(c.lastIndexOf('.') + 1)).append(".java:").append(20 + r.nextInt(900)).append(")\n");
    }
    sb.append("Caused by: java.net.SocketTimeoutException: timeout\n\t... ").append(frames).append(" more\n");
  }

  private static String name(Random r) {
    return WORDS[r.nextInt(WORDS.length)] + (char) ('a' + r.nextInt(26));
  }

  private static String token(Random r, int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    return sb.toString();
  }
}
