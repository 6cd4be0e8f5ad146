package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.sample.cli.HelplineJar.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code target/helpline.jar} against a hostile feed served by a MockWebServer: terminal escapes and forged
 * lines are shown escaped in text mode and exact in JSON, documents of 3.6 MB of nested tags are handled in a
 * 64 MiB heap with long output capped, and a bad feed URL is never repeated with its user info or query. The same
 * server plays a desk whose list of tickets never ends.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CliHostileFeedIT {
  private static final String HOSTILE = "Minor\u001B]0;pwned\u0007\u001B[2J\r\nAll Systems Operational\u202E\u0000";
  private static final int BIG = 3_600_000;

  @TempDir Path tmp;
  private MockWebServer server;
  private volatile String summary = "";
  private volatile String notices = "";
  private volatile String ticketPage = "";

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        if (path.startsWith("/v1/status/summary.json")) return json(summary);
        if (path.startsWith("/v1/notices")) return json(notices);
        if (path.startsWith("/v1/tickets")) return json(ticketPage);
        return new MockResponse().setResponseCode(404);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json")
        .setBody(new Buffer().writeString(body, StandardCharsets.UTF_8));
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u202E') out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }

  private static String summaryWith(String description, String incidentBody) {
    return "{\"status\":{\"indicator\":\"minor\",\"description\":" + quote(description) + "},"
        + "\"components\":[{\"id\":\"c1\",\"name\":" + quote(HOSTILE) + ",\"status\":\"major_outage\"}],"
        + "\"incidents\":[{\"id\":\"i1\",\"name\":" + quote(HOSTILE) + ",\"status\":\"investigating\","
        + "\"impact\":\"minor\",\"incident_updates\":[{\"id\":\"u1\",\"body\":" + quote(incidentBody)
        + ",\"created_at\":\"2026-01-01T00:00:00Z\"}]}],\"scheduled_maintenances\":[]}";
  }

  private static String noticesWith(String title, String body) {
    return "{\"notices\":[{\"id\":\"n1\",\"type\":\"announcement\",\"title\":" + quote(title) + ",\"body\":"
        + quote(body) + "}]}";
  }

  private static String nestedTags(String tag) {
    StringBuilder sb = new StringBuilder(BIG);
    while (sb.length() + tag.length() < BIG) sb.append(tag);
    return sb.toString();
  }

  @Test
  void hostileTextIsShownEscapedAndCannotForgeALine() throws Exception {
    summary = summaryWith(HOSTILE, "Update\u001B[1A\u001B[2K\rAll Systems Operational");
    notices = noticesWith(HOSTILE, "body\u0007");
    Result status = run("64m", "status", "--feed", server.url("/").toString());
    assertEquals(0, status.code, status.toString());
    assertNoControls(status.out);
    assertTrue(status.out.startsWith("Minor\\u001B]0;pwned\\u0007\\u001B[2J\\u000D\\u000AAll Systems Operational"
        + "\\u202E\\u0000 (indicator minor)\n"), status.toString());
    for (String line : status.out.split("\n")) {
      assertFalse(line.startsWith("All Systems Operational"), "a forged line: " + status);
    }
    // A line break inside an update stays a line break, but inside the indented entry it belongs to.
    assertTrue(status.out.contains("      Update\\u001B[1A\\u001B[2K\n      All Systems Operational\n"),
        status.toString());

    Result noticesOut = run("64m", "notices", "--feed", server.url("/").toString());
    assertEquals(0, noticesOut.code, noticesOut.toString());
    assertNoControls(noticesOut.out);
    assertTrue(noticesOut.out.contains("(info): Minor\\u001B]0;pwned"), noticesOut.toString());
  }

  @Test
  void jsonOutputKeepsTheTextExact() throws Exception {
    summary = summaryWith(HOSTILE, "plain");
    Result r = run("64m", "status", "--json", "--feed", server.url("/").toString());
    assertEquals(0, r.code, r.toString());
    assertNoControls(r.out);
    assertTrue(r.out.contains("\"description\":\"Minor\\u001b]0;pwned\\u0007\\u001b[2J\\r\\nAll Systems Operational"
        + "\\u202e\\u0000\""), r.toString());
    String description = com.squareup.moshi.JsonReader.of(new Buffer().writeUtf8(r.out)).readJsonValue().toString();
    assertTrue(description.contains("description=" + HOSTILE + ","), "decodes to the feed's exact text: " + description);
  }

  @Test
  void aStatusSummaryOf3point6MBOfNestedTagsRunsIn64MiBAndIsCapped() throws Exception {
    summary = summaryWith("Minor", nestedTags("<li><b>"));
    assertTrue(summary.length() > 3_500_000 && summary.length() < 4 * 1024 * 1024);
    Result r = run("64m", "status", "--feed", server.url("/").toString());
    assertEquals(0, r.code, r.toString());
    assertTrue(r.out.contains("more lines"), r.out.substring(0, Math.min(500, r.out.length())));
    assertTrue(r.out.length() < 64 * 1024, "output of " + r.out.length() + " chars");
  }

  @Test
  void aNoticesFeedOf3point6MBOfNestedTagsRunsIn64MiBAndIsCapped() throws Exception {
    summary = summaryWith("Minor", "ok");
    notices = noticesWith("Big", nestedTags("<li><div><p>"));
    Result r = run("64m", "notices", "--feed", server.url("/").toString());
    assertEquals(0, r.code, r.toString());
    assertTrue(r.out.contains("more lines"), r.out.substring(0, Math.min(500, r.out.length())));
    assertTrue(r.out.length() < 64 * 1024, "output of " + r.out.length() + " chars");

    Result json = run("64m", "notices", "--json", "--feed", server.url("/").toString());
    assertEquals(0, json.code, json.err);
  }

  @Test
  void aBadFeedOrDeskUrlIsNeverRepeatedWithItsUserInfoOrQuery() throws Exception {
    Result feed = run("64m", "status", "--feed", "http://user:hunter2@[::1/x?api_key=topsecret");
    assertEquals(2, feed.code, feed.toString());
    assertFalse(feed.err.contains("hunter2") || feed.err.contains("topsecret"), feed.toString());
    assertTrue(feed.err.contains("--feed 'http://…' is not an http:// or https:// URL"), feed.toString());

    Result unreachable = run("64m", "status", "--feed",
        server.url("/missing.json").newBuilder().username("ops").password("hunter2")
            .addQueryParameter("api_key", "topsecret").build().toString());
    assertEquals(1, unreachable.code, unreachable.toString());
    assertFalse(unreachable.err.contains("hunter2") || unreachable.err.contains("topsecret"), unreachable.toString());
    assertTrue(unreachable.err.contains("HTTP 404"), unreachable.toString());

    Result desk = run("64m", "tickets", "--desk", "https://ops:hunter2@desk.example/?token=topsecret");
    assertFalse(desk.err.contains("hunter2") || desk.err.contains("topsecret"), desk.toString());
  }

  @Test
  void aTicketListWhosePagesGoOnWithoutTicketsEndsTheCommandInsteadOfLoopingForEver() throws Exception {
    // An empty page that names a next one; a page that names the cursor it was asked with, again and again.
    for (String page : new String[] {"{\"tickets\":[],\"nextCursor\":\"again\"}",
        "{\"tickets\":[{\"id\":\"1\",\"subject\":\"s\",\"status\":\"open\"}],\"nextCursor\":\"c1\"}"}) {
      ticketPage = page;
      int before = server.getRequestCount();
      Result r = HelplineJar.run(tmp, List.of("-Xmx64m"), Map.of("HELPLINE_USER_TOKEN", "user-token"),
          Duration.ofSeconds(60), "tickets", "--desk", server.url("/").toString(), "--limit", "1000");
      assertEquals(1, r.code, r.toString());
      assertEquals("", r.out, r.toString());
      assertEquals(1, r.err.trim().split("\n").length, "one line: " + r);
      assertTrue(r.err.startsWith("helpline: the desk's list of tickets does not end: "), r.toString());
      assertTrue(server.getRequestCount() - before <= 3, (server.getRequestCount() - before) + " requests");
    }
  }

  private static void assertNoControls(String out) {
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if (c != '\n' && (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
        throw new AssertionError("control U+" + Integer.toHexString(c) + " at " + i + " in:\n" + out);
      }
    }
  }

  private HelplineJar.Result run(String heap, String... args) throws Exception {
    return HelplineJar.run(tmp, List.of("-Xmx" + heap), Map.of(), Duration.ofSeconds(90), args);
  }
}
