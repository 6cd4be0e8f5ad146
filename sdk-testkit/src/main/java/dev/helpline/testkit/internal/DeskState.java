package dev.helpline.testkit.internal;

import dev.helpline.testkit.internal.Records.Article;
import dev.helpline.testkit.internal.Records.MessageRecord;
import dev.helpline.testkit.internal.Records.StoredFile;
import dev.helpline.testkit.internal.Records.TicketRecord;
import dev.helpline.testkit.internal.Records.Upload;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything the desk knows: the tickets here, and the idempotency keys, service status, notices and articles in
 * their own classes. One lock (this object) guards all of it; with a data directory every mutation is written
 * through ({@link StateFile}). Every change is announced on {@link #events()}.
 */
public final class DeskState implements Closeable {
  public static final Set<String> STATUSES =
      Set.of("new", "open", "pending", "on_hold", "solved", "closed", "rejected");
  public static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");

  /** Caps that keep a long-running desk bounded. */
  static final int MAX_TICKETS = 100_000;
  static final int MAX_MESSAGES_PER_TICKET = 10_000;

  private final Clock clock;
  private final @Nullable StateFile stateFile;
  private final DeskEvents events = new DeskEvents();

  private final TreeMap<Long, TicketRecord> tickets = new TreeMap<>();
  private final IdempotencyKeys idempotency;
  private final StatusBoard status = new StatusBoard();
  private final NoticeBoard notices = new NoticeBoard();
  private final ArticleIndex articles = new ArticleIndex();
  private long nextTicket = 1;
  private long nextMessage = 1;
  private long nextAttachment = 1;

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

  public DeskState(Clock clock, Duration idempotencyTtl, @Nullable Path dataDir) throws IOException {
    this.clock = clock;
    this.idempotency = new IdempotencyKeys(idempotencyTtl);
    if (dataDir != null) {
      stateFile = new StateFile(dataDir);
      try {
        load(stateFile);
      } catch (IOException | RuntimeException e) {
        stateFile.close();
        throw e;
      }
    } else {
      stateFile = null;
    }
  }

  /** Releases the data directory. */
  @Override
  public synchronized void close() throws IOException {
    if (stateFile != null) {
      stateFile.close();
    }
  }

  public DeskEvents events() {
    return events;
  }

  /** Millisecond precision keeps timestamps short and identical across a save and load. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  // ---------------------------------------------------------------- tickets

  /** Creates a ticket, or replays the one created earlier with the same key and payload. */
  public synchronized Created create(String key, String payloadHash, Map<String, Object> ticket, List<Upload> uploads) {
    Instant now = now();
    String replayed = idempotency.replayOf(key, payloadHash, now);
    if (replayed != null) {
      TicketRecord t = tickets.get(Long.parseLong(replayed));
      if (t == null) {
        throw new IllegalStateException("idempotency key points at missing ticket " + replayed);
      }
      return new Created(TicketJson.ticket(t), t.version, true);
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
    t.tags = StateFile.castList(ticket.get("tags"));
    t.customFields = StateFile.castMap(ticket.get("customFields"));
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
    idempotency.remember(key, payloadHash, t.id, now);
    changed("ticket", t.id);
    return new Created(TicketJson.ticket(t), t.version, false);
  }

  /**
   * The ticket created with Idempotency-Key {@code submissionId}, however long ago (the ticket keeps its key after
   * the desk forgot it), the oldest when there are several; 404 when there is none.
   */
  public synchronized Created bySubmission(String submissionId) {
    for (TicketRecord t : tickets.values()) { // ascending ids: the first match is the oldest
      if (t.idempotencyKey.equals(submissionId)) {
        return new Created(TicketJson.ticket(t), t.version, false);
      }
    }
    throw ApiException.notFound();
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
    return new Created(TicketJson.ticket(t), t.version, false);
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
      page.add(TicketJson.ticket(t));
    }
    return Json.obj("tickets", page, "nextCursor", next == null ? null : TicketJson.encodeCursor(next));
  }

  public static String encodeCursor(long before) {
    return TicketJson.encodeCursor(before);
  }

  /** The exclusive upper bound a cursor stands for; 400 if it is not one of ours. */
  public static long decodeCursor(String cursor) {
    return TicketJson.decodeCursor(cursor);
  }

  /** The bytes and media type of an attachment of the owner's ticket. */
  public synchronized StoredFile attachment(String ticketId, String attachmentId, TokenCodec.Claims claims) {
    StoredFile f = owned(ticketId, claims).file(attachmentId);
    if (f == null) {
      throw ApiException.notFound();
    }
    return f;
  }

  /** An attachment of any ticket, for the agent; 404 when either does not exist. */
  public synchronized StoredFile adminAttachment(String ticketId, String attachmentId) {
    TicketRecord t = byId(ticketId);
    StoredFile f = t == null ? null : t.file(attachmentId);
    if (f == null) {
      throw ApiException.notFound();
    }
    return f;
  }

  /**
   * The owner's messages from {@code cursor} (null or empty: the first), {@code limit} of them with the cursor of
   * the rest, or all of them when {@code limit} is null.
   */
  public synchronized Map<String, Object> messages(String ticketId, TokenCodec.Claims claims,
      @Nullable String cursor, @Nullable Integer limit) {
    TicketRecord t = owned(ticketId, claims);
    int from = cursor == null || cursor.isEmpty() ? 0 : TicketJson.decodeMessageCursor(cursor, t.id, t.messages.size());
    int end = limit == null ? t.messages.size() : (int) Math.min(t.messages.size(), (long) from + limit);
    List<Object> list = new ArrayList<>();
    for (MessageRecord m : t.messages.subList(from, end)) {
      list.add(TicketJson.message(t, m));
    }
    return Json.obj("messages", list, "nextCursor", end < t.messages.size() ? TicketJson.encodeMessageCursor(t.id, end) : null);
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
    changed("ticket", t.id);
    return TicketJson.message(t, m);
  }

  /** An agent's reply, with files the requester can download; a new ticket becomes open. */
  public synchronized void agentReply(String ticketId, String body, List<Upload> uploads) {
    TicketRecord t = existing(ticketId);
    if (body.trim().isEmpty()) {
      throw new IllegalArgumentException("body: must not be blank");
    }
    addMessage(t, "agent", "Support", body, uploads);
    if (t.status.equals("new")) {
      t.status = "open";
    }
    changed("ticket", t.id);
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
      changed("ticket", t.id);
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
    changed("ticket", t.id);
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
      files.add(stateFile == null
          ? new StoredFile(id, u.fileName, u.mediaType, u.bytes.length, u.bytes.clone(), null)
          : stateFile.storeAttachment(id, u));
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
      copies.add(StateFile.fromJson(StateFile.toJson(t), t, null));
    }
    return copies;
  }

  /** Admin view of every ticket (including messages, rating and idempotency key). */
  public synchronized List<Object> adminTickets() {
    List<Object> list = new ArrayList<>();
    for (TicketRecord t : tickets.values()) {
      list.add(TicketJson.admin(t));
    }
    return list;
  }

  /** Admin view of one ticket; IllegalArgumentException starting with "ticketId:" when there is none. */
  public synchronized Map<String, Object> adminTicket(String ticketId) {
    return TicketJson.admin(existing(ticketId));
  }

  // ---------------------------------------------------------------- status, notices, articles

  /** Installs the default all-clear summary unless one was loaded from the data directory. */
  public synchronized void initStatus(String baseUrl) {
    status.init(baseUrl, now());
  }

  public synchronized void publishStatus(String summaryJson) {
    status.publish(summaryJson, now());
    changed("status", null);
  }

  public synchronized void setIndicator(String indicator, String description) {
    status.setIndicator(indicator, description, now());
    changed("status", null);
  }

  public synchronized void setComponent(String name, String componentStatus) {
    status.setComponent(name, componentStatus, now());
    changed("status", null);
  }

  /** Adds an unresolved incident (investigating, identified or monitoring) and returns its id. */
  public synchronized String addIncident(String name, String incidentStatus, String impact, String body) {
    String id = status.addIncident(name, incidentStatus, impact, body, now());
    changed("status", null);
    return id;
  }

  /** Adds a maintenance window (ISO-8601 times with offset) and returns its id. */
  public synchronized String addMaintenance(String name, String startsAt, String endsAt, String body) {
    String id = status.addMaintenance(name, startsAt, endsAt, body, now());
    changed("status", null);
    return id;
  }

  /** Removes an incident or maintenance; returns whether it existed. */
  public synchronized boolean removeStatusEvent(String id) {
    boolean removed = status.removeEvent(id, now());
    if (removed) {
      changed("status", null);
    }
    return removed;
  }

  public synchronized Versioned status() {
    return status.versioned();
  }

  /** Adds or replaces (by id) a notice; missing optional fields get their defaults. Returns the stored notice. */
  public synchronized Map<String, Object> publishNotice(Map<String, Object> in) {
    Map<String, Object> notice = notices.publish(in);
    changed("notices", null);
    return notice;
  }

  public synchronized boolean removeNotice(String id) {
    boolean removed = notices.remove(id);
    if (removed) {
      changed("notices", null);
    }
    return removed;
  }

  public synchronized Versioned notices() {
    return notices.versioned(status.modified());
  }

  public synchronized void addArticle(Article a) {
    articles.add(a);
    changed("articles", null);
  }

  /** Articles ranked by how many query words occur in the title (weight 3) and body (weight 1). */
  public synchronized Map<String, Object> search(String q, @Nullable String locale, int limit) {
    return articles.search(q, locale, limit);
  }

  // ---------------------------------------------------------------- persistence

  /** Writes the state through (with a data directory) and tells the live views. Called under the lock. */
  private void changed(String kind, @Nullable String id) {
    if (stateFile != null) {
      List<Object> ticketList = new ArrayList<>();
      for (TicketRecord t : tickets.values()) {
        ticketList.add(StateFile.toJson(t));
      }
      Map<String, Object> state = Json.obj("format", 1, "nextTicket", nextTicket, "nextMessage", nextMessage,
          "nextAttachment", nextAttachment, "tickets", ticketList, "idempotencyKeys", idempotency.toJson(),
          "notices", notices.toJson(), "articles", articles.toJson());
      status.save(state);
      stateFile.write(state);
    }
    events.publish(kind, id);
  }

  @SuppressWarnings("unchecked")
  private void load(StateFile file) throws IOException {
    try {
      Map<String, Object> state = file.read();
      if (state == null) {
        return;
      }
      nextTicket = ((Number) state.get("nextTicket")).longValue();
      nextMessage = ((Number) state.get("nextMessage")).longValue();
      nextAttachment = ((Number) state.get("nextAttachment")).longValue();
      for (Object o : (List<Object>) state.get("tickets")) {
        TicketRecord t = StateFile.fromJson((Map<String, Object>) o, null, file.dir());
        tickets.put(t.number, t);
      }
      idempotency.load((List<Object>) state.get("idempotencyKeys"), clock.millis());
      status.load(state);
      notices.load((List<Object>) state.get("notices"));
      articles.load((List<Object>) state.get("articles"));
    } catch (ApiException | ClassCastException | NullPointerException | DateTimeException e) {
      // Refuse to start rather than serve (and later overwrite) a half-understood state.
      throw new IOException(file.stateFile() + " is not a state file this desk can read: " + e.getMessage(), e);
    }
  }
}
