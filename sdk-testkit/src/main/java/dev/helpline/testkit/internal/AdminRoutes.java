package dev.helpline.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.helpline.testkit.internal.Records.Article;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The JSON admin API under {@code /admin/*} (Bearer admin key): agent replies and status changes, service status,
 * notices, articles, user tokens and fault injection, for use from other processes. Thread-safe.
 */
final class AdminRoutes {
  private final DeskState state;
  private final HttpIo io;
  private final FaultPlan faults;
  private final TokenCodec tokens;
  private final Clock clock;
  private final String adminKey;

  AdminRoutes(DeskState state, HttpIo io, FaultPlan faults, TokenCodec tokens, Clock clock, String adminKey) {
    this.state = state;
    this.io = io;
    this.faults = faults;
    this.tokens = tokens;
    this.clock = clock;
    this.adminKey = adminKey;
  }

  Response handle(HttpExchange ex, String method, String path) throws IOException {
    try {
      String bearer = HttpIo.bearer(ex);
      if (bearer == null || !HttpIo.constantTimeEquals(bearer, adminKey)) {
        throw new ApiException(401, "unauthorized", "admin endpoints need Authorization: Bearer <adminKey>", null);
      }
      return route(ex, method, path);
    } catch (ApiException e) {
      return Response.error(e);
    } catch (IllegalArgumentException e) {
      return Response.error(fromArgument(e));
    }
  }

  /** Maps the state's IllegalArgumentException ("field: message") to 404 for unknown tickets, else 400. */
  static ApiException fromArgument(IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("ticketId:")) {
      return new ApiException(404, "not_found", message, "ticketId");
    }
    return ApiException.invalid(message.contains(":") ? message.substring(0, message.indexOf(':')) : null, message);
  }

  private Response route(HttpExchange ex, String method, String path) throws IOException {
    String[] seg = path.split("/", -1);
    if (path.equals("/admin/tickets") && method.equals("GET")) {
      return Response.json(200, Json.obj("tickets", state.adminTickets()));
    }
    if (seg.length == 5 && seg[2].equals("tickets")) {
      String id = HttpIo.decode(seg[3]);
      Map<String, Object> in = Json.parseObject(io.readJsonBody(ex), "body");
      if (seg[4].equals("messages") && method.equals("POST")) {
        state.agentReply(id, Json.reqString(in, "body", "body"), List.of());
        return Response.empty(204);
      }
      if (seg[4].equals("status") && method.equals("PUT")) {
        state.setStatus(id, Json.reqString(in, "status", "status"));
        return Response.empty(204);
      }
    }
    if (path.equals("/admin/status") && method.equals("PUT")) {
      state.publishStatus(new String(io.readJsonBody(ex), StandardCharsets.UTF_8));
      return Response.empty(204);
    }
    if (path.equals("/admin/notices") && method.equals("POST")) {
      return Response.json(201, state.publishNotice(Json.parseObject(io.readJsonBody(ex), "notice")));
    }
    if (seg.length == 4 && seg[2].equals("notices") && method.equals("DELETE")) {
      if (!state.removeNotice(HttpIo.decode(seg[3]))) {
        throw ApiException.notFound();
      }
      return Response.empty(204);
    }
    if (path.equals("/admin/articles") && method.equals("POST")) {
      Map<String, Object> in = Json.parseObject(io.readJsonBody(ex), "article");
      state.addArticle(new Article(Json.reqString(in, "id", "id"), Json.reqString(in, "title", "title"),
          Json.reqString(in, "body", "body"), Json.reqString(in, "url", "url"),
          Json.optString(in, "locale", "locale")));
      return Response.empty(201);
    }
    if (path.equals("/admin/tokens") && method.equals("POST")) {
      Map<String, Object> in = Json.parseObject(io.readJsonBody(ex), "body");
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
        return addFault(ex);
      }
    }
    throw new ApiException(404, "not_found", "No admin route for " + method + " " + path, null);
  }

  private Response addFault(HttpExchange ex) throws IOException {
    Map<String, Object> in = Json.parseObject(io.readJsonBody(ex), "fault");
    FaultPlan.Kind kind = FaultPlan.Kind.parse(Json.reqString(in, "kind", "kind"));
    Long count = Json.optLong(in, "count", "count");
    Long status = Json.optLong(in, "status", "status");
    Long seconds = Json.optLong(in, "seconds", "seconds");
    if (kind == FaultPlan.Kind.FAIL && (status == null || status < 400 || status > 599)) {
      throw ApiException.invalid("status", "a 'fail' fault needs a status from 400 to 599");
    }
    if (seconds != null && seconds < 0) {
      throw ApiException.invalid("seconds", "seconds must not be negative but was " + seconds);
    }
    String prefix = Json.optString(in, "pathPrefix", "pathPrefix");
    faults.add(kind, count == null ? 1 : count.intValue(), status == null ? 0 : status.intValue(),
        Duration.ofSeconds(seconds == null ? 0 : seconds), Json.optString(in, "method", "method"),
        prefix == null ? "/" : prefix);
    return Response.empty(204);
  }
}
