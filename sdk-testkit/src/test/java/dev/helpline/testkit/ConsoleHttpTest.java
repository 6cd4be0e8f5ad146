package dev.helpline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The console's HTTP contract: pages and headers, sign-in, session cookie, CSRF, origin and host checks, files. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleHttpTest {
  private TestDesk desk;
  private Api api;

  @BeforeEach
  void start() throws IOException {
    desk = TestDesk.builder().adminKey("admin-secret").start();
    api = new Api(desk);
  }

  @AfterEach
  void stop() {
    desk.close();
  }

  /** Signs in and returns {cookie, csrfToken}. */
  private String[] signIn() throws IOException {
    Api.Result r = api.execute(api.request("/console/session")
        .post(RequestBody.create("{\"adminKey\":\"admin-secret\"}", Api.JSON)).build());
    assertEquals(200, r.code, r::toString);
    String setCookie = r.header("Set-Cookie");
    return new String[] {setCookie.substring(0, setCookie.indexOf(';')), (String) r.json().get("csrfToken")};
  }

  private Api.Result call(String method, String path, String[] session, @Nullable String csrf, @Nullable String json)
      throws IOException {
    Request.Builder b = api.request(path).method(method, json == null ? null : RequestBody.create(json, Api.JSON))
        .header("Cookie", session[0]);
    if (csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    return api.execute(b.build());
  }

  @Test
  void pagesComeFromTheJarWithAStrictContentSecurityPolicyAndNoInlineCode() throws IOException {
    Api.Result page = api.get("/", null);
    assertEquals(200, page.code);
    assertTrue(page.header("Content-Type").startsWith("text/html"));
    String csp = page.header("Content-Security-Policy");
    assertNotNull(csp);
    assertFalse(csp.contains("unsafe-inline"), csp);
    assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), csp);
    assertEquals("nosniff", page.header("X-Content-Type-Options"));
    String html = page.text();
    assertFalse(html.matches("(?s).*<script(?![^>]*\\ssrc=)[^>]*>.*"), "no inline script");
    assertFalse(html.contains("style="), "no inline style");
    assertFalse(html.contains("<style"), "no style element");
    assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing from another origin");
    for (String asset : List.of("/console/app.js", "/console/app.css", "/console/favicon.svg")) {
      Api.Result r = api.get(asset, null);
      assertEquals(200, r.code, asset);
      assertTrue(r.body.length > 0, asset);
    }
    assertFalse(api.get("/console/app.js", null).text().contains("innerHTML"), "ticket text is never parsed as HTML");
  }

  @Test
  void signInNeedsTheAdminKeyAndSetsAnHttpOnlySameSiteStrictCookie() throws IOException {
    Api.Result noSession = api.get("/console/api/tickets", null);
    assertEquals(401, noSession.code);
    assertNull(noSession.header("WWW-Authenticate"), "no browser credential dialog");
    Api.Result wrong = api.execute(api.request("/console/session")
        .post(RequestBody.create("{\"adminKey\":\"guess\"}", Api.JSON)).build());
    assertEquals(401, wrong.code);
    assertNull(wrong.header("Set-Cookie"));
    Api.Result appKey = api.execute(api.request("/console/session")
        .post(RequestBody.create("{\"adminKey\":\"" + desk.appKey() + "\"}", Api.JSON)).build());
    assertEquals(401, appKey.code, "the app key is not an agent's key");

    Api.Result ok = api.execute(api.request("/console/session")
        .post(RequestBody.create("{\"adminKey\":\"admin-secret\"}", Api.JSON)).build());
    String cookie = ok.header("Set-Cookie");
    assertTrue(cookie.startsWith("helpline_console_" + desk.port() + "="), cookie);
    assertTrue(cookie.contains("; HttpOnly"), cookie);
    assertTrue(cookie.contains("; SameSite=Strict"), cookie);
    assertTrue(cookie.contains("; Path=/"), cookie);
    assertFalse(cookie.contains("admin-secret"), "the key itself never becomes the cookie");
    String[] session = {cookie.substring(0, cookie.indexOf(';')), (String) ok.json().get("csrfToken")};
    assertEquals(200, call("GET", "/console/api/tickets", session, null, null).code);
    assertEquals(session[1], call("GET", "/console/api/session", session, null, null).json().get("csrfToken"));

    assertEquals(403, call("DELETE", "/console/session", session, null, null).code, "sign-out needs the token too");
    assertEquals(204, call("DELETE", "/console/session", session, session[1], null).code);
    assertEquals(401, call("GET", "/console/api/tickets", session, null, null).code, "signed out");
  }

  @Test
  void signingInAgainFromABrowserEndsTheSessionItsCookieNamed() throws IOException {
    String[] first = signIn();
    String[] elsewhere = signIn(); // another browser: no cookie sent
    Api.Result again = api.execute(api.request("/console/session").header("Cookie", first[0])
        .post(RequestBody.create("{\"adminKey\":\"admin-secret\"}", Api.JSON)).build());
    assertEquals(200, again.code, again::toString);
    String cookie = again.header("Set-Cookie");
    String[] second = {cookie.substring(0, cookie.indexOf(';')), (String) again.json().get("csrfToken")};
    assertEquals(401, call("GET", "/console/api/tickets", first, null, null).code, "the replaced session ended");
    assertEquals(200, call("GET", "/console/api/tickets", second, null, null).code);
    assertEquals(200, call("GET", "/console/api/tickets", elsewhere, null, null).code, "other browsers stay signed in");
  }

  @Test
  void twoDesksOnOneHostKeepTheirOwnSessionsInOneBrowser() throws IOException {
    // Browsers keep cookies per host, not per port (RFC 6265, 8.5): both desks' cookies share one jar.
    OkHttpClient browser = new OkHttpClient.Builder().cookieJar(new HostCookieJar()).build();
    try (TestDesk other = TestDesk.builder().adminKey("other-secret").start()) {
      Api first = new Api(desk, browser);
      Api second = new Api(other, browser);
      assertEquals(200, first.execute(first.request("/console/session")
          .post(RequestBody.create("{\"adminKey\":\"admin-secret\"}", Api.JSON)).build()).code);
      assertEquals(200, second.execute(second.request("/console/session")
          .post(RequestBody.create("{\"adminKey\":\"other-secret\"}", Api.JSON)).build()).code);
      assertEquals(200, first.get("/console/api/tickets", null).code, "signing in to the other desk kept this one");
      assertEquals(200, second.get("/console/api/tickets", null).code);
    } finally {
      browser.dispatcher().executorService().shutdown();
      browser.connectionPool().evictAll();
    }
  }

  /** Stores cookies as a browser does: by name, domain and path; the port plays no part. */
  private static final class HostCookieJar implements CookieJar {
    private final List<Cookie> cookies = new java.util.ArrayList<>();

    @Override
    public synchronized void saveFromResponse(HttpUrl url, List<Cookie> received) {
      for (Cookie c : received) {
        cookies.removeIf(old -> old.name().equals(c.name()) && old.domain().equals(c.domain())
            && old.path().equals(c.path()));
        cookies.add(c);
      }
    }

    @Override
    public synchronized List<Cookie> loadForRequest(HttpUrl url) {
      List<Cookie> matching = new java.util.ArrayList<>();
      for (Cookie c : cookies) {
        if (c.matches(url)) {
          matching.add(c);
        }
      }
      return matching;
    }
  }

  @Test
  void writesWithoutTheCsrfTokenOrFromAnotherOriginAreRefusedAndChangeNothing() throws IOException {
    String id = api.createFor("k1", "Export fails", "u1", null);
    String[] s = signIn();
    String reply = "{\"body\":\"Hello from support\"}";
    Api.Result noToken = call("POST", "/console/api/tickets/" + id + "/messages", s, null, reply);
    assertEquals(403, noToken.code);
    assertEquals("X-CSRF-Token", noToken.json().get("field"));
    assertEquals(403, call("POST", "/console/api/tickets/" + id + "/messages", s, "forged", reply).code);
    assertEquals(403, call("PUT", "/console/api/tickets/" + id + "/status", s, null, "{\"status\":\"solved\"}").code);
    assertEquals(403, call("POST", "/console/api/notices", s, null, "{\"id\":\"n\",\"type\":\"announcement\"}").code);
    Api.Result crossOrigin = api.execute(api.request("/console/api/tickets/" + id + "/messages")
        .post(RequestBody.create(reply, Api.JSON)).header("Cookie", s[0]).header("X-CSRF-Token", s[1])
        .header("Origin", "http://evil.example").build());
    assertEquals(403, crossOrigin.code);
    Api.Result form = api.execute(api.request("/console/api/tickets/" + id + "/messages")
        .post(RequestBody.create("body=x", okhttp3.MediaType.get("application/x-www-form-urlencoded")))
        .header("Cookie", s[0]).header("X-CSRF-Token", s[1]).build());
    assertEquals(415, form.code, "only JSON bodies");
    assertEquals(0, desk.ticket(id).messages().size());
    assertEquals("new", desk.ticket(id).status());
    assertEquals(0, desk.ticket(id).messages().size());

    Api.Result ok = call("POST", "/console/api/tickets/" + id + "/messages", s, s[1], reply);
    assertEquals(200, ok.code, ok::toString);
    assertEquals("Hello from support", desk.ticket(id).messages().get(0).body());
    assertEquals("agent", desk.ticket(id).messages().get(0).author());
    assertEquals(200, call("PUT", "/console/api/tickets/" + id + "/status", s, s[1], "{\"status\":\"solved\"}").code);
    assertEquals("solved", desk.ticket(id).status());
  }

  @Test
  void onlyLoopbackHostNamesAreServed() throws IOException {
    String[] s = signIn();
    Api.Result rebound = api.execute(api.request("/console/api/tickets").header("Cookie", s[0])
        .header("Host", "attacker.example:" + desk.port()).build());
    assertEquals(403, rebound.code);
    Api.Result localhost = api.execute(api.request("/console/api/tickets").header("Cookie", s[0])
        .header("Host", "localhost:" + desk.port()).build());
    assertEquals(200, localhost.code);
  }

  @Test
  void attachmentsDownloadSandboxedAndOnlyRasterImagesShowInline() throws IOException {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    byte[] html = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
    Api.Result created = api.create("k2", Api.withFile(Api.withFile(
        Api.multipart("ticket", Api.ticketJson("files", "u1", null)), "screenshot.png", "image/png", png),
        "evil.html", "text/html", html).build());
    assertEquals(201, created.code);
    String id = (String) created.json().get("id");
    List<Map<String, Object>> files = created.list("attachments");
    String[] s = signIn();
    Api.Result image = call("GET", "/console/api/tickets/" + id + "/attachments/" + files.get(0).get("id"), s, null,
        null);
    assertEquals("image/png", image.header("Content-Type"));
    assertTrue(image.header("Content-Disposition").startsWith("inline;"));
    Api.Result page = call("GET", "/console/api/tickets/" + id + "/attachments/" + files.get(1).get("id"), s, null,
        null);
    assertTrue(page.header("Content-Disposition").startsWith("attachment; filename=\"evil.html\""),
        page.header("Content-Disposition"));
    assertTrue(page.header("Content-Security-Policy").contains("sandbox"));
    assertEquals("nosniff", page.header("X-Content-Type-Options"));
    assertEquals(404, call("GET", "/console/api/tickets/" + id + "/attachments/a999", s, null, null).code);
  }

  @Test
  void anAgentReplyCarriesFilesTheRequesterCanDownload() throws IOException {
    Api.Result created = api.create("k-files", Api.multipart("ticket", Api.ticketJson("files", "u1", null)).build());
    String id = (String) created.json().get("id");
    String[] s = signIn();
    byte[] steps = "1. Update to 4.2.1\n2. Sync again\n".getBytes(StandardCharsets.UTF_8);
    Request post = api.request("/console/api/tickets/" + id + "/messages").header("Cookie", s[0])
        .header("X-CSRF-Token", s[1])
        .post(Api.withFile(Api.multipart("message", "{\"body\":\"Try these steps\"}"), "steps.txt", "text/plain",
            steps).build())
        .build();
    Api.Result replied = api.execute(post);
    assertEquals(200, replied.code, replied::toString);

    String token = desk.issueUserToken("u1", null, java.time.Duration.ofHours(1));
    Api.Result messages = api.execute(api.request("/v1/tickets/" + id + "/messages")
        .header("Authorization", "Bearer " + token).build());
    List<Map<String, Object>> conversation = messages.list("messages");
    Map<String, Object> agent = conversation.get(conversation.size() - 1);
    assertEquals("agent", agent.get("author"));
    assertEquals("Try these steps", agent.get("body"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files = (List<Map<String, Object>>) agent.get("attachments");
    assertEquals("steps.txt", files.get(0).get("fileName"));
    Api.Result download = api.execute(api.request((String) files.get(0).get("url"))
        .header("Authorization", "Bearer " + token).build());
    assertEquals(200, download.code, download::toString);
    assertEquals(new String(steps, StandardCharsets.UTF_8), download.text());
  }

  @Test
  void anUploadWhoseMediaTypeCouldNotBeServedIsRefusedNotStored() throws IOException {
    String body = "--b\r\nContent-Disposition: form-data; name=\"ticket\"\r\nContent-Type: application/json\r\n\r\n"
        + Api.ticketJson("lf", "u1", null) + "\r\n--b\r\nContent-Disposition: form-data; name=\"attachment\"; "
        + "filename=\"logs.txt\"\r\nContent-Type: text/plain\nX-Injected: 1\r\n\r\nlog line\r\n--b--\r\n";
    Api.Result created = api.create("k-lf", RequestBody.create(body.getBytes(StandardCharsets.UTF_8),
        okhttp3.MediaType.get("multipart/form-data; boundary=b")));
    assertEquals(400, created.code, created::toString);
    assertEquals(0, desk.ticketCount(), "nothing the console would fail to serve was stored");
  }

  @Test
  void theEventStreamAnnouncesANewTicket() throws Exception {
    String[] s = signIn();
    try (Response events = api.client.newCall(api.request("/console/api/events").header("Cookie", s[0]).build())
        .execute()) {
      assertEquals(200, events.code());
      assertTrue(events.header("Content-Type").startsWith("text/event-stream"));
      BufferedReader reader = new BufferedReader(new InputStreamReader(events.body().byteStream(),
          StandardCharsets.UTF_8));
      String id = api.createFor("k3", "Live", "u1", null);
      String line;
      while ((line = reader.readLine()) != null && !line.startsWith("data:")) {
        // skip the retry hint and keep-alive comments
      }
      assertEquals("data: {\"kind\":\"ticket\",\"id\":\"" + id + "\"}", line);
    }
  }

  @Test
  void liveStreamsAreBoundedSoTheyCannotTakeEveryWorker() throws Exception {
    String[] s = signIn();
    List<Response> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        open.add(api.client.newCall(api.request("/console/api/events").header("Cookie", s[0]).build()).execute());
        assertEquals(200, open.get(i).code());
      }
      Api.Result seventh = api.get("/console/api/events", null);
      assertEquals(401, seventh.code, "no session, no stream");
      try (Response r = api.client.newCall(api.request("/console/api/events").header("Cookie", s[0]).build())
          .execute()) {
        assertEquals(503, r.code());
        assertEquals("5", r.header("Retry-After"));
      }
      assertEquals(200, api.get("/v1/status/summary.json", null).code, "the API still answers");
    } finally {
      for (Response r : open) {
        r.close();
      }
    }
  }

  @Test
  void statusIncidentsAndMaintenanceArePublishedThroughTheConsole() throws IOException {
    String[] s = signIn();
    assertEquals(201, call("POST", "/console/api/status/maintenances", s, s[1],
        "{\"name\":\"Database upgrade\",\"startsAt\":\"2030-01-01T02:00:00Z\",\"endsAt\":\"2030-01-01T03:00:00Z\","
            + "\"body\":\"Read-only for an hour\"}").code);
    Api.Result incident = call("POST", "/console/api/status/incidents", s, s[1],
        "{\"name\":\"Sync delays\",\"status\":\"investigating\",\"impact\":\"minor\",\"body\":\"Looking\"}");
    assertEquals(201, incident.code, incident::toString);
    assertEquals(204, call("POST", "/console/api/status/components", s, s[1],
        "{\"name\":\"Sync\",\"status\":\"degraded_performance\"}").code);
    Api.Result bad = call("POST", "/console/api/status/indicator", s, s[1],
        "{\"indicator\":\"purple\",\"description\":\"x\"}");
    assertEquals(400, bad.code);
    assertEquals("indicator", bad.json().get("field"));
    Map<String, Object> summary = api.get("/v1/status/summary.json", null).json();
    List<?> maintenances = (List<?>) summary.get("scheduled_maintenances");
    assertEquals("Database upgrade", ((Map<?, ?>) maintenances.get(0)).get("name"));
    assertEquals("scheduled", ((Map<?, ?>) maintenances.get(0)).get("status"));
    assertEquals("Sync delays", ((Map<?, ?>) ((List<?>) summary.get("incidents")).get(0)).get("name"));
    assertEquals(204, call("DELETE", "/console/api/status/events/" + incident.json().get("id"), s, s[1], null).code);
    assertEquals(0, ((List<?>) api.get("/v1/status/summary.json", null).json().get("incidents")).size());
  }
}
