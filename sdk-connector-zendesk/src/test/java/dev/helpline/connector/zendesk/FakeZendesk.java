package dev.helpline.connector.zendesk;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;

/**
 * A Zendesk account on MockWebServer, answering with the request and response shapes of Zendesk's
 * documentation: Requests API (as end users with bearer tokens, or anonymous), Tickets API (basic
 * auth with an API token, {@code Idempotency-Key} kept 2 hours by the injected clock, {@code external_id}
 * filter), Uploads API (one token
 * for several files, valid 60 minutes by the injected clock), satisfaction ratings and Help Center
 * search. Faults are queued per route: either instead of the real work, or after it (the desk did
 * the work but the client sees a failure: an ambiguous outcome).
 */
final class FakeZendesk extends Dispatcher {
  static final String AGENT_EMAIL = "bot@acme.example";
  static final String API_TOKEN = "zdApiTok3n6Q2wLx9vR8s7Kp4mN1";
  static final long AGENT_ID = 2002;
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class).serializeNulls();

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(35436);
  private final Map<String, Long> bearerTokens = new HashMap<>();
  private final Map<Long, String> userNames = new HashMap<>();
  /** End users known by e-mail address, as Zendesk identifies requesters. */
  private final Map<String, Long> emailUsers = new HashMap<>();
  private final Map<Long, String> userTokens = new HashMap<>();
  final Map<Long, Map<String, Object>> tickets = new LinkedHashMap<>();
  final Map<Long, List<Map<String, Object>>> comments = new HashMap<>();
  final Map<String, UploadRecord> uploads = new LinkedHashMap<>();
  /** Each key's answer and when it was first sent; Zendesk documents that it keeps a key for 2 hours. */
  private final Map<String, Map.Entry<String, Instant>> idempotency = new HashMap<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  int createCount;

  static final class UploadRecord {
    final Instant issuedAt;
    final List<String> fileNames = new ArrayList<>();
    final List<String> contentTypes = new ArrayList<>();
    final List<byte[]> sha256 = new ArrayList<>();
    final List<Long> sizes = new ArrayList<>();

    UploadRecord(Instant issuedAt) {
      this.issuedAt = issuedAt;
    }
  }

  private static final class Fault {
    final MockResponse response;
    final boolean afterWork;

    Fault(MockResponse response, boolean afterWork) {
      this.response = response;
      this.afterWork = afterWork;
    }
  }

  FakeZendesk(Clock clock) {
    this.clock = clock;
    userNames.put(AGENT_ID, "Sam Agent");
  }

  /** A signed-in end user reachable with {@code token}. */
  synchronized FakeZendesk user(long id, String name, String token) {
    bearerTokens.put(token, id);
    userNames.put(id, name);
    return this;
  }

  /**
   * The bearer token of the end user with this e-mail address, as the host's backend would obtain it
   * through Zendesk OAuth or JWT sign-on: the user is created on first use (or found, when an
   * anonymous request already named the address) and keeps the same token afterwards.
   */
  synchronized String tokenFor(String email, String name) {
    Long id = emailUsers.get(email);
    if (id == null) {
      id = ids.incrementAndGet();
      emailUsers.put(email, id);
      userNames.put(id, name);
    }
    String token = userTokens.get(id);
    if (token == null) {
      token = "zdUserT0ken_" + id + "_" + java.util.UUID.randomUUID().toString().replace("-", "");
      userTokens.put(id, token);
      bearerTokens.put(token, id);
    }
    return token;
  }

  /** The next request to {@code route} ("POST /api/v2/tickets") gets {@code response} instead of being served. */
  FakeZendesk failNext(String route, MockResponse response) {
    faults.computeIfAbsent(route, k -> new ArrayDeque<>()).add(new Fault(response, false));
    return this;
  }

  /** The next request to {@code route} is served, but the client gets {@code response} instead of the answer. */
  FakeZendesk failNextAfterWork(String route, MockResponse response) {
    faults.computeIfAbsent(route, k -> new ArrayDeque<>()).add(new Fault(response, true));
    return this;
  }

  static MockResponse disconnect() {
    return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
  }

  static String resource(String name) {
    try (InputStream in = FakeZendesk.class.getResourceAsStream("/zendesk/" + name)) {
      if (in == null) throw new IllegalArgumentException("no test resource zendesk/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json; charset=utf-8").setBody(body);
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = Objects.requireNonNull(request.getRequestUrl());
    String path = url.encodedPath();
    String route = request.getMethod() + " " + routeOf(path);
    Deque<Fault> queue = faults.get(route);
    Fault fault = queue == null ? null : queue.poll();
    if (fault != null && !fault.afterWork) return fault.response;
    MockResponse answer;
    try {
      answer = serve(request, url, path);
    } catch (RuntimeException e) {
      answer = json(500, "{\"error\":\"InternalError\",\"description\":\"" + e.getClass().getSimpleName() + "\"}");
    }
    return fault != null ? fault.response : answer;
  }

  private static String routeOf(String path) {
    return path.replaceAll("/[0-9]+(?=/|$)", "/{id}");
  }

  private MockResponse serve(RecordedRequest request, HttpUrl url, String path) {
    String method = request.getMethod();
    if (path.equals("/api/v2/help_center/articles/search") && method.equals("GET")) {
      return json(200, resource("help-center-search.json"));
    }
    if (path.equals("/api/v2/uploads") && method.equals("POST")) return upload(request, url);
    if (path.equals("/api/v2/tickets") && method.equals("POST")) return createTicket(request);
    if (path.equals("/api/v2/tickets") && method.equals("GET")) return ticketsByExternalId(request, url);
    if (path.equals("/api/v2/requests") && method.equals("POST")) return createRequest(request);
    if (path.equals("/api/v2/requests") && method.equals("GET")) return listRequests(request, url);
    String[] seg = path.substring(1).split("/");
    if (seg.length >= 4 && seg[2].equals("requests")) {
      Long user = bearerUser(request);
      if (user == null) return unauthorized();
      Map<String, Object> t = tickets.get(Long.parseLong(seg[3]));
      if (t == null || !user.equals(t.get("requester_id"))) return json(404, resource("error-record-not-found.json"));
      if (seg.length == 4 && method.equals("GET")) return json(200, JSON.toJson(Map.of("request", requestView(t))));
      if (seg.length == 4 && method.equals("PUT")) return updateRequest(request, t, user);
      if (seg.length == 5 && seg[4].equals("comments") && method.equals("GET")) return commentsOf(t, url);
    }
    if (seg.length == 5 && seg[2].equals("tickets") && seg[4].equals("satisfaction_rating") && method.equals("POST")) {
      Long user = bearerUser(request);
      if (user == null) return unauthorized();
      Map<String, Object> t = tickets.get(Long.parseLong(seg[3]));
      if (t == null || !user.equals(t.get("requester_id"))) return json(404, resource("error-record-not-found.json"));
      if (!"solved".equals(t.get("status"))) {
        return json(422, "{\"error\":\"RecordInvalid\",\"description\":\"Record validation errors\",\"details\":{\"base\":"
            + "[{\"description\":\"Satisfaction rating can only be set on solved tickets\",\"error\":\"InvalidValue\"}]}}");
      }
      Map<?, ?> rating = (Map<?, ?>) body(request).get("satisfaction_rating");
      t.put("satisfaction_rating", rating);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", ids.incrementAndGet());
      out.put("score", rating.get("score"));
      out.put("comment", rating.get("comment"));
      out.put("ticket_id", t.get("id"));
      out.put("requester_id", user);
      return json(200, JSON.toJson(Map.of("satisfaction_rating", out)));
    }
    return json(404, "{\"error\":\"InvalidEndpoint\",\"description\":\"Not found\"}");
  }

  // ---- auth

  private static MockResponse unauthorized() {
    return json(401, resource("error-unauthorized.json"));
  }

  private boolean basicOk(RecordedRequest r) {
    String expected = "Basic " + Base64.getEncoder().encodeToString(
        (AGENT_EMAIL + "/token:" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
    return expected.equals(r.getHeader("Authorization"));
  }

  private Long bearerUser(RecordedRequest r) {
    String h = r.getHeader("Authorization");
    if (h == null || !h.startsWith("Bearer ")) return null;
    return bearerTokens.get(h.substring(7));
  }

  // ---- uploads

  private MockResponse upload(RecordedRequest request, HttpUrl url) {
    String auth = request.getHeader("Authorization");
    if (auth != null && !basicOk(request) && bearerUser(request) == null) return unauthorized();
    String fileName = url.queryParameter("filename");
    if (fileName == null) return json(400, "{\"error\":\"InvalidValue\",\"description\":\"filename is required\"}");
    String token = url.queryParameter("token");
    UploadRecord record;
    if (token == null) {
      token = "tok" + ids.incrementAndGet() + "x" + uploads.size();
      record = new UploadRecord(clock.instant());
      uploads.put(token, record);
    } else {
      record = uploads.get(token);
      if (record == null || expired(record)) {
        return json(422, "{\"error\":\"RecordInvalid\",\"description\":\"Record validation errors\",\"details\":"
            + "{\"token\":[{\"description\":\"Token is invalid or has expired\",\"error\":\"InvalidValue\"}]}}");
      }
    }
    Buffer body = request.getBody().clone();
    long size = body.size();
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(body.readByteArray());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    record.fileNames.add(fileName);
    record.contentTypes.add(request.getHeader("Content-Type"));
    record.sha256.add(digest);
    record.sizes.add(size);
    long attachmentId = ids.incrementAndGet();
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("content_type", request.getHeader("Content-Type"));
    attachment.put("content_url", "https://company.zendesk.com/attachments/token/" + token + "/?name=" + fileName);
    attachment.put("file_name", fileName);
    attachment.put("id", attachmentId);
    attachment.put("size", size);
    Map<String, Object> upload = new LinkedHashMap<>();
    upload.put("token", token);
    upload.put("expires_at", record.issuedAt.plus(Duration.ofDays(3)).toString());
    upload.put("attachment", attachment);
    upload.put("attachments", List.of(attachment));
    return json(201, JSON.toJson(Map.of("upload", upload)));
  }

  boolean expired(UploadRecord r) {
    return Duration.between(r.issuedAt, clock.instant()).compareTo(Duration.ofMinutes(60)) > 0;
  }

  /** Null when every token is valid; else the 422 Zendesk answers. */
  private MockResponse checkUploads(Map<?, ?> comment) {
    Object u = comment.get("uploads");
    if (!(u instanceof List)) return null;
    for (Object token : (List<?>) u) {
      UploadRecord r = uploads.get(String.valueOf(token));
      if (r == null || expired(r)) {
        return json(422, "{\"error\":\"RecordInvalid\",\"description\":\"Record validation errors\",\"details\":"
            + "{\"uploads\":[{\"description\":\"Uploads: upload token is invalid or expired\",\"error\":\"InvalidValue\"}]}}");
      }
    }
    return null;
  }

  // ---- tickets

  private MockResponse createTicket(RecordedRequest request) {
    if (!basicOk(request)) return unauthorized();
    String key = request.getHeader("Idempotency-Key");
    String raw = request.getBody().clone().readUtf8();
    Map.Entry<String, Instant> stored = key == null ? null : idempotency.get(key);
    if (stored != null && Duration.between(stored.getValue(), clock.instant()).compareTo(Duration.ofHours(2)) < 0) {
      return json(201, stored.getKey()).setHeader("x-idempotency-lookup", "hit");
    }
    Map<?, ?> ticket = (Map<?, ?>) ((Map<?, ?>) parse(raw)).get("ticket");
    MockResponse invalid = validate(ticket);
    if (invalid != null) return invalid;
    Map<?, ?> requester = (Map<?, ?>) ticket.get("requester");
    long requesterId = requester == null ? AGENT_ID : userFor(requester);
    Map<String, Object> t = store(ticket, requesterId);
    String body = JSON.toJson(Map.of("ticket", ticketView(t), "audit", Map.of("id", ids.incrementAndGet(), "events", List.of())));
    if (key != null) idempotency.put(key, Map.entry(body, clock.instant()));
    return json(201, body).setHeader("x-idempotency-lookup", "miss");
  }

  private MockResponse ticketsByExternalId(RecordedRequest request, HttpUrl url) {
    if (!basicOk(request)) return unauthorized();
    String externalId = url.queryParameter("external_id");
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> t : tickets.values()) {
      if (externalId == null || externalId.equals(t.get("external_id"))) out.add(ticketView(t));
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("tickets", out);
    page.put("next_page", null);
    page.put("previous_page", null);
    page.put("count", out.size());
    return json(200, JSON.toJson(page));
  }

  // ---- requests

  private MockResponse createRequest(RecordedRequest request) {
    Long user = bearerUser(request);
    if (request.getHeader("Authorization") != null && user == null) return unauthorized();
    Map<?, ?> r = (Map<?, ?>) body(request).get("request");
    MockResponse invalid = validate(r);
    if (invalid != null) return invalid;
    long requesterId;
    if (user != null) {
      requesterId = user;
    } else {
      Map<?, ?> requester = (Map<?, ?>) r.get("requester");
      if (requester == null) {
        return json(422, "{\"error\":\"RecordInvalid\",\"description\":\"Record validation errors\",\"details\":"
            + "{\"requester\":[{\"description\":\"Requester: cannot be blank\",\"error\":\"BlankValue\"}]}}");
      }
      requesterId = userFor(requester);
    }
    Map<String, Object> t = store(r, requesterId);
    return json(201, JSON.toJson(Map.of("request", requestView(t))));
  }

  private MockResponse listRequests(RecordedRequest request, HttpUrl url) {
    Long user = bearerUser(request);
    if (user == null) return unauthorized();
    List<Map<String, Object>> mine = new ArrayList<>();
    for (Map<String, Object> t : tickets.values()) if (user.equals(t.get("requester_id"))) mine.add(t);
    if ("desc".equals(url.queryParameter("sort_order"))) java.util.Collections.reverse(mine);
    int perPage = url.queryParameter("per_page") == null ? 100 : Integer.parseInt(url.queryParameter("per_page"));
    int page = url.queryParameter("page") == null ? 1 : Integer.parseInt(url.queryParameter("page"));
    List<Object> out = new ArrayList<>();
    for (int i = (page - 1) * perPage; i < Math.min(mine.size(), page * perPage); i++) out.add(requestView(mine.get(i)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requests", out);
    body.put("next_page", page * perPage < mine.size()
        ? url.newBuilder().setQueryParameter("page", Integer.toString(page + 1)).build().toString() : null);
    body.put("previous_page", null);
    body.put("count", mine.size());
    return json(200, JSON.toJson(body));
  }

  private MockResponse updateRequest(RecordedRequest request, Map<String, Object> t, long user) {
    Map<?, ?> r = (Map<?, ?>) body(request).get("request");
    Map<?, ?> comment = (Map<?, ?>) r.get("comment");
    if (comment != null) {
      MockResponse invalid = checkUploads(comment);
      if (invalid != null) return invalid;
      addComment((Long) t.get("id"), user, String.valueOf(comment.get("body")), comment);
      if ("pending".equals(t.get("status")) || "solved".equals(t.get("status"))) t.put("status", "open");
    }
    if (Boolean.TRUE.equals(r.get("solved"))) {
      if (!Boolean.TRUE.equals(t.get("can_be_solved_by_me"))) {
        return json(422, "{\"error\":\"RecordInvalid\",\"description\":\"Record validation errors\",\"details\":"
            + "{\"status\":[{\"description\":\"Status: the request cannot be solved by you\",\"error\":\"InvalidValue\"}]}}");
      }
      t.put("status", "solved");
    }
    t.put("updated_at", clock.instant().toString());
    return json(200, JSON.toJson(Map.of("request", requestView(t))));
  }

  /** Offset pages as Zendesk serves them: {@code per_page} up to 100 (the default), {@code next_page} as a full URL. */
  private MockResponse commentsOf(Map<String, Object> t, HttpUrl url) {
    List<Map<String, Object>> all = comments.getOrDefault((Long) t.get("id"), List.of());
    int perPage = url.queryParameter("per_page") == null ? 100 : Math.min(100, Integer.parseInt(url.queryParameter("per_page")));
    int page = url.queryParameter("page") == null ? 1 : Integer.parseInt(url.queryParameter("page"));
    List<Map<String, Object>> list = all.subList(Math.min(all.size(), (page - 1) * perPage), Math.min(all.size(), page * perPage));
    List<Object> users = new ArrayList<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (Map<String, Object> c : list) {
      long author = (Long) c.get("author_id");
      if (author > 0 && seen.add(author)) {
        users.add(Map.of("id", author, "name", userNames.getOrDefault(author, "User " + author), "agent", author == AGENT_ID));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("comments", list);
    body.put("users", users);
    body.put("organizations", List.of());
    body.put("next_page", page * perPage < all.size()
        ? url.newBuilder().setQueryParameter("page", Integer.toString(page + 1)).build().toString() : null);
    body.put("previous_page", null);
    body.put("count", all.size());
    return json(200, JSON.toJson(body));
  }

  // ---- the agent's side, for tests

  synchronized void agentReplies(long ticketId, String body, boolean isPublic) {
    Map<String, Object> c = addComment(ticketId, AGENT_ID, body, Map.of());
    c.put("public", isPublic);
  }

  /** An agent sets the status ("new", "open", "pending", "hold", "solved", "closed"), as in Zendesk's agent UI. */
  synchronized void setStatus(long ticketId, String status) {
    Map<String, Object> t = tickets.get(ticketId);
    if (t == null) throw new IllegalArgumentException("no ticket " + ticketId);
    t.put("status", status);
    t.put("updated_at", clock.instant().toString());
  }

  synchronized void setStatus(long ticketId, String status, boolean canBeSolvedByMe) {
    tickets.get(ticketId).put("status", status);
    tickets.get(ticketId).put("can_be_solved_by_me", canBeSolvedByMe);
  }

  // ---- shared

  private MockResponse validate(Map<?, ?> t) {
    Map<String, List<Map<String, String>>> details = new LinkedHashMap<>();
    Map<?, ?> requester = (Map<?, ?>) t.get("requester");
    if (requester != null && requester.get("email") != null && !String.valueOf(requester.get("email")).contains("@")) {
      details.put("requester", List.of(Map.of("description", "Requester: Email is invalid", "error", "InvalidValue")));
    }
    Object subject = t.get("subject");
    if (subject == null || String.valueOf(subject).trim().isEmpty()) {
      details.put("subject", List.of(Map.of("description", "Subject: cannot be blank", "error", "BlankValue")));
    }
    if (!details.isEmpty()) {
      return json(422, JSON.toJson(Map.of("error", "RecordInvalid", "description", "Record validation errors", "details", details)));
    }
    Map<?, ?> comment = (Map<?, ?>) t.get("comment");
    return comment == null ? null : checkUploads(comment);
  }

  private long userFor(Map<?, ?> requester) {
    Long known = emailUsers.get(String.valueOf(requester.get("email")));
    if (known != null) return known;
    for (Map.Entry<Long, String> e : userNames.entrySet()) {
      if (e.getValue().equals(requester.get("email"))) return e.getKey();
    }
    long id = ids.incrementAndGet();
    userNames.put(id, String.valueOf(requester.get("email") != null ? requester.get("email") : requester.get("name")));
    if (requester.get("email") != null) emailUsers.put(String.valueOf(requester.get("email")), id);
    return id;
  }

  private Map<String, Object> store(Map<?, ?> in, long requesterId) {
    createCount++;
    long id = ids.incrementAndGet();
    Map<?, ?> comment = (Map<?, ?>) in.get("comment");
    String now = clock.instant().toString();
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("id", id);
    t.put("subject", in.get("subject"));
    t.put("description", comment == null ? "" : comment.get("body"));
    t.put("status", "new");
    t.put("priority", in.get("priority"));
    t.put("type", in.get("type"));
    t.put("tags", in.get("tags") == null ? List.of() : in.get("tags"));
    t.put("custom_fields", in.get("custom_fields") == null ? List.of() : in.get("custom_fields"));
    t.put("external_id", in.get("external_id"));
    t.put("requester_id", requesterId);
    t.put("can_be_solved_by_me", false);
    t.put("created_at", now);
    t.put("updated_at", now);
    t.put("request_json", in);
    tickets.put(id, t);
    if (comment != null) addComment(id, requesterId, String.valueOf(comment.get("body")), comment);
    return t;
  }

  private Map<String, Object> addComment(long ticketId, long author, String body, Map<?, ?> comment) {
    List<Object> files = new ArrayList<>();
    Object u = comment.get("uploads");
    if (u instanceof List) {
      for (Object token : (List<?>) u) {
        UploadRecord r = uploads.get(String.valueOf(token));
        for (int i = 0; i < r.fileNames.size(); i++) {
          files.add(Map.of("id", ids.incrementAndGet(), "file_name", r.fileNames.get(i), "content_type",
              String.valueOf(r.contentTypes.get(i)), "size", r.sizes.get(i), "content_url",
              "https://company.zendesk.com/attachments/token/" + token + "/?name=" + r.fileNames.get(i)));
        }
      }
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", ids.incrementAndGet());
    c.put("type", "Comment");
    c.put("request_id", ticketId);
    c.put("body", body);
    c.put("html_body", "<div class=\"zd-comment\"><p>" + body + "</p></div>");
    c.put("plain_body", body);
    c.put("public", true);
    c.put("author_id", author);
    c.put("attachments", files);
    c.put("created_at", clock.instant().toString());
    comments.computeIfAbsent(ticketId, k -> new ArrayList<>()).add(c);
    return c;
  }

  private Map<String, Object> ticketView(Map<String, Object> t) {
    Map<String, Object> v = new LinkedHashMap<>(t);
    v.remove("request_json");
    v.remove("can_be_solved_by_me");
    v.put("url", "https://company.zendesk.com/api/v2/tickets/" + t.get("id") + ".json");
    v.put("raw_subject", t.get("subject"));
    v.put("submitter_id", AGENT_ID);
    v.put("assignee_id", null);
    v.put("via", Map.of("channel", "api"));
    return v;
  }

  private Map<String, Object> requestView(Map<String, Object> t) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("url", "https://company.zendesk.com/api/v2/requests/" + t.get("id") + ".json");
    for (String k : List.of("id", "status", "priority", "type", "subject", "description", "custom_fields",
        "requester_id", "can_be_solved_by_me", "created_at", "updated_at")) {
      v.put(k, t.get(k));
    }
    v.put("organization_id", null);
    v.put("via", Map.of("channel", "api"));
    v.put("is_public", true);
    v.put("collaborator_ids", List.of());
    v.put("email_cc_ids", List.of());
    v.put("assignee_id", null);
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(RecordedRequest request) {
    return (Map<String, Object>) parse(request.getBody().clone().readUtf8());
  }

  private static Object parse(String json) {
    try {
      return JSON.fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code size} pseudo-random bytes to a file. */
  static Path bigFile(Path dir, String name, int size) throws IOException {
    byte[] bytes = new byte[size];
    new java.util.Random(42).nextBytes(bytes);
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }
}
