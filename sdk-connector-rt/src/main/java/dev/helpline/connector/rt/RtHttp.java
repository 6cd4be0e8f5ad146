package dev.helpline.connector.rt;

import dev.helpline.DeskException;
import dev.helpline.Ticket;
import dev.helpline.internal.http.ConnectorHttp;
import dev.helpline.internal.http.ErrorBodies;
import dev.helpline.internal.json.JsonTree;
import dev.helpline.internal.http.LazyClient;
import dev.helpline.internal.http.RetryAfter;
import dev.helpline.internal.http.ScrubbedFailures;
import dev.helpline.internal.http.Secrets;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * HTTP plumbing for one RT server: URLs built from our own base (never from RT's {@code _url} values,
 * which come from RT's configured WebBaseURL), credentials and User-Agent on every request, capped body
 * reads, and RT's {@code {"message": "..."}} errors turned into {@link DeskException}s.
 */
final class RtHttp {
  /** RT's answers as trees; RT writes unset dates as the epoch. */
  static final JsonTree JSON = new JsonTree("Request Tracker", "1970-01-01T00:00:00Z");
  static final long DEFAULT_CAP = 2L * 1024 * 1024;
  static final long ATTACHMENT_CAP = 8L * 1024 * 1024;
  private static final long ERROR_CAP = 64 * 1024;

  final HttpUrl restBase;
  final HttpUrl root;
  private final LazyClient client;
  private final String authorization;
  private final String userAgent;
  private final Secrets secrets;
  private final Clock clock;
  private final long maxResponseBytes;

  /**
   * @param secrets the credentials of this connector; RT echoes them in some refusals, and every text
   *     taken from an RT answer into an exception goes through them first
   * @param maxResponseBytes the cap on an answer's body, but for attachments' content ({@link #ATTACHMENT_CAP})
   */
  RtHttp(HttpUrl restBase, HttpUrl root, LazyClient client, String authorization, String userAgent, Secrets secrets,
      Clock clock, long maxResponseBytes) {
    this.restBase = restBase;
    this.root = root;
    this.client = client;
    this.authorization = authorization;
    this.userAgent = userAgent;
    this.secrets = secrets;
    this.clock = clock;
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * Accepts RT's root ({@code http://host:port/}, or {@code http://host/rt/} under a path) or its REST2 base
   * ({@code …/REST/2.0}) and returns {root, restBase}, both ending in a slash; refuses one with user info, a query or
   * a fragment as {@link ConnectorHttp#baseUrl(String, String)} does.
   */
  static HttpUrl[] bases(String baseUrl) {
    HttpUrl given = ConnectorHttp.baseUrl("baseUrl", baseUrl);
    List<String> segments = given.pathSegments(); // the last one is "" (a trailing slash)
    int n = segments.size();
    boolean isRest = n >= 3 && segments.get(n - 3).equals("REST") && segments.get(n - 2).equals("2.0");
    HttpUrl root = isRest ? given.resolve("../../") : given;
    return new HttpUrl[] {root, isRest ? given : root.resolve("REST/2.0/")};
  }

  HttpUrl.Builder url(String... segments) {
    HttpUrl.Builder b = restBase.newBuilder();
    for (String s : segments) b.addPathSegment(s);
    return b;
  }

  Request.Builder request(HttpUrl url) {
    return new Request.Builder().url(url).header("Authorization", authorization).header("User-Agent", userAgent)
        .header("Accept", "application/json");
  }

  /** The parsed JSON of a 2xx answer (null for an empty body), or a {@link DeskException}. */
  @Nullable Object json(Request request) throws IOException {
    try (Response response = execute(request)) {
      return parse(read(response), request.method() + " " + path(request.url()));
    }
  }

  /**
   * A 2xx answer's body parsed ({@link JsonTree#parse}); malformed JSON is an {@link IOException} whose texts went
   * through this connector's secrets, since Moshi names the members on the way to a syntax error and RT may echo a
   * credential as one ({@link ScrubbedFailures#scrub}).
   */
  @Nullable Object parse(byte[] body, String what) throws IOException {
    try {
      return JSON.parse(body, what);
    } catch (IOException e) {
      throw ScrubbedFailures.scrub(e, secrets);
    }
  }

  /** Executes and returns a response that is 2xx or 304; anything else becomes a {@link DeskException}. */
  Response execute(Request request) throws IOException {
    Call call = client.newCall(request);
    Response response = call.execute();
    int code = response.code();
    if ((code >= 200 && code < 300) || code == 304) return response;
    try {
      throw error(response);
    } finally {
      response.close();
    }
  }

  /** Reads at most the configured {@code maxResponseBytes}; see {@link #read(Response, long)}. */
  byte[] read(Response response) throws IOException {
    return read(response, maxResponseBytes);
  }

  /** Reads at most {@code cap} bytes; a longer body is a transport-level failure, not a desk answer. */
  static byte[] read(Response response, long cap) throws IOException {
    ResponseBody body = response.body();
    if (body == null) return new byte[0];
    BufferedSource source = body.source();
    if (source.request(cap + 1)) {
      throw new IOException("Request Tracker's answer to " + path(response.request().url()) + " is larger than "
          + cap + " bytes");
    }
    return source.readByteArray();
  }

  private DeskException error(Response response) {
    int code = response.code();
    String message = "";
    try {
      ResponseBody body = response.body();
      if (body != null) {
        BufferedSource source = body.source();
        source.request(ERROR_CAP);
        byte[] bytes = source.getBuffer().readByteArray(Math.min(source.getBuffer().size(), ERROR_CAP));
        Object parsed = JSON.parse(bytes, "an error");
        Map<String, Object> o = JSON.objectOrNull(parsed);
        if (o != null && JSON.string(o, "message") != null) {
          message = JSON.string(o, "message");
        } else if (parsed instanceof List) {
          message = String.join("; ", strings(parsed));
        }
      }
    } catch (IOException | RuntimeException e) {
      // A body we cannot read or parse still leaves the status, which is what the caller acts on.
      message = "";
    }
    if (message.isEmpty()) {
      if (code >= 300 && code < 400) {
        message = "unexpected redirect (RT redirects browsers and cookie sessions to its login page)";
      } else {
        message = response.message();
      }
    }
    String clean = ErrorBodies.clean(message, ErrorBodies.MAX_MESSAGE_CHARS, secrets);
    return new DeskException(code, null, clean != null ? clean : "HTTP " + code, null,
        RetryAfter.parse(response.header("Retry-After"), clock));
  }

  static List<String> strings(@Nullable Object jsonArray) {
    List<String> out = new ArrayList<>();
    for (Object o : JSON.list(jsonArray)) {
      if (o != null) out.add(o.toString());
    }
    return out;
  }

  /** Resolves a possibly relative Location header against the request URL; RT sends paths like /rt/REST/2.0/ticket/7. */
  static @Nullable String lastSegment(Response response) {
    String location = response.header("Location");
    if (location == null) return null;
    HttpUrl resolved = response.request().url().resolve(location);
    if (resolved == null) return null;
    List<String> segments = resolved.pathSegments();
    for (int i = segments.size() - 1; i >= 0; i--) {
      if (!segments.get(i).isEmpty()) return segments.get(i);
    }
    return null;
  }

  static RequestBody jsonBody(String json) {
    return RequestBody.create(json, okhttp3.MediaType.get("application/json; charset=utf-8"));
  }

  private static String path(HttpUrl url) {
    return url.encodedPath();
  }

  Ticket readTicket(String id) throws IOException {
    Map<String, Object> o = JSON.object(json(request(url("ticket", id).build()).build()), "a ticket");
    return ticket(o, id);
  }

  Ticket ticket(Map<String, Object> o, String id) {
    String subject = JSON.string(o, "Subject");
    return new Ticket(id, subject == null ? "" : subject, RtMapping.status(JSON.string(o, "Status")),
        RtMapping.priority(JSON.number(o, "Priority", 0)), JSON.instant(o, "Created"), JSON.instant(o, "LastUpdated"),
        displayUrl(id));
  }

  /** RT's page for people, built from our base: RT's own links use its configured WebBaseURL. */
  String displayUrl(String id) {
    return root.newBuilder().addPathSegment("Ticket").addPathSegment("Display.html")
        .addQueryParameter("id", id).build().toString();
  }
}
