package dev.helpline.testkit.internal;

import dev.helpline.testkit.internal.Records.Article;
import dev.helpline.testkit.internal.Records.MessageRecord;
import dev.helpline.testkit.internal.Records.StoredFile;
import dev.helpline.testkit.internal.Records.TicketRecord;
import dev.helpline.testkit.internal.Records.Upload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything the desk knows. One lock (this object) guards all state; with a data directory every mutation is
 * written through (state.json via temp + rename; attachment files are written before the state that names them).
 */
public final class DeskState implements java.io.Closeable {
  public static final Set<String> STATUSES =
      Set.of("new", "open", "pending", "on_hold", "solved", "closed", "rejected");
  public static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");
  static final Set<String> INDICATORS = Set.of("none", "minor", "major", "critical", "maintenance");
  static final Set<String> COMPONENT_STATUSES =
      Set.of("operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance");
  static final Set<String> NOTICE_TYPES = Set.of("announcement", "maintenance", "minimum_version");
  static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

  /** Caps that keep a long-running desk bounded. */
  static final int MAX_TICKETS = 100_000;
  static final int MAX_IDEMPOTENCY_KEYS = 100_000;
  static final int MAX_NOTICES = 1_000;
  static final int MAX_ARTICLES = 10_000;
  static final int MAX_MESSAGES_PER_TICKET = 10_000;

  private final Clock clock;
  private final Duration idempotencyTtl;
  private final @Nullable Path dataDir;
  private final java.nio.channels.@Nullable FileChannel lockChannel;

  private final TreeMap<Long, TicketRecord> tickets = new TreeMap<>();
  /** Insertion order is expiry order while the TTL stays the same, which lets the purge stop at the first live key. */
  private final LinkedHashMap<String, IdempotencyEntry> idempotency = new LinkedHashMap<>();
  private final LinkedHashMap<String, Map<String, Object>> notices = new LinkedHashMap<>();
  private final LinkedHashMap<String, Article> articles = new LinkedHashMap<>();
  private long nextTicket = 1;
  private long nextMessage = 1;
  private long nextAttachment = 1;
  private @Nullable Map<String, Object> summary;
  private byte[] summaryBytes = new byte[0];
  private Instant summaryModified = Instant.EPOCH;

  static final class IdempotencyEntry {
    final String payloadHash;
    final String ticketId;
    final long expiresAtMillis;

    IdempotencyEntry(String payloadHash, String ticketId, long expiresAtMillis) {
      this.payloadHash = payloadHash;
      this.ticketId = ticketId;
      this.expiresAtMillis = expiresAtMillis;
    }
  }

  /** The outcome of a create: the ticket and whether it was an idempotent replay. */
  public static final class Created {
    public final Map<String, Object> json;
    public final long version;
    public final boolean replayed;

    Created(Map<String, Object> json, long version, boolean replayed) {
      this.json = json;
      this.version = version;
      this.replayed = replayed;
    }
  }

  /** A rendered representation and its validator. */
  public static final class Versioned {
    public final byte[] body;
    public final String etag;
    public final Instant lastModified;

    Versioned(byte[] body, String etag, Instant lastModified) {
      this.body = body;
      this.etag = etag;
      this.lastModified = lastModified;
    }
  }

  public DeskState(Clock clock, Duration idempotencyTtl, @Nullable Path dataDir) throws IOException {
    this.clock = clock;
    this.idempotencyTtl = idempotencyTtl;
    this.dataDir = dataDir;
    if (dataDir != null) {
      Files.createDirectories(dataDir.resolve("attachments"));
      lockChannel = lock(dataDir);
      try {
        load();
      } catch (IOException | RuntimeException e) {
        lockChannel.close();
        throw e;
      }
    } else {
      lockChannel = null;
    }
  }

  /** Two desks writing one directory would overwrite each other's state; refuse the second one. */
  private static java.nio.channels.FileChannel lock(Path dataDir) throws IOException {
    java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dataDir.resolve("desk.lock"),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
    try {
      if (ch.tryLock() != null) {
        return ch;
      }
    } catch (java.nio.channels.OverlappingFileLockException e) {
      // held by another desk in this JVM; reported below
    }
    ch.close();
    throw new IllegalStateException("dataDirectory: " + dataDir + " is in use by another running desk");
  }

  /** Releases the data directory. */
  @Override
  public synchronized void close() throws IOException {
    if (lockChannel != null) {
      lockChannel.close();
    }
  }

  /** Millisecond precision keeps timestamps short and identical across a save and load. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  // ---------------------------------------------------------------- tickets

  /** Creates a ticket, or replays the one created earlier with the same key and payload. */
  public synchronized Created create(String key, String payloadHash, Map<String, Object> ticket, List<Upload> uploads) {
    Instant now = now();
    purgeExpiredKeys(now);
    IdempotencyEntry seen = idempotency.get(key);
    if (seen != null && seen.expiresAtMillis <= now.toEpochMilli()) {
      // Possible after a restart with a different TTL, when expiry order and insertion order differ.
      idempotency.remove(key);
      seen = null;
    }
    if (seen != null) {
      if (!seen.payloadHash.equals(payloadHash)) {
        throw new ApiException(409, "idempotency_conflict",
            "Idempotency-Key was already used with a different payload", "Idempotency-Key");
      }
      TicketRecord t = tickets.get(Long.parseLong(seen.ticketId));
      if (t == null) {
        throw new IllegalStateException("idempotency key points at missing ticket " + seen.ticketId);
      }
      return new Created(ticketJson(t), t.version, true);
    }
    if (idempotency.size() >= MAX_IDEMPOTENCY_KEYS) {
      throw new ApiException(503, "server_error",
          "the desk remembers " + MAX_IDEMPOTENCY_KEYS + " unexpired idempotency keys already", null);
    }
    if (tickets.size() >= MAX_TICKETS) {
      throw new ApiException(503, "server_error", "the desk holds " + MAX_TICKETS + " tickets already", null);
    }
    TicketRecord t = new TicketRecord();
    t.number = nextTicket++;
    t.id = Long.toString(t.number);
    t.subject = (String) ticket.get("subject");
    t.description = (String) ticket.get("description");
    t.priority = (String) ticket.get("priority");
    t.category = (String) ticket.get("category");
    t.tags = castList(ticket.get("tags"));
    t.customFields = castMap(ticket.get("customFields"));
    t.requesterId = (String) ticket.get("requesterId");
    t.requesterEmail = (String) ticket.get("requesterEmail");
    t.requesterName = (String) ticket.get("requesterName");
    t.diagnosticsSummary = (String) ticket.get("diagnosticsSummary");
    t.submittedAt = (String) ticket.get("createdAt");
    t.createdAt = now;
    t.updatedAt = now;
    t.idempotencyKey = key;
    t.attachments = store(uploads);
    tickets.put(t.number, t);
    idempotency.put(key, new IdempotencyEntry(payloadHash, t.id, now.plus(idempotencyTtl).toEpochMilli()));
    persist();
    return new Created(ticketJson(t), t.version, false);
  }

  @SuppressWarnings("unchecked")
  private static List<String> castList(@Nullable Object o) {
    return o == null ? new ArrayList<>() : new ArrayList<>((List<String>) o);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> castMap(@Nullable Object o) {
    return o == null ? new LinkedHashMap<>() : new LinkedHashMap<>((Map<String, String>) o);
  }

  private void purgeExpiredKeys(Instant now) {
    long nowMillis = now.toEpochMilli();
    Iterator<IdempotencyEntry> it = idempotency.values().iterator();
    while (it.hasNext() && it.next().expiresAtMillis <= nowMillis) {
      it.remove();
    }
  }

  private TicketRecord owned(String id, TokenCodec.Claims claims) {
    TicketRecord t = byId(id);
    if (t == null || !t.ownedBy(claims)) {
      throw ApiException.notFound();
    }
    return t;
  }

  private @Nullable TicketRecord byId(String id) {
    if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return tickets.get(Long.parseLong(id));
  }

  private TicketRecord existing(String id) {
    TicketRecord t = byId(id);
    if (t == null) {
      throw new IllegalArgumentException("ticketId: no ticket with id '" + id + "'");
    }
    return t;
  }

  /** The ticket's JSON and version, for its owner. */
  public synchronized Created get(String id, TokenCodec.Claims claims) {
    TicketRecord t = owned(id, claims);
    return new Created(ticketJson(t), t.version, false);
  }

  /** The version (for the ETag) of the owner's ticket. */
  public synchronized long version(String id, TokenCodec.Claims claims) {
    return owned(id, claims).version;
  }

  /** A page of the owner's tickets, newest first, starting below {@code beforeNumber} (exclusive). */
  public synchronized Map<String, Object> list(TokenCodec.Claims claims, long beforeNumber, int limit) {
    List<Object> page = new ArrayList<>();
    Long next = null;
    for (TicketRecord t : tickets.headMap(beforeNumber, false).descendingMap().values()) {
      if (!t.ownedBy(claims)) {
        continue;
      }
      if (page.size() == limit) {
        next = t.number + 1; // the page ended just above this ticket
        break;
      }
      page.add(ticketJson(t));
    }
    return Json.obj("tickets", page, "nextCursor", next == null ? null : encodeCursor(next));
  }

  public static String encodeCursor(long before) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("before:" + before).getBytes(StandardCharsets.US_ASCII));
  }

  /** The exclusive upper bound a cursor stands for; 400 if it is not one of ours. */
  public static long decodeCursor(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      if (text.startsWith("before:")) {
        long v = Long.parseLong(text.substring(7));
        if (v > 0) {
          return v;
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through to the 400 below, which names the field
    }
    throw ApiException.invalid("cursor", "cursor is not a cursor this desk issued");
  }

  /** The bytes and media type of an attachment of the owner's ticket. */
  public synchronized StoredFile attachment(String ticketId, String attachmentId, TokenCodec.Claims claims) {
    StoredFile f = owned(ticketId, claims).file(attachmentId);
    if (f == null) {
      throw ApiException.notFound();
    }
    return f;
  }

  public synchronized Map<String, Object> messages(String ticketId, TokenCodec.Claims claims) {
    TicketRecord t = owned(ticketId, claims);
    List<Object> list = new ArrayList<>();
    for (MessageRecord m : t.messages) {
      list.add(messageJson(t, m));
    }
    return Json.obj("messages", list);
  }

  /** A requester's reply (moves solved/pending tickets to open). */
  public synchronized Map<String, Object> requesterReply(
      String ticketId, TokenCodec.Claims claims, String body, List<Upload> uploads) {
    TicketRecord t = owned(ticketId, claims);
    String name = t.requesterName;
    MessageRecord m = addMessage(t, "requester", name, body, uploads);
    if (t.status.equals("solved") || t.status.equals("pending")) {
      t.status = "open";
    }
    persist();
    return messageJson(t, m);
  }

  /** An agent's reply; a new ticket becomes open. */
  public synchronized void agentReply(String ticketId, String body) {
    TicketRecord t = existing(ticketId);
    if (body.trim().isEmpty()) {
      throw new IllegalArgumentException("body: must not be blank");
    }
    addMessage(t, "agent", "Support", body, List.of());
    if (t.status.equals("new")) {
      t.status = "open";
    }
    persist();
  }

  private MessageRecord addMessage(TicketRecord t, String author, @Nullable String authorName, String body,
      List<Upload> uploads) {
    if (t.messages.size() >= MAX_MESSAGES_PER_TICKET) {
      throw new ApiException(413, "payload_too_large",
          "ticket " + t.id + " has " + MAX_MESSAGES_PER_TICKET + " messages already", null);
    }
    MessageRecord m = new MessageRecord();
    m.id = "m" + nextMessage++;
    m.author = author;
    m.authorName = authorName;
    m.body = body;
    m.createdAt = now();
    m.attachments = store(uploads);
    t.messages.add(m);
    touch(t);
    return m;
  }

  public synchronized void setStatus(String ticketId, String status) {
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("status: '" + status + "' is not one of " + STATUSES);
    }
    TicketRecord t = existing(ticketId);
    if (!t.status.equals(status)) {
      t.status = status;
      touch(t);
      persist();
    }
  }

  public synchronized Map<String, Object> rate(String ticketId, TokenCodec.Claims claims, int score,
      @Nullable String comment) {
    TicketRecord t = owned(ticketId, claims);
    if (!t.status.equals("solved") && !t.status.equals("closed")) {
      throw new ApiException(409, "not_solved", "ticket " + ticketId + " is " + t.status
          + "; only solved or closed tickets can be rated", null);
    }
    t.ratingScore = score;
    t.ratingComment = comment;
    t.ratedAt = now();
    touch(t);
    persist();
    return Json.obj("score", score, "comment", comment, "ratedAt", t.ratedAt.toString());
  }

  private void touch(TicketRecord t) {
    t.version++;
    t.updatedAt = now();
  }

  private List<StoredFile> store(List<Upload> uploads) {
    List<StoredFile> files = new ArrayList<>();
    for (Upload u : uploads) {
      String id = "a" + nextAttachment++;
      if (dataDir == null) {
        files.add(new StoredFile(id, u.fileName, u.mediaType, u.bytes.length, u.bytes.clone(), null));
      } else {
        Path file = dataDir.resolve("attachments").resolve(id);
        try {
          AtomicFiles.write(file, u.bytes);
        } catch (IOException e) {
          throw new UncheckedIOException("Writing attachment " + file + " failed", e);
        }
        files.add(new StoredFile(id, u.fileName, u.mediaType, u.bytes.length, null, file));
      }
    }
    return files;
  }

  public synchronized int ticketCount() {
    return tickets.size();
  }

  /** Deep copies of every ticket, oldest first, for assertions. */
  public synchronized List<TicketRecord> snapshot() {
    List<TicketRecord> copies = new ArrayList<>();
    for (TicketRecord t : tickets.values()) {
      copies.add(fromJson(toJson(t), t));
    }
    return copies;
  }

  /** Admin view of every ticket (including messages, rating and idempotency key). */
  public synchronized List<Object> adminTickets() {
    List<Object> list = new ArrayList<>();
    for (TicketRecord t : tickets.values()) {
      Map<String, Object> json = ticketJson(t);
      List<Object> messages = new ArrayList<>();
      for (MessageRecord m : t.messages) {
        messages.add(messageJson(t, m));
      }
      json.put("messages", messages);
      json.put("rating", t.ratingScore == null ? null
          : Json.obj("score", t.ratingScore, "comment", t.ratingComment, "ratedAt", String.valueOf(t.ratedAt)));
      json.put("idempotencyKey", t.idempotencyKey);
      json.put("diagnosticsSummary", t.diagnosticsSummary);
      json.put("version", t.version);
      list.add(json);
    }
    return list;
  }

  private static Map<String, Object> ticketJson(TicketRecord t) {
    Map<String, Object> requester = null;
    if (t.requesterId != null || t.requesterEmail != null || t.requesterName != null) {
      requester = Json.obj("id", t.requesterId, "email", t.requesterEmail, "name", t.requesterName);
    }
    List<Object> files = new ArrayList<>();
    for (StoredFile f : t.attachments) {
      files.add(fileJson(t, f));
    }
    return Json.obj(
        "id", t.id,
        "subject", t.subject,
        "description", t.description,
        "status", t.status,
        "priority", t.priority,
        "category", t.category,
        "tags", new ArrayList<>(t.tags),
        "customFields", new LinkedHashMap<>(t.customFields),
        "requester", requester,
        "createdAt", t.createdAt.toString(),
        "updatedAt", t.updatedAt.toString(),
        "attachments", files);
  }

  private static Map<String, Object> messageJson(TicketRecord t, MessageRecord m) {
    List<Object> files = new ArrayList<>();
    for (StoredFile f : m.attachments) {
      files.add(fileJson(t, f));
    }
    return Json.obj("id", m.id, "author", m.author, "authorName", m.authorName, "body", m.body,
        "createdAt", m.createdAt.toString(), "attachments", files);
  }

  private static Map<String, Object> fileJson(TicketRecord t, StoredFile f) {
    return Json.obj("id", f.id, "fileName", f.fileName, "mediaType", f.mediaType, "size", f.size,
        "url", "/v1/tickets/" + t.id + "/attachments/" + f.id);
  }

  // ---------------------------------------------------------------- status

  /** Installs the default all-clear summary unless one was loaded from the data directory. */
  public synchronized void initStatus(String baseUrl) {
    if (summary == null) {
      String now = now().toString();
      Map<String, Object> page = Json.obj("id", "helpline-testdesk", "name", "Helpline Test Desk", "url", baseUrl,
          "time_zone", "Etc/UTC", "updated_at", now);
      setSummary(Json.obj("page", page,
          "status", Json.obj("indicator", "none", "description", "All Systems Operational"),
          "components", new ArrayList<>(), "incidents", new ArrayList<>(),
          "scheduled_maintenances", new ArrayList<>()), false);
    }
  }

  public synchronized void publishStatus(String summaryJson) {
    Map<String, Object> parsed;
    try {
      parsed = Json.parseObject(summaryJson, "summary");
    } catch (ApiException e) {
      throw new IllegalArgumentException("summaryJson: " + e.getMessage(), e);
    }
    Object status = parsed.get("status");
    Object indicator = status instanceof Map ? ((Map<?, ?>) status).get("indicator") : null;
    if (!(indicator instanceof String) || !INDICATORS.contains(indicator)) {
      throw new IllegalArgumentException("summaryJson: status.indicator must be one of " + INDICATORS);
    }
    summary = parsed;
    summaryBytes = summaryJson.getBytes(StandardCharsets.UTF_8); // verbatim, as a real status page would serve it
    summaryModified = now();
    persist();
  }

  public synchronized void setIndicator(String indicator, String description) {
    if (!INDICATORS.contains(indicator)) {
      throw new IllegalArgumentException("indicator: '" + indicator + "' is not one of " + INDICATORS);
    }
    Map<String, Object> s = currentSummary();
    s.put("status", Json.obj("indicator", indicator, "description", description));
    stampPage(s);
    setSummary(s, true);
  }

  @SuppressWarnings("unchecked")
  public synchronized void setComponent(String name, String status) {
    if (!COMPONENT_STATUSES.contains(status)) {
      throw new IllegalArgumentException("status: '" + status + "' is not one of " + COMPONENT_STATUSES);
    }
    Map<String, Object> s = currentSummary();
    Object listObj = s.get("components");
    List<Object> components = listObj instanceof List ? (List<Object>) listObj : new ArrayList<>();
    s.put("components", components);
    String now = now().toString();
    for (Object o : components) {
      if (o instanceof Map && name.equals(((Map<String, Object>) o).get("name"))) {
        ((Map<String, Object>) o).put("status", status);
        ((Map<String, Object>) o).put("updated_at", now);
        stampPage(s);
        setSummary(s, true);
        return;
      }
    }
    components.add(Json.obj("id", "c" + (components.size() + 1), "name", name, "status", status,
        "position", components.size() + 1, "description", null, "group_id", null, "group", false,
        "only_show_if_degraded", false, "created_at", now, "updated_at", now));
    stampPage(s);
    setSummary(s, true);
  }

  private Map<String, Object> currentSummary() {
    return Json.parseObject(summaryBytes, "summary");
  }

  @SuppressWarnings("unchecked")
  private void stampPage(Map<String, Object> s) {
    Object page = s.get("page");
    if (page instanceof Map) {
      ((Map<String, Object>) page).put("updated_at", now().toString());
    }
  }

  private void setSummary(Map<String, Object> s, boolean persist) {
    summary = s;
    summaryBytes = Json.write(s);
    summaryModified = now();
    if (persist) {
      persist();
    }
  }

  public synchronized Versioned status() {
    return new Versioned(summaryBytes, etagOf(summaryBytes), summaryModified);
  }

  // ---------------------------------------------------------------- notices

  /** Adds or replaces (by id) a notice; missing optional fields get their defaults. Returns the stored notice. */
  @SuppressWarnings("unchecked")
  public synchronized Map<String, Object> publishNotice(Map<String, Object> in) {
    String id = Json.reqString(in, "id", "id");
    String type = Json.reqString(in, "type", "type");
    if (id.isEmpty() || id.length() > 200) {
      throw ApiException.invalid("id", "id must be 1..200 characters");
    }
    if (!NOTICE_TYPES.contains(type)) {
      throw ApiException.invalid("type", "type '" + type + "' is not one of " + NOTICE_TYPES);
    }
    String severity = Json.optString(in, "severity", "severity");
    if (severity == null) {
      severity = "info";
    } else if (!SEVERITIES.contains(severity)) {
      throw ApiException.invalid("severity", "severity '" + severity + "' is not one of " + SEVERITIES);
    }
    Map<String, Object> targetingIn = Json.optObject(in, "targeting", "targeting");
    if (targetingIn == null) {
      targetingIn = new LinkedHashMap<>();
    }
    Map<String, Object> targeting = Json.obj(
        "platforms", Json.optStringList(targetingIn, "platforms", "targeting.platforms"),
        "minAppVersion", Json.optString(targetingIn, "minAppVersion", "targeting.minAppVersion"),
        "maxAppVersion", Json.optString(targetingIn, "maxAppVersion", "targeting.maxAppVersion"),
        "locales", Json.optStringList(targetingIn, "locales", "targeting.locales"));
    String title = Json.optString(in, "title", "title");
    String body = Json.optString(in, "body", "body");
    Map<String, Object> notice = Json.obj(
        "id", id, "type", type,
        "title", title == null ? "" : title,
        "body", body == null ? "" : body,
        "severity", severity,
        "startsAt", Json.optString(in, "startsAt", "startsAt"),
        "endsAt", Json.optString(in, "endsAt", "endsAt"),
        "url", Json.optString(in, "url", "url"),
        "targeting", targeting,
        "minimumVersion", Json.optString(in, "minimumVersion", "minimumVersion"));
    if (!notices.containsKey(id) && notices.size() >= MAX_NOTICES) {
      throw ApiException.invalid("id", "the desk holds " + MAX_NOTICES + " notices already");
    }
    notices.put(id, notice);
    persist();
    return notice;
  }

  public synchronized boolean removeNotice(String id) {
    boolean removed = notices.remove(id) != null;
    if (removed) {
      persist();
    }
    return removed;
  }

  public synchronized Versioned notices() {
    byte[] body = Json.write(Json.obj("notices", new ArrayList<>(notices.values())));
    return new Versioned(body, etagOf(body), summaryModified);
  }

  // ---------------------------------------------------------------- articles

  public synchronized void addArticle(Article a) {
    if (!articles.containsKey(a.id) && articles.size() >= MAX_ARTICLES) {
      throw new IllegalArgumentException("articles: the desk holds " + MAX_ARTICLES + " articles already");
    }
    articles.put(a.id, a);
    persist();
  }

  /** Articles ranked by how many query words occur in the title (weight 3) and body (weight 1). */
  public synchronized Map<String, Object> search(String q, @Nullable String locale, int limit) {
    List<String> words = words(q);
    List<Object[]> scored = new ArrayList<>();
    int order = 0;
    for (Article a : articles.values()) {
      order++;
      if (locale != null && a.locale != null && !localeMatches(a.locale, locale)) {
        continue;
      }
      List<String> titleWords = words(a.title);
      List<String> bodyWords = words(a.body);
      int score = 0;
      for (String w : words) {
        if (titleWords.contains(w)) {
          score += 3;
        }
        if (bodyWords.contains(w)) {
          score += 1;
        }
      }
      if (score > 0) {
        scored.add(new Object[] {score, order, a});
      }
    }
    scored.sort((x, y) -> {
      int c = Integer.compare((Integer) y[0], (Integer) x[0]);
      return c != 0 ? c : Integer.compare((Integer) x[1], (Integer) y[1]);
    });
    List<Object> result = new ArrayList<>();
    for (int i = 0; i < scored.size() && i < limit; i++) {
      Article a = (Article) scored.get(i)[2];
      result.add(Json.obj("id", a.id, "title", a.title, "snippet", snippet(a.body), "url", a.url));
    }
    return Json.obj("articles", result);
  }

  private static boolean localeMatches(String articleLocale, String wanted) {
    String a = articleLocale.toLowerCase(Locale.ROOT).replace('_', '-');
    String w = wanted.toLowerCase(Locale.ROOT).replace('_', '-');
    return a.equals(w) || w.startsWith(a + "-") || a.startsWith(w + "-");
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }

  private static String snippet(String body) {
    String plain = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
    return plain.length() <= 200 ? plain : plain.substring(0, 199) + "…";
  }

  // ---------------------------------------------------------------- persistence

  static String etagOf(byte[] body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }

  private void persist() {
    if (dataDir == null) {
      return;
    }
    List<Object> ticketList = new ArrayList<>();
    for (TicketRecord t : tickets.values()) {
      ticketList.add(toJson(t));
    }
    List<Object> keys = new ArrayList<>();
    for (Map.Entry<String, IdempotencyEntry> e : idempotency.entrySet()) {
      keys.add(Json.obj("key", e.getKey(), "hash", e.getValue().payloadHash, "ticketId", e.getValue().ticketId,
          "expiresAt", e.getValue().expiresAtMillis));
    }
    List<Object> articleList = new ArrayList<>();
    for (Article a : articles.values()) {
      articleList.add(Json.obj("id", a.id, "title", a.title, "body", a.body, "url", a.url, "locale", a.locale));
    }
    Map<String, Object> state = Json.obj("format", 1, "nextTicket", nextTicket, "nextMessage", nextMessage,
        "nextAttachment", nextAttachment, "tickets", ticketList, "idempotencyKeys", keys,
        "summaryText", summary == null ? null : new String(summaryBytes, StandardCharsets.UTF_8),
        "summaryModified", summaryModified.toString(),
        "notices", new ArrayList<>(notices.values()), "articles", articleList);
    try {
      AtomicFiles.write(dataDir.resolve("state.json"), Json.write(state));
    } catch (IOException e) {
      throw new UncheckedIOException("Writing " + dataDir.resolve("state.json") + " failed", e);
    }
  }

  private void load() throws IOException {
    Path file = dataDir.resolve("state.json");
    if (!Files.exists(file)) {
      return;
    }
    try {
      load(Json.parseObject(Files.readAllBytes(file), "state.json"));
    } catch (ApiException | ClassCastException | NullPointerException | java.time.DateTimeException e) {
      // Refuse to start rather than serve (and later overwrite) a half-understood state.
      throw new IOException(file + " is not a state file this desk can read: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private void load(Map<String, Object> state) {
    nextTicket = ((Number) state.get("nextTicket")).longValue();
    nextMessage = ((Number) state.get("nextMessage")).longValue();
    nextAttachment = ((Number) state.get("nextAttachment")).longValue();
    for (Object o : (List<Object>) state.get("tickets")) {
      TicketRecord t = fromJson((Map<String, Object>) o, null);
      tickets.put(t.number, t);
    }
    long now = clock.millis();
    for (Object o : (List<Object>) state.get("idempotencyKeys")) {
      Map<String, Object> k = (Map<String, Object>) o;
      long expires = ((Number) k.get("expiresAt")).longValue();
      if (expires > now) {
        idempotency.put((String) k.get("key"),
            new IdempotencyEntry((String) k.get("hash"), (String) k.get("ticketId"), expires));
      }
    }
    Object s = state.get("summaryText");
    if (s instanceof String) {
      summaryBytes = ((String) s).getBytes(StandardCharsets.UTF_8);
      summary = Json.parseObject(summaryBytes, "summaryText");
      summaryModified = Instant.parse((String) state.get("summaryModified"));
    }
    for (Object o : (List<Object>) state.get("notices")) {
      Map<String, Object> n = (Map<String, Object>) o;
      notices.put((String) n.get("id"), n);
    }
    for (Object o : (List<Object>) state.get("articles")) {
      Map<String, Object> a = (Map<String, Object>) o;
      articles.put((String) a.get("id"), new Article((String) a.get("id"), (String) a.get("title"),
          (String) a.get("body"), (String) a.get("url"), (String) a.get("locale")));
    }
  }

  private Map<String, Object> toJson(TicketRecord t) {
    List<Object> messages = new ArrayList<>();
    for (MessageRecord m : t.messages) {
      messages.add(Json.obj("id", m.id, "author", m.author, "authorName", m.authorName, "body", m.body,
          "createdAt", m.createdAt.toString(), "attachments", filesToJson(m.attachments)));
    }
    return Json.obj("number", t.number, "subject", t.subject, "description", t.description, "status", t.status,
        "priority", t.priority, "category", t.category, "tags", new ArrayList<>(t.tags),
        "customFields", new LinkedHashMap<>(t.customFields), "requesterId", t.requesterId,
        "requesterEmail", t.requesterEmail, "requesterName", t.requesterName,
        "diagnosticsSummary", t.diagnosticsSummary, "submittedAt", t.submittedAt,
        "createdAt", t.createdAt.toString(), "updatedAt", t.updatedAt.toString(), "version", t.version,
        "idempotencyKey", t.idempotencyKey, "attachments", filesToJson(t.attachments), "messages", messages,
        "ratingScore", t.ratingScore, "ratingComment", t.ratingComment,
        "ratedAt", t.ratedAt == null ? null : t.ratedAt.toString());
  }

  private List<Object> filesToJson(List<StoredFile> files) {
    List<Object> list = new ArrayList<>();
    for (StoredFile f : files) {
      list.add(Json.obj("id", f.id, "fileName", f.fileName, "mediaType", f.mediaType, "size", f.size));
    }
    return list;
  }

  /** Rebuilds a record; the (immutable) stored files are shared with {@code original} when given. */
  @SuppressWarnings("unchecked")
  private TicketRecord fromJson(Map<String, Object> j, @Nullable TicketRecord original) {
    TicketRecord t = new TicketRecord();
    t.number = ((Number) j.get("number")).longValue();
    t.id = Long.toString(t.number);
    t.subject = (String) j.get("subject");
    t.description = (String) j.get("description");
    t.status = (String) j.get("status");
    t.priority = (String) j.get("priority");
    t.category = (String) j.get("category");
    t.tags = castList(j.get("tags"));
    t.customFields = castMap(j.get("customFields"));
    t.requesterId = (String) j.get("requesterId");
    t.requesterEmail = (String) j.get("requesterEmail");
    t.requesterName = (String) j.get("requesterName");
    t.diagnosticsSummary = (String) j.get("diagnosticsSummary");
    t.submittedAt = (String) j.get("submittedAt");
    t.createdAt = Instant.parse((String) j.get("createdAt"));
    t.updatedAt = Instant.parse((String) j.get("updatedAt"));
    t.version = ((Number) j.get("version")).longValue();
    t.idempotencyKey = (String) j.get("idempotencyKey");
    t.attachments = original != null ? new ArrayList<>(original.attachments)
        : filesFromJson((List<Object>) j.get("attachments"));
    int index = 0;
    for (Object o : (List<Object>) j.get("messages")) {
      Map<String, Object> mj = (Map<String, Object>) o;
      MessageRecord m = new MessageRecord();
      m.id = (String) mj.get("id");
      m.author = (String) mj.get("author");
      m.authorName = (String) mj.get("authorName");
      m.body = (String) mj.get("body");
      m.createdAt = Instant.parse((String) mj.get("createdAt"));
      m.attachments = original != null ? new ArrayList<>(original.messages.get(index).attachments)
          : filesFromJson((List<Object>) mj.get("attachments"));
      index++;
      t.messages.add(m);
    }
    Object score = j.get("ratingScore");
    t.ratingScore = score == null ? null : ((Number) score).intValue();
    t.ratingComment = (String) j.get("ratingComment");
    Object ratedAt = j.get("ratedAt");
    t.ratedAt = ratedAt == null ? null : Instant.parse((String) ratedAt);
    return t;
  }

  @SuppressWarnings("unchecked")
  private List<StoredFile> filesFromJson(List<Object> list) {
    List<StoredFile> files = new ArrayList<>();
    for (Object o : list) {
      Map<String, Object> f = (Map<String, Object>) o;
      String id = (String) f.get("id");
      long size = ((Number) f.get("size")).longValue();
      // Only called when loading from the data directory.
      files.add(new StoredFile(id, (String) f.get("fileName"), (String) f.get("mediaType"), size, null,
          dataDir.resolve("attachments").resolve(id)));
    }
    return files;
  }
}
