package dev.helpline.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.helpline.testkit.internal.Records.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The agent console: static HTML, CSS and JavaScript from the jar at {@code /} and {@code /console/*}, and the JSON
 * API those pages use under {@code /console/api/*}.
 *
 * <p>Signing in with the admin key opens a session (HttpOnly, SameSite=Strict cookie). Every API call needs the
 * session; every write also needs the session's CSRF token in {@code X-CSRF-Token} and, when the browser sends one, a
 * same-origin {@code Origin}. The Host header must name the loopback address the desk listens on (no DNS rebinding).
 * Every response carries a Content-Security-Policy without inline script or style; attachments are always served as
 * downloads except raster images, with a sandboxing policy of their own. Thread-safe.
 */
final class ConsoleRoutes {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
  private static final String ASSETS = "/dev/helpline/testkit/console/";
  private static final Map<String, String> FILES = Map.of(
      "/", "index.html", "/console/app.js", "app.js", "/console/app.css", "app.css",
      "/console/favicon.svg", "favicon.svg");
  private static final Set<String> INLINE_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  private final DeskState state;
  private final HttpIo io;
  private final String adminKey;
  private final ConsoleSessions sessions;
  private final ConsoleStream stream;

  ConsoleRoutes(DeskState state, HttpIo io, Clock clock, String adminKey) {
    this.state = state;
    this.io = io;
    this.adminKey = adminKey;
    this.sessions = new ConsoleSessions(clock);
    this.stream = new ConsoleStream(state.events());
  }

  static boolean owns(String path) {
    return path.equals("/") || path.startsWith("/console/");
  }

  void handle(HttpExchange ex, String method, String path) throws IOException {
    Response r;
    try {
      checkHost(ex);
      if (path.equals("/console/api/events") && method.equals("GET")) {
        ConsoleSessions.Session s = session(ex);
        stream.serve(ex, securityHeaders(), () -> findSession(ex) == s);
        return;
      }
      r = route(ex, method, path);
    } catch (ApiException e) {
      r = Response.error(e);
    } catch (IllegalArgumentException e) {
      r = Response.error(AdminRoutes.fromArgument(e));
    }
    securityHeaders().forEach(r.headers::putIfAbsent); // an attachment keeps its stricter policy
    if (r.status == 401) {
      r.headers.remove("WWW-Authenticate"); // no browser credential dialog: the page shows its own sign-in
    }
    io.send(ex, r);
  }

  private static Map<String, String> securityHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Security-Policy", CSP);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-Frame-Options", "DENY");
    h.put("Referrer-Policy", "no-referrer");
    h.put("Cross-Origin-Opener-Policy", "same-origin");
    h.put("Cross-Origin-Resource-Policy", "same-origin");
    h.put("Cache-Control", "no-store");
    return h;
  }

  private Response route(HttpExchange ex, String method, String path) throws IOException {
    String asset = FILES.get(path);
    if (asset != null && method.equals("GET")) {
      return asset(asset);
    }
    if (path.equals("/console/session")) {
      if (method.equals("POST")) {
        return signIn(ex);
      }
      if (method.equals("DELETE")) {
        ConsoleSessions.Session s = session(ex);
        checkWrite(ex, s);
        sessions.close(s);
        return Response.empty(204).header("Set-Cookie", ConsoleSessions.expiredCookie(port(ex)));
      }
    }
    if (!path.startsWith("/console/api/")) {
      throw new ApiException(404, "not_found", "No console page " + path, null);
    }
    ConsoleSessions.Session s = session(ex);
    if (!method.equals("GET")) {
      checkWrite(ex, s);
    }
    String[] seg = path.substring("/console/api/".length()).split("/", -1);
    switch (seg[0]) {
      case "session":
        return Response.json(200, Json.obj("csrfToken", s.csrf));
      case "tickets":
        return tickets(ex, method, seg);
      case "status":
        return status(ex, method, seg);
      case "notices":
        return notices(ex, method, seg);
      default:
        throw new ApiException(404, "not_found", "No console route for " + method + " " + path, null);
    }
  }

  private Response tickets(HttpExchange ex, String method, String[] seg) throws IOException {
    if (seg.length == 1 && method.equals("GET")) {
      return Response.json(200, Json.obj("tickets", state.adminTickets()));
    }
    String id = seg.length > 1 ? HttpIo.decode(seg[1]) : "";
    if (seg.length == 2 && method.equals("GET")) {
      return Response.json(200, state.adminTicket(id));
    }
    if (seg.length == 3 && seg[2].equals("messages") && method.equals("POST")) {
      agentReply(ex, id);
      return Response.json(200, state.adminTicket(id));
    }
    if (seg.length == 3 && seg[2].equals("status") && method.equals("PUT")) {
      state.setStatus(id, Json.reqString(body(ex), "status", "status"));
      return Response.json(200, state.adminTicket(id));
    }
    if (seg.length == 4 && seg[2].equals("attachments") && method.equals("GET")) {
      StoredFile f = state.adminAttachment(id, HttpIo.decode(seg[3]));
      boolean inline = INLINE_IMAGES.contains(f.mediaType) && !"1".equals(
          HttpIo.query(ex.getRequestURI().getRawQuery()).get("download"));
      // A hostile HTML or SVG file from a ticket must never run in the console's origin.
      return new Response(200, f.read()).header("Content-Type", f.mediaType)
          .header("Content-Disposition", HttpIo.contentDisposition(inline ? "inline" : "attachment", f.fileName))
          .header("Content-Security-Policy", "default-src 'none'; sandbox");
    }
    throw new ApiException(404, "not_found", "No console ticket route", null);
  }

  private Response status(HttpExchange ex, String method, String[] seg) throws IOException {
    if (seg.length == 1 && method.equals("GET")) {
      return new Response(200, state.status().body).header("Content-Type", Response.JSON);
    }
    if (seg.length == 2 && method.equals("POST")) {
      Map<String, Object> in = body(ex);
      switch (seg[1]) {
        case "indicator":
          state.setIndicator(Json.reqString(in, "indicator", "indicator"),
              Json.reqString(in, "description", "description"));
          return Response.empty(204);
        case "components":
          state.setComponent(Json.reqString(in, "name", "name"), Json.reqString(in, "status", "status"));
          return Response.empty(204);
        case "incidents":
          return Response.json(201, Json.obj("id", state.addIncident(Json.reqString(in, "name", "name"),
              Json.reqString(in, "status", "status"), Json.reqString(in, "impact", "impact"), text(in, "body"))));
        case "maintenances":
          return Response.json(201, Json.obj("id", state.addMaintenance(Json.reqString(in, "name", "name"),
              Json.reqString(in, "startsAt", "startsAt"), Json.reqString(in, "endsAt", "endsAt"),
              text(in, "body"))));
        default:
          break;
      }
    }
    if (seg.length == 3 && seg[1].equals("events") && method.equals("DELETE")) {
      if (!state.removeStatusEvent(HttpIo.decode(seg[2]))) {
        throw ApiException.notFound();
      }
      return Response.empty(204);
    }
    throw new ApiException(404, "not_found", "No console status route", null);
  }

  private Response notices(HttpExchange ex, String method, String[] seg) throws IOException {
    if (seg.length == 1 && method.equals("GET")) {
      return new Response(200, state.notices().body).header("Content-Type", Response.JSON);
    }
    if (seg.length == 1 && method.equals("POST")) {
      return Response.json(201, state.publishNotice(body(ex)));
    }
    if (seg.length == 2 && method.equals("DELETE")) {
      if (!state.removeNotice(HttpIo.decode(seg[1]))) {
        throw ApiException.notFound();
      }
      return Response.empty(204);
    }
    throw new ApiException(404, "not_found", "No console notices route", null);
  }

  // ---------------------------------------------------------------- sign-in and guards

  private Response signIn(HttpExchange ex) throws IOException {
    checkOrigin(ex);
    String key = Json.optString(body(ex), "adminKey", "adminKey");
    if (key == null || !HttpIo.constantTimeEquals(key, adminKey)) {
      throw new ApiException(401, "unauthorized", "that is not this desk's admin key", "adminKey");
    }
    // Signing in again from the same browser replaces the cookie: the session it named ends with it, streams too.
    ConsoleSessions.Session replaced = findSession(ex);
    if (replaced != null) {
      sessions.close(replaced);
    }
    ConsoleSessions.Session s = sessions.open();
    return Response.json(200, Json.obj("csrfToken", s.csrf))
        .header("Set-Cookie", ConsoleSessions.cookie(s, port(ex)));
  }

  private ConsoleSessions.Session session(HttpExchange ex) {
    ConsoleSessions.Session s = findSession(ex);
    if (s == null) {
      throw new ApiException(401, "unauthorized", "sign in with the desk's admin key first", null);
    }
    return s;
  }

  private ConsoleSessions.@Nullable Session findSession(HttpExchange ex) {
    return sessions.find(ex.getRequestHeaders().getFirst("Cookie"), port(ex));
  }

  private static int port(HttpExchange ex) {
    return ex.getLocalAddress().getPort();
  }

  private static void checkWrite(HttpExchange ex, ConsoleSessions.Session s) {
    checkOrigin(ex);
    String token = ex.getRequestHeaders().getFirst("X-CSRF-Token");
    if (token == null || !HttpIo.constantTimeEquals(token, s.csrf)) {
      throw new ApiException(403, "forbidden", "this write needs the session's X-CSRF-Token header", "X-CSRF-Token");
    }
  }

  /** A browser sends Origin on cross-origin and on POST/PUT/DELETE requests; it must be this console. */
  private static void checkOrigin(HttpExchange ex) {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    String host = ex.getRequestHeaders().getFirst("Host");
    if (origin != null && !origin.equals("http://" + host)) {
      throw new ApiException(403, "forbidden", "cross-origin requests are refused", "Origin");
    }
  }

  /** Only loopback names: a page on another site that rebinds its DNS name to 127.0.0.1 gets nothing. */
  private static void checkHost(HttpExchange ex) {
    String host = ex.getRequestHeaders().getFirst("Host");
    int port = port(ex);
    if (host == null || !(host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port)
        || host.equals("[::1]:" + port))) {
      throw new ApiException(403, "forbidden", "the console answers only to a loopback Host", "Host");
    }
  }

  /**
   * An agent's reply: JSON {@code {"body": …}}, or with files as the Support API's replies send them, a multipart
   * body of a {@code message} part holding that JSON and {@code attachment} parts.
   */
  private void agentReply(HttpExchange ex, String ticketId) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      state.agentReply(ticketId, Json.reqString(body(ex), "body", "body"), List.of());
      return;
    }
    state.adminTicket(ticketId); // 404 before reading a body we would discard
    JsonWithFiles form = JsonWithFiles.read(io, ex, "message");
    state.agentReply(ticketId, Json.reqString(Json.parseObject(form.json, "message"), "body", "body"), form.uploads);
  }

  private Map<String, Object> body(HttpExchange ex) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ApiException(415, "invalid_request", "console writes send application/json (a reply with files: "
          + "multipart/form-data)", "Content-Type");
    }
    return Json.parseObject(io.readJsonBody(ex), "body");
  }

  private static String text(Map<String, Object> in, String field) {
    String v = Json.optString(in, field, field);
    return v == null ? "" : v;
  }

  private static Response asset(String name) throws IOException {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream(ASSETS + name)) {
      if (in == null) {
        throw new IllegalStateException("console asset " + name + " is missing from the jar");
      }
      return new Response(200, in.readAllBytes()).header("Content-Type", mediaType(name));
    }
  }

  private static String mediaType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    return name.endsWith(".svg") ? "image/svg+xml" : "application/octet-stream";
  }
}
