package dev.helpline.testkit.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.helpline.testkit.internal.Records.Article;
import dev.helpline.testkit.internal.Records.StoredFile;
import dev.helpline.testkit.internal.Records.Upload;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every request of the Support API and the admin API. Runs on the server's worker threads; all state lives in
 * {@link DeskState}, so the handler itself holds only configuration and counters.
 */
public final class ApiHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

  /** The cap for one JSON part or JSON body. */
  public static final int MAX_JSON_BYTES = 1024 * 1024;
  private static final int MAX_SUBJECT_CHARS = 1000;
  private static final int MAX_KEY_CHARS = 255;
  private static final int MAX_COMMENT_CHARS = 10_000;
  private static final String JSON = "application/json";

  private final DeskState state;
  private final FaultPlan faults;
  private final TokenCodec tokens;
  private final Clock clock;
  private final String appKey;
  private final String adminKey;
  private final long maxRequestBytes;
  private final AtomicInteger createRequests = new AtomicInteger();
  /**
   * Exchanges whose request body a route has started to read. (HttpExchange attributes cannot hold this: in the JDK
   * they are shared by every exchange of the context.)
   */
  private final Set<HttpExchange> bodyTaken = Collections.newSetFromMap(new ConcurrentHashMap<>());

  public ApiHandler(DeskState state, FaultPlan faults, TokenCodec tokens, Clock clock, String appKey,
      String adminKey, long maxRequestBytes) {
    this.state = state;
    this.faults = faults;
    this.tokens = tokens;
    this.clock = clock;
    this.appKey = appKey;
    this.adminKey = adminKey;
    this.maxRequestBytes = maxRequestBytes;
  }

  public int createRequestCount() {
    return createRequests.get();
  }

  /** A response computed before anything is written, so faults can decide how (and whether) to deliver it. */
  private static final class Response {
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final byte[] body;

    Response(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }

    Response header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    static Response json(int status, Object tree) {
      return new Response(status, Json.write(tree)).header("Content-Type", JSON);
    }

    static Response empty(int status) {
      return new Response(status, new byte[0]);
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      handleExchange(ex);
    } finally {
      bodyTaken.remove(ex);
    }
  }

  private void handleExchange(HttpExchange ex) {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    try {
      if (path.startsWith("/admin/")) {
        send(ex, admin(ex, method, path));
        return;
      }
      if (method.equals("POST") && path.equals("/v1/tickets")) {
        createRequests.incrementAndGet();
      }
      FaultPlan.Fault fault = faults.take(method, path);
      if (fault != null) {
        log.debug("{} {}: injecting fault {}", method, path, fault.kind);
        switch (fault.kind) {
          case DROP_AT_START:
            drop(ex);
            return;
          case FAIL:
            send(ex, error(new ApiException(fault.status, codeFor(fault.status),
                "injected failure (HTTP " + fault.status + ")", null)));
            return;
          case RATE_LIMIT:
            send(ex, error(new ApiException(429, "rate_limited", "injected rate limit", null))
                .header("Retry-After", Long.toString(Math.max(0, (fault.duration.toMillis() + 999) / 1000))));
            return;
          default:
            break;
        }
      }
      Response response = api(ex, method, path);
      if (fault != null) {
        switch (fault.kind) {
          case DELAY:
            Thread.sleep(fault.duration.toMillis());
            break;
          case FAIL_AFTER_PROCESSING:
            drop(ex);
            return;
          case DROP_MID_BODY:
            sendHalf(ex, response);
            return;
          default:
            break;
        }
      }
      send(ex, response);
      log.debug("{} {} -> {}", method, path, response.status);
    } catch (InterruptedException e) {
      // The desk is closing while a delayed response waits: drop it, as a dying server would.
      Thread.currentThread().interrupt();
      drop(ex);
    } catch (RuntimeException | IOException e) {
      log.warn("{} {} failed", method, path, e);
      try {
        send(ex, error(new ApiException(500, "server_error", "the desk failed: " + e, null)));
      } catch (IOException | RuntimeException sendFailure) {
        e.addSuppressed(sendFailure);
        ex.close();
      }
    }
  }

  private static String codeFor(int status) {
    switch (status) {
      case 400: return "invalid_request";
      case 401: return "unauthorized";
      case 403: return "forbidden";
      case 404: return "not_found";
      case 409: return "idempotency_conflict";
      case 413: return "payload_too_large";
      case 429: return "rate_limited";
      default: return status >= 500 ? "server_error" : "invalid_request";
    }
  }

  private Response api(HttpExchange ex, String method, String path) throws IOException {
    try {
      return route(ex, method, path);
    } catch (ApiException e) {
      return error(e);
    }
  }

  private Response route(HttpExchange ex, String method, String path) throws IOException {
    String[] seg = path.split("/", -1); // "", "v1", ...
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    if (method.equals("GET") && (path.equals("/v1/status/summary.json") || path.equals("/api/v2/summary.json"))) {
      return conditional(ex, state.status(), true);
    }
    if (method.equals("GET") && path.equals("/v1/notices")) {
      return conditional(ex, state.notices(), false);
    }
    if (method.equals("GET") && path.equals("/v1/articles/search")) {
      return searchArticles(query);
    }
    if (path.equals("/v1/tickets")) {
      if (method.equals("POST")) {
        return createTicket(ex);
      }
      if (method.equals("GET")) {
        return listTickets(ex, query);
      }
    }
    if (seg.length >= 4 && seg[1].equals("v1") && seg[2].equals("tickets") && !seg[3].isEmpty()) {
      String id = decode(seg[3]);
      if (seg.length == 4 && method.equals("GET")) {
        TokenCodec.Claims claims = user(ex);
        long version = state.version(id, claims);
        String etag = "\"" + version + "\"";
        if (etagMatches(ex.getRequestHeaders().getFirst("If-None-Match"), etag)) {
          return Response.empty(304).header("ETag", etag);
        }
        DeskState.Created t = state.get(id, claims);
        return Response.json(200, t.json).header("ETag", "\"" + t.version + "\"");
      }
      if (seg.length == 5 && seg[4].equals("messages")) {
        if (method.equals("GET")) {
          return Response.json(200, state.messages(id, user(ex)));
        }
        if (method.equals("POST")) {
          return postMessage(ex, id);
        }
      }
      if (seg.length == 5 && seg[4].equals("rating") && method.equals("PUT")) {
        return rate(ex, id);
      }
      if (seg.length == 6 && seg[4].equals("attachments") && method.equals("GET")) {
        StoredFile f = state.attachment(id, decode(seg[5]), user(ex));
        return new Response(200, f.read()).header("Content-Type", f.mediaType)
            .header("Content-Disposition", contentDisposition(f.fileName));
      }
    }
    throw new ApiException(404, "not_found", "No route for " + method + " " + path, null);
  }

  /** An ASCII-safe filename plus the exact name in RFC 5987 form; a raw name could smuggle CR/LF into headers. */
  static String contentDisposition(String fileName) {
    StringBuilder ascii = new StringBuilder();
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
    }
    String encoded = java.net.URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }

  // ---------------------------------------------------------------- tickets

  private Response createTicket(HttpExchange ex) throws IOException {
    requireAppKey(ex);
    String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
    if (key == null || key.trim().isEmpty()) {
      throw ApiException.invalid("Idempotency-Key", "the Idempotency-Key header is required");
    }
    if (key.length() > MAX_KEY_CHARS) {
      throw ApiException.invalid("Idempotency-Key",
          "Idempotency-Key has " + key.length() + " characters; the limit is " + MAX_KEY_CHARS);
    }
    List<Multipart.Part> parts = readMultipart(ex, "ticket");
    Multipart.Part ticketPart = null;
    List<Upload> uploads = new ArrayList<>();
    MessageDigest digest = sha256();
    for (Multipart.Part p : parts) {
      if (p.name.equals("ticket")) {
        if (ticketPart != null) {
          throw ApiException.invalid("ticket", "more than one 'ticket' part");
        }
        ticketPart = p;
      } else {
        uploads.add(upload(p));
      }
    }
    if (ticketPart == null) {
      throw ApiException.invalid("ticket", "the multipart body has no 'ticket' part");
    }
    digest.update(ticketPart.body);
    for (Upload u : uploads) {
      digestField(digest, u.fileName.getBytes(StandardCharsets.UTF_8));
      digestField(digest, u.mediaType.getBytes(StandardCharsets.UTF_8));
      digestField(digest, u.bytes);
    }
    Map<String, Object> ticket = validateTicket(Json.parseObject(ticketPart.body, "ticket"));
    DeskState.Created created = state.create(key, HexFormat.of().formatHex(digest.digest()), ticket, uploads);
    Response r = Response.json(created.replayed ? 200 : 201, created.json)
        .header("ETag", "\"" + created.version + "\"");
    if (created.replayed) {
      r.header("Idempotent-Replayed", "true");
    }
    return r;
  }

  private static void digestField(MessageDigest digest, byte[] bytes) {
    // Length-prefixed so that different splits of the same bytes never collide.
    long n = bytes.length;
    for (int i = 7; i >= 0; i--) {
      digest.update((byte) (n >>> (8 * i)));
    }
    digest.update(bytes);
  }

  private static Map<String, Object> validateTicket(Map<String, Object> in) {
    String subject = Json.optString(in, "subject", "subject");
    if (subject == null || subject.trim().isEmpty()) {
      throw ApiException.invalid("subject", "subject must not be blank");
    }
    if (subject.length() > MAX_SUBJECT_CHARS) {
      throw ApiException.invalid("subject",
          "subject has " + subject.length() + " characters; the limit is " + MAX_SUBJECT_CHARS);
    }
    String description = Json.optString(in, "description", "description");
    String priority = Json.optString(in, "priority", "priority");
    if (priority == null) {
      priority = "normal";
    } else if (!DeskState.PRIORITIES.contains(priority)) {
      throw ApiException.invalid("priority", "priority '" + priority + "' is not one of " + DeskState.PRIORITIES);
    }
    Map<String, Object> requester = Json.optObject(in, "requester", "requester");
    String createdAt = Json.optString(in, "createdAt", "createdAt");
    if (createdAt != null) {
      try {
        OffsetDateTime.parse(createdAt);
      } catch (DateTimeParseException e) {
        throw ApiException.invalid("createdAt", "createdAt '" + createdAt + "' is not an ISO-8601 timestamp with offset");
      }
    }
    return Json.obj(
        "subject", subject,
        "description", description == null ? "" : description,
        "priority", priority,
        "category", Json.optString(in, "category", "category"),
        "tags", Json.optStringList(in, "tags", "tags"),
        "customFields", Json.optStringMap(in, "customFields", "customFields"),
        "requesterId", requester == null ? null : Json.optString(requester, "id", "requester.id"),
        "requesterEmail", requester == null ? null : Json.optString(requester, "email", "requester.email"),
        "requesterName", requester == null ? null : Json.optString(requester, "name", "requester.name"),
        "diagnosticsSummary", Json.optString(in, "diagnosticsSummary", "diagnosticsSummary"),
        "createdAt", createdAt);
  }

  private Response listTickets(HttpExchange ex, Map<String, String> query) {
    TokenCodec.Claims claims = user(ex);
    int limit = intParam(query, "limit", 20, 1, 100);
    String cursor = query.get("cursor");
    long before = cursor == null || cursor.isEmpty() ? Long.MAX_VALUE : DeskState.decodeCursor(cursor);
    return Response.json(200, state.list(claims, before, limit));
  }

  private Response postMessage(HttpExchange ex, String ticketId) throws IOException {
    TokenCodec.Claims claims = user(ex);
    state.version(ticketId, claims); // 404 before reading a body we would discard
    List<Multipart.Part> parts = readMultipart(ex, "message");
    Multipart.Part messagePart = null;
    List<Upload> uploads = new ArrayList<>();
    for (Multipart.Part p : parts) {
      if (p.name.equals("message")) {
        if (messagePart != null) {
          throw ApiException.invalid("message", "more than one 'message' part");
        }
        messagePart = p;
      } else {
        uploads.add(upload(p));
      }
    }
    if (messagePart == null) {
      throw ApiException.invalid("message", "the multipart body has no 'message' part");
    }
    String body = Json.optString(Json.parseObject(messagePart.body, "message"), "body", "body");
    if (body == null || body.trim().isEmpty()) {
      throw ApiException.invalid("body", "body must not be blank");
    }
    return Response.json(201, state.requesterReply(ticketId, claims, body, uploads));
  }

  private Response rate(HttpExchange ex, String ticketId) throws IOException {
    TokenCodec.Claims claims = user(ex);
    Map<String, Object> in = Json.parseObject(readJsonBody(ex), "rating");
    Long score = Json.optLong(in, "score", "score");
    if (score == null || score < 1 || score > 5) {
      throw ApiException.invalid("score", "score must be an integer from 1 to 5 but was " + in.get("score"));
    }
    String comment = Json.optString(in, "comment", "comment");
    if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
      throw ApiException.invalid("comment",
          "comment has " + comment.length() + " characters; the limit is " + MAX_COMMENT_CHARS);
    }
    return Response.json(200, state.rate(ticketId, claims, score.intValue(), comment));
  }

  private static Upload upload(Multipart.Part p) {
    if (!p.name.equals("attachment")) {
      throw ApiException.invalid(p.name, "unexpected multipart part '" + p.name + "'");
    }
    if (p.fileName == null || p.fileName.isEmpty()) {
      throw ApiException.invalid("attachment", "an attachment part needs a filename in Content-Disposition");
    }
    String type = p.contentType == null || p.contentType.isEmpty() ? "application/octet-stream" : p.contentType;
    return new Upload(p.fileName, type, p.body);
  }

  private List<Multipart.Part> readMultipart(HttpExchange ex, String jsonPart) throws IOException {
    String boundary = Multipart.boundary(ex.getRequestHeaders().getFirst("Content-Type"));
    bodyTaken.add(ex);
    try (InputStream in = cappedBody(ex)) {
      return Multipart.read(in, boundary, name -> name.equals(jsonPart) ? MAX_JSON_BYTES : maxRequestBytes);
    }
  }

  private byte[] readJsonBody(HttpExchange ex) throws IOException {
    long declared = contentLength(ex);
    if (declared > MAX_JSON_BYTES) {
      throw tooLarge("body", declared, MAX_JSON_BYTES);
    }
    bodyTaken.add(ex);
    try (InputStream in = ex.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
      if (bytes.length > MAX_JSON_BYTES) {
        throw tooLarge("body", bytes.length, MAX_JSON_BYTES);
      }
      return bytes;
    }
  }

  private static long contentLength(HttpExchange ex) {
    String value = ex.getRequestHeaders().getFirst("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("Content-Length", "Content-Length '" + value + "' is not a number");
    }
  }

  private static ApiException tooLarge(String field, long size, long limit) {
    return new ApiException(413, "payload_too_large",
        field + " has " + size + " bytes or more; the limit is " + limit, field);
  }

  /** The request body, failing with 413 as soon as it exceeds the request cap. */
  private InputStream cappedBody(HttpExchange ex) {
    long declared = contentLength(ex);
    if (declared > maxRequestBytes) {
      throw tooLarge("body", declared, maxRequestBytes);
    }
    return new FilterInputStream(ex.getRequestBody()) {
      private long count;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          count(n);
        }
        return n;
      }

      private void count(long n) {
        count += n;
        if (count > maxRequestBytes) {
          throw tooLarge("body", count, maxRequestBytes);
        }
      }
    };
  }

  // ---------------------------------------------------------------- public reads

  private Response searchArticles(Map<String, String> query) {
    String q = query.get("q");
    if (q == null || q.trim().isEmpty()) {
      throw ApiException.invalid("q", "q must not be blank");
    }
    if (q.length() > 1000) {
      throw ApiException.invalid("q", "q has " + q.length() + " characters; the limit is 1000");
    }
    int limit = intParam(query, "limit", 10, 1, 50);
    String locale = query.get("locale");
    return Response.json(200, state.search(q, locale == null || locale.isEmpty() ? null : locale, limit));
  }

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  private static Response conditional(HttpExchange ex, DeskState.Versioned v, boolean withLastModified) {
    Headers h = ex.getRequestHeaders();
    String inm = h.getFirst("If-None-Match");
    String ims = h.getFirst("If-Modified-Since");
    Instant modified = v.lastModified.truncatedTo(ChronoUnit.SECONDS);
    boolean notModified;
    if (inm != null) {
      notModified = etagMatches(inm, v.etag);
    } else if (ims != null && withLastModified) {
      notModified = notModifiedSince(ims, modified);
    } else {
      notModified = false;
    }
    Response r = notModified ? Response.empty(304) : new Response(200, v.body).header("Content-Type", JSON);
    r.header("ETag", v.etag).header("Cache-Control", "no-cache");
    if (withLastModified) {
      r.header("Last-Modified", HTTP_DATE.format(ZonedDateTime.ofInstant(modified, ZoneOffset.UTC)));
    }
    return r;
  }

  private static boolean notModifiedSince(String ims, Instant modified) {
    try {
      Instant since = ZonedDateTime.parse(ims.trim(), HTTP_DATE).toInstant();
      return !modified.isAfter(since);
    } catch (DateTimeParseException e) {
      return false; // RFC 9110: an invalid date is ignored
    }
  }

  static boolean etagMatches(@Nullable String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- admin

  private Response admin(HttpExchange ex, String method, String path) throws IOException {
    try {
      String bearer = bearer(ex);
      if (bearer == null || !constantTimeEquals(bearer, adminKey)) {
        throw new ApiException(401, "unauthorized", "admin endpoints need Authorization: Bearer <adminKey>", null);
      }
      return adminRoute(ex, method, path);
    } catch (ApiException e) {
      return error(e);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("ticketId:")) {
        return error(new ApiException(404, "not_found", message, "ticketId"));
      }
      return error(ApiException.invalid(message.contains(":") ? message.substring(0, message.indexOf(':')) : null,
          message));
    }
  }

  private Response adminRoute(HttpExchange ex, String method, String path) throws IOException {
    String[] seg = path.split("/", -1);
    if (path.equals("/admin/tickets") && method.equals("GET")) {
      return Response.json(200, Json.obj("tickets", state.adminTickets()));
    }
    if (seg.length == 5 && seg[2].equals("tickets")) {
      String id = decode(seg[3]);
      Map<String, Object> in = Json.parseObject(readJsonBody(ex), "body");
      if (seg[4].equals("messages") && method.equals("POST")) {
        state.agentReply(id, Json.reqString(in, "body", "body"));
        return Response.empty(204);
      }
      if (seg[4].equals("status") && method.equals("PUT")) {
        state.setStatus(id, Json.reqString(in, "status", "status"));
        return Response.empty(204);
      }
    }
    if (path.equals("/admin/status") && method.equals("PUT")) {
      state.publishStatus(new String(readJsonBody(ex), StandardCharsets.UTF_8));
      return Response.empty(204);
    }
    if (path.equals("/admin/notices") && method.equals("POST")) {
      return Response.json(201, state.publishNotice(Json.parseObject(readJsonBody(ex), "notice")));
    }
    if (seg.length == 4 && seg[2].equals("notices") && method.equals("DELETE")) {
      if (!state.removeNotice(decode(seg[3]))) {
        throw ApiException.notFound();
      }
      return Response.empty(204);
    }
    if (path.equals("/admin/articles") && method.equals("POST")) {
      Map<String, Object> in = Json.parseObject(readJsonBody(ex), "article");
      state.addArticle(new Article(Json.reqString(in, "id", "id"), Json.reqString(in, "title", "title"),
          Json.reqString(in, "body", "body"), Json.reqString(in, "url", "url"),
          Json.optString(in, "locale", "locale")));
      return Response.empty(201);
    }
    if (path.equals("/admin/tokens") && method.equals("POST")) {
      Map<String, Object> in = Json.parseObject(readJsonBody(ex), "body");
      String sub = Json.reqString(in, "sub", "sub");
      Long ttl = Json.optLong(in, "ttlSeconds", "ttlSeconds");
      long seconds = ttl == null ? 3600 : ttl;
      String token = tokens.issue(sub, Json.optString(in, "email", "email"),
          clock.instant().getEpochSecond() + seconds);
      return Response.json(200, Json.obj("token", token));
    }
    if (path.equals("/admin/faults")) {
      if (method.equals("DELETE")) {
        faults.clear();
        return Response.empty(204);
      }
      if (method.equals("POST")) {
        Map<String, Object> in = Json.parseObject(readJsonBody(ex), "fault");
        FaultPlan.Kind kind = FaultPlan.Kind.parse(Json.reqString(in, "kind", "kind"));
        Long count = Json.optLong(in, "count", "count");
        Long status = Json.optLong(in, "status", "status");
        Long seconds = Json.optLong(in, "seconds", "seconds");
        if (kind == FaultPlan.Kind.FAIL && (status == null || status < 400 || status > 599)) {
          throw ApiException.invalid("status", "a 'fail' fault needs a status from 400 to 599");
        }
        String prefix = Json.optString(in, "pathPrefix", "pathPrefix");
        faults.add(kind, count == null ? 1 : count.intValue(), status == null ? 0 : status.intValue(),
            Duration.ofSeconds(seconds == null ? 0 : seconds), Json.optString(in, "method", "method"),
            prefix == null ? "/" : prefix);
        return Response.empty(204);
      }
    }
    throw new ApiException(404, "not_found", "No admin route for " + method + " " + path, null);
  }

  // ---------------------------------------------------------------- auth

  private void requireAppKey(HttpExchange ex) {
    String bearer = bearer(ex);
    if (bearer == null || !constantTimeEquals(bearer, appKey)) {
      throw new ApiException(401, "unauthorized", "creating a ticket needs Authorization: Bearer <appKey>", null);
    }
  }

  private TokenCodec.Claims user(HttpExchange ex) {
    String bearer = bearer(ex);
    if (bearer == null) {
      throw new ApiException(401, "unauthorized", "this resource needs Authorization: Bearer <userToken>", null);
    }
    TokenCodec.Claims claims = tokens.verify(bearer);
    if (claims == null) {
      throw new ApiException(401, "invalid_token", "the user token is malformed, expired or wrongly signed", null);
    }
    return claims;
  }

  private static @Nullable String bearer(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return auth.substring(7).trim();
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- plumbing

  private static Response error(ApiException e) {
    Map<String, Object> body = Json.obj("error", e.code(), "message", e.getMessage());
    if (e.field() != null) {
      body.put("field", e.field());
    }
    Response r = Response.json(e.status(), body);
    if (e.status() == 401) {
      r.header("WWW-Authenticate", "Bearer");
    }
    return r;
  }

  private static int intParam(Map<String, String> query, String name, int dflt, int min, int max) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(value);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw ApiException.invalid(name, name + " must be an integer from " + min + " to " + max + " but was " + value);
  }

  private static Map<String, String> query(@Nullable String raw) {
    Map<String, String> result = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
      result.putIfAbsent(k, v);
    }
    return result;
  }

  private static String decode(String pathSegment) {
    return decodeQuery(pathSegment.replace("+", "%2B"));
  }

  private static String decodeQuery(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("path", "malformed percent-encoding in '" + s + "'");
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }

  private void send(HttpExchange ex, Response r) throws IOException {
    drainUnreadBody(ex);
    Headers headers = ex.getResponseHeaders();
    r.headers.forEach(headers::set);
    ex.sendResponseHeaders(r.status, r.body.length == 0 ? -1 : r.body.length);
    if (r.body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(r.body);
      }
    }
    ex.close();
  }

  /**
   * Reads (up to the request cap) a body the route never looked at, e.g. an upload answered with 401 or an injected
   * 503: a client still writing it would otherwise see a reset connection instead of the response.
   */
  private void drainUnreadBody(HttpExchange ex) throws IOException {
    if (!bodyTaken.add(ex)) {
      return;
    }
    long declared = contentLengthOrUnknown(ex);
    if (declared > maxRequestBytes) {
      return; // too big to swallow; the server closes the connection after the response
    }
    InputStream in = ex.getRequestBody();
    byte[] buffer = new byte[64 * 1024];
    long left = maxRequestBytes;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= n;
    }
  }

  private static long contentLengthOrUnknown(HttpExchange ex) {
    try {
      return contentLength(ex);
    } catch (ApiException e) {
      return -1; // a malformed length was already answered with 400; drain what the stream yields
    }
  }

  /** Headers and the first half of the body, then the connection closes: the client sees a truncated body. */
  private static void sendHalf(HttpExchange ex, Response r) throws IOException {
    if (r.body.length < 2) {
      drop(ex);
      return;
    }
    Headers headers = ex.getResponseHeaders();
    r.headers.forEach(headers::set);
    ex.sendResponseHeaders(r.status, r.body.length);
    OutputStream out = ex.getResponseBody();
    out.write(r.body, 0, r.body.length / 2);
    out.flush();
    drop(ex);
  }

  /**
   * Closes the connection without completing a response. Without response headers, HttpExchange.close() closes the
   * socket; after a partial fixed-length body it does the same because the body is short.
   */
  private static void drop(HttpExchange ex) {
    ex.close();
  }
}

