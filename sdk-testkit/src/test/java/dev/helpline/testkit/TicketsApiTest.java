package dev.helpline.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TicketsApiTest {
  private TestDesk desk;
  private Api api;

  @BeforeEach
  void start() throws IOException {
    desk = TestDesk.builder().start();
    api = new Api(desk);
  }

  @AfterEach
  void stop() {
    desk.close();
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void createWithAttachmentsStoresEverythingAndServesBytesBackExactly() throws IOException {
    // Larger than the parser's buffer and full of CR/LF/dashes, so delimiter look-alikes cross buffer edges.
    byte[] binary = randomBytes(300_000, 1);
    byte[] tricky = ("\r\n--\r\n-" + "x".repeat(70) + "\r\n--\r").getBytes(StandardCharsets.ISO_8859_1);
    Api.Result r = api.create("sub-1", Api.withFile(Api.withFile(
        Api.multipart("ticket", Api.ticketJson("App crashes", "user-1", "ada@example.com")),
        "dump.bin", "application/octet-stream", binary), "tricky.txt", "text/plain", tricky).build());

    assertEquals(201, r.code, r.toString());
    assertEquals("\"1\"", r.header("ETag"));
    assertNull(r.header("Idempotent-Replayed"));
    Map<String, Object> t = r.json();
    assertEquals("1", t.get("id"));
    assertEquals("App crashes", t.get("subject"));
    assertEquals("It broke.", t.get("description"));
    assertEquals("new", t.get("status"));
    assertEquals("high", t.get("priority"));
    assertEquals("billing", t.get("category"));
    assertEquals(List.of("app", "crash"), t.get("tags"));
    assertEquals(Map.of("plan", "pro"), t.get("customFields"));
    assertEquals(Map.of("id", "user-1", "email", "ada@example.com", "name", "Ada"), t.get("requester"));
    assertNotNull(Instant.parse((String) t.get("createdAt")));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files = (List<Map<String, Object>>) t.get("attachments");
    assertEquals(2, files.size());
    assertEquals("dump.bin", files.get(0).get("fileName"));
    assertEquals("application/octet-stream", files.get(0).get("mediaType"));
    assertEquals(300_000.0, files.get(0).get("size"));
    assertEquals("/v1/tickets/1/attachments/" + files.get(0).get("id"), files.get(0).get("url"));

    String token = desk.issueUserToken("user-1", "ada@example.com", Duration.ofHours(1));
    Api.Result download = api.get((String) files.get(0).get("url"), token);
    assertEquals(200, download.code);
    assertEquals("application/octet-stream", download.header("Content-Type"));
    assertArrayEquals(binary, download.body);
    Api.Result download2 = api.get((String) files.get(1).get("url"), token);
    assertArrayEquals(tricky, download2.body);
    assertTrue(download2.header("Content-Type").startsWith("text/plain"));

    DeskTicket stored = desk.tickets().get(0);
    assertEquals("sub-1", stored.idempotencyKey());
    assertEquals("user-1", stored.requesterId());
    assertEquals("os=linux", stored.diagnosticsSummary());
    assertEquals("2026-11-24T10:00:00Z", stored.submittedAt());
    assertArrayEquals(binary, stored.attachments().get(0).bytes());
    assertEquals("tricky.txt", stored.attachments().get(1).fileName());
    assertEquals(1, desk.createRequestCount());
  }

  @Test
  void sameKeyAndPayloadReplaysTheTicketWith200() throws IOException {
    byte[] file = randomBytes(1000, 2);
    RequestBody body = Api.withFile(Api.multipart("ticket", Api.ticketJson("Replay", "u", null)),
        "a.bin", "application/octet-stream", file).build();
    Api.Result first = api.create("key-1", body);
    RequestBody again = Api.withFile(Api.multipart("ticket", Api.ticketJson("Replay", "u", null)),
        "a.bin", "application/octet-stream", file).build();
    Api.Result second = api.create("key-1", again);

    assertEquals(201, first.code);
    assertEquals(200, second.code);
    assertEquals("true", second.header("Idempotent-Replayed"));
    assertEquals(first.json(), second.json());
    assertEquals(first.header("ETag"), second.header("ETag"));
    assertEquals(1, desk.ticketCount());
    assertEquals(2, desk.createRequestCount());
  }

  @Test
  void sameKeyWithDifferentPayloadIsAConflict() throws IOException {
    api.create("key-1", Api.multipart("ticket", Api.ticketJson("One", "u", null)).build());
    Api.Result differentTicket = api.create("key-1", Api.multipart("ticket", Api.ticketJson("Two", "u", null)).build());
    Api.Result differentFile = api.create("key-1", Api.withFile(Api.multipart("ticket",
        Api.ticketJson("One", "u", null)), "x.txt", "text/plain", new byte[] {1}).build());

    assertEquals(409, differentTicket.code);
    assertEquals("idempotency_conflict", differentTicket.json().get("error"));
    assertEquals("application/json", differentTicket.header("Content-Type"));
    assertEquals(409, differentFile.code);
    assertEquals(1, desk.ticketCount());
  }

  @Test
  void missingIdempotencyKeyIs400NamingTheHeader() throws IOException {
    Api.Result r = api.create(null, Api.multipart("ticket", Api.ticketJson("S", "u", null)).build());
    assertEquals(400, r.code);
    assertEquals("invalid_request", r.json().get("error"));
    assertEquals("Idempotency-Key", r.json().get("field"));
    assertEquals(0, desk.ticketCount());
  }

  @Test
  void wrongOrMissingAppKeyIs401() throws IOException {
    Api.Result wrong = api.create("k", Api.multipart("ticket", Api.ticketJson("S", "u", null)).build(), "nope");
    assertEquals(401, wrong.code);
    assertEquals("unauthorized", wrong.json().get("error"));
    Api.Result none = api.send("POST", "/v1/tickets", null,
        Api.multipart("ticket", Api.ticketJson("S", "u", null)).build());
    assertEquals(401, none.code);
    String token = desk.issueUserToken("u", null, Duration.ofHours(1));
    Api.Result userToken = api.create("k", Api.multipart("ticket", Api.ticketJson("S", "u", null)).build(), token);
    assertEquals(401, userToken.code);
    assertEquals(0, desk.ticketCount());
  }

  @Test
  void invalidTicketsAre400NamingTheField() throws IOException {
    Api.Result blank = api.create("k1", Api.multipart("ticket", "{\"subject\":\"  \"}").build());
    assertEquals(400, blank.code);
    assertEquals("subject", blank.json().get("field"));
    Api.Result tooLong = api.create("k2", Api.multipart("ticket", "{\"subject\":\"" + "s".repeat(1001) + "\"}").build());
    assertEquals("subject", tooLong.json().get("field"));
    Api.Result priority = api.create("k3", Api.multipart("ticket", "{\"subject\":\"s\",\"priority\":\"asap\"}").build());
    assertEquals("priority", priority.json().get("field"));
    Api.Result noTicket = api.create("k4", Api.withFile(new okhttp3.MultipartBody.Builder()
        .setType(okhttp3.MultipartBody.FORM), "a", "text/plain", new byte[] {1}).build());
    assertEquals("ticket", noTicket.json().get("field"));
    Api.Result notJson = api.create("k5", Api.multipart("ticket", "{nope").build());
    assertEquals(400, notJson.code);
    Api.Result notMultipart = api.create("k6", RequestBody.create("{\"subject\":\"s\"}", Api.JSON));
    assertEquals("Content-Type", notMultipart.json().get("field"));
    assertEquals(0, desk.ticketCount());
  }

  @Test
  void aSubjectOfAThousandEmojiIsAThousandCharacters() throws IOException {
    String emoji = "\uD83D\uDE00".repeat(1000); // 1,000 code points, 2,000 UTF-16 units
    Api.Result r = api.create("k1", Api.multipart("ticket", Api.ticketJson(emoji, "u", null)).build());
    assertEquals(201, r.code, r.toString());
    Api.Result tooLong = api.create("k2", Api.multipart("ticket", Api.ticketJson(emoji + "s", "u", null)).build());
    assertEquals("subject has 1001 characters; the limit is 1000", tooLong.json().get("message"));
  }

  @Test
  void aFileNameThatIsNotPercentEncodedIs400NotAServerError() throws IOException {
    String b = "XyZb";
    String body = "--" + b + "\r\nContent-Disposition: form-data; name=\"ticket\"\r\nContent-Type: application/json"
        + "\r\n\r\n" + Api.ticketJson("Crash", "u", null) + "\r\n--" + b
        + "\r\nContent-Disposition: form-data; name=\"attachment\"; filename*=UTF-8''%zz.txt\r\n"
        + "Content-Type: text/plain\r\n\r\nhello\r\n--" + b + "--\r\n";
    Api.Result r = api.create("k", RequestBody.create(body, okhttp3.MediaType.get("multipart/form-data; boundary=" + b)));
    assertEquals(400, r.code, r.toString());
    assertEquals("body", r.json().get("field"));
    assertTrue(((String) r.json().get("message")).contains("filename*"), r.toString());
    assertEquals(0, desk.ticketCount());
  }

  @Test
  void oversizedRequestsAndJsonPartsAre413() throws IOException {
    try (TestDesk small = TestDesk.builder().maxRequestBytes(64 * 1024).start()) {
      Api smallApi = new Api(small);
      Api.Result big = smallApi.create("k", Api.withFile(Api.multipart("ticket", Api.ticketJson("S", "u", null)),
          "big.bin", "application/octet-stream", new byte[100 * 1024]).build());
      assertEquals(413, big.code);
      assertEquals("payload_too_large", big.json().get("error"));
      assertEquals(0, small.ticketCount());
    }
    String hugeDescription = "{\"subject\":\"s\",\"description\":\"" + "d".repeat(1024 * 1024 + 10) + "\"}";
    Api.Result hugeJson = api.create("k", Api.multipart("ticket", hugeDescription).build());
    assertEquals(413, hugeJson.code);
    assertEquals("ticket", hugeJson.json().get("field"));
  }

  @Test
  void userTokenSeesOwnTicketsOnlyAndOthersAreNotFound() throws IOException {
    String mine = api.createFor("k1", "Mine", "user-1", null);
    String byEmail = api.createFor("k2", "Mine by email", null, "Ada@Example.com");
    String theirs = api.createFor("k3", "Theirs", "user-2", "ada@example.com");
    String token = desk.issueUserToken("user-1", "ada@example.com", Duration.ofHours(1));

    Api.Result list = api.get("/v1/tickets", token);
    assertEquals(200, list.code);
    List<String> ids = new ArrayList<>();
    for (Map<String, Object> t : list.list("tickets")) {
      ids.add((String) t.get("id"));
    }
    assertEquals(List.of(byEmail, mine), ids); // newest first; requester id wins over a matching email
    assertNull(list.json().get("nextCursor"));
    assertEquals(200, api.get("/v1/tickets/" + mine, token).code);
    assertEquals(200, api.get("/v1/tickets/" + byEmail, token).code);

    Api.Result other = api.get("/v1/tickets/" + theirs, token);
    assertEquals(404, other.code);
    assertEquals("not_found", other.json().get("error"));
    assertEquals(other.json().get("error"), api.get("/v1/tickets/999", token).json().get("error"));
    assertEquals(404, api.get("/v1/tickets/" + theirs + "/messages", token).code);
  }

  @Test
  void expiredTamperedMalformedOrMissingTokensAre401() throws IOException {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    try (TestDesk timed = TestDesk.builder().clock(clock).start()) {
      Api timedApi = new Api(timed);
      String id = timedApi.createFor("k", "S", "user-1", null);
      String token = timed.issueUserToken("user-1", null, Duration.ofMinutes(5));
      assertEquals(200, timedApi.get("/v1/tickets/" + id, token).code);

      clock.advance(Duration.ofMinutes(5));
      Api.Result expired = timedApi.get("/v1/tickets/" + id, token);
      assertEquals(401, expired.code);
      assertEquals("invalid_token", expired.json().get("error"));
    }
    String id = api.createFor("k", "S", "user-1", null);
    String token = desk.issueUserToken("user-1", null, Duration.ofHours(1));
    String[] parts = token.split("\\.");
    String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"sub\":\"user-1\",\"exp\":" + (Instant.now().getEpochSecond() + 999_999) + "}")
            .getBytes(StandardCharsets.UTF_8));
    char last = parts[2].charAt(0);
    String badSig = parts[0] + "." + parts[1] + "." + (last == 'A' ? 'B' : 'A') + parts[2].substring(1);
    for (String bad : List.of(badSig, parts[0] + "." + otherPayload + "." + parts[2], "v1.abc", "garbage",
        parts[0] + "." + parts[1] + "." + parts[2] + ".x")) {
      Api.Result r = api.get("/v1/tickets/" + id, bad);
      assertEquals(401, r.code, bad);
      assertEquals("invalid_token", r.json().get("error"));
    }
    String foreignSecret;
    try (TestDesk foreign = TestDesk.builder().tokenSecret(new byte[] {1, 2, 3}).start()) {
      foreignSecret = foreign.issueUserToken("user-1", null, Duration.ofHours(1));
    }
    assertEquals(401, api.get("/v1/tickets/" + id, foreignSecret).code);
    Api.Result none = api.get("/v1/tickets/" + id, null);
    assertEquals(401, none.code);
    assertEquals("unauthorized", none.json().get("error"));
    assertEquals(401, api.get("/v1/tickets/" + id, desk.appKey()).code);
  }

  @Test
  void etagIsStableUntilTheTicketOrItsMessagesChange() throws IOException {
    String id = api.createFor("k", "S", "user-1", null);
    String token = desk.issueUserToken("user-1", null, Duration.ofHours(1));
    Api.Result first = api.get("/v1/tickets/" + id, token);
    String etag = first.header("ETag");
    assertEquals("\"1\"", etag);

    Api.Result notModified = api.execute(api.request("/v1/tickets/" + id)
        .header("Authorization", "Bearer " + token).header("If-None-Match", etag).build());
    assertEquals(304, notModified.code);
    assertEquals(etag, notModified.header("ETag"));
    assertEquals(0, notModified.body.length);

    desk.admin().reply(id, "On it");
    Api.Result afterReply = api.execute(api.request("/v1/tickets/" + id)
        .header("Authorization", "Bearer " + token).header("If-None-Match", etag).build());
    assertEquals(200, afterReply.code);
    assertNotEquals(etag, afterReply.header("ETag"));
    assertEquals("open", afterReply.json().get("status"));

    String etag2 = afterReply.header("ETag");
    desk.admin().setStatus(id, "solved");
    String etag3 = api.get("/v1/tickets/" + id, token).header("ETag");
    assertNotEquals(etag2, etag3);
  }

  @Test
  void cursorPagingWalksTwentyFiveTicketsNewestFirst() throws IOException {
    for (int i = 1; i <= 25; i++) {
      api.createFor("k" + i, "Ticket " + i, "user-1", null);
      if (i % 5 == 0) {
        api.createFor("other" + i, "Not mine " + i, "user-2", null);
      }
    }
    String token = desk.issueUserToken("user-1", null, Duration.ofHours(1));
    List<String> subjects = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String cursor = null;
    do {
      Api.Result page = api.get("/v1/tickets?limit=10" + (cursor == null ? "" : "&cursor=" + cursor), token);
      assertEquals(200, page.code, page.toString());
      List<Map<String, Object>> tickets = page.list("tickets");
      pageSizes.add(tickets.size());
      for (Map<String, Object> t : tickets) {
        subjects.add((String) t.get("subject"));
      }
      cursor = (String) page.json().get("nextCursor");
    } while (cursor != null && pageSizes.size() < 10);

    assertEquals(List.of(10, 10, 5), pageSizes);
    List<String> expected = new ArrayList<>();
    for (int i = 25; i >= 1; i--) {
      expected.add("Ticket " + i);
    }
    assertEquals(expected, subjects);
    assertEquals(20, api.get("/v1/tickets", token).list("tickets").size());
    assertEquals("limit", api.get("/v1/tickets?limit=101", token).json().get("field"));
    assertEquals("limit", api.get("/v1/tickets?limit=0", token).json().get("field"));
    assertEquals("cursor", api.get("/v1/tickets?cursor=bogus", token).json().get("field"));
  }

  @Test
  void concurrentRetriesWithOneKeyCreateExactlyOneTicket() throws Exception {
    int n = 8;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Api.Result>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        results.add(pool.submit(() -> {
          assertTrue(go.await(10, TimeUnit.SECONDS));
          return api.create("same", Api.multipart("ticket", Api.ticketJson("Race", "u", null)).build());
        }));
      }
      go.countDown();
      int created = 0;
      int replayed = 0;
      for (java.util.concurrent.Future<Api.Result> f : results) {
        Api.Result r = f.get(20, TimeUnit.SECONDS);
        assertEquals("1", r.json().get("id"));
        if (r.code == 201) {
          created++;
        } else if (r.code == 200 && "true".equals(r.header("Idempotent-Replayed"))) {
          replayed++;
        }
      }
      assertEquals(1, created);
      assertEquals(n - 1, replayed);
      assertEquals(1, desk.ticketCount());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void idempotencyKeysAreForgottenAfterTheTtl() throws IOException {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    try (TestDesk timed = TestDesk.builder().clock(clock).idempotencyTtl(Duration.ofHours(24)).start()) {
      Api timedApi = new Api(timed);
      timedApi.createFor("key", "S", "u", null);
      clock.advance(Duration.ofHours(23));
      assertEquals(200, timedApi.create("key", Api.multipart("ticket", Api.ticketJson("S", "u", null)).build()).code);
      clock.advance(Duration.ofHours(1));
      assertEquals(201, timedApi.create("key", Api.multipart("ticket", Api.ticketJson("S", "u", null)).build()).code);
      assertEquals(2, timed.ticketCount());
    }
  }

  @Test
  void nonAsciiFileNamesRoundTripAndDownloadSafely() throws IOException {
    String name = "Bericht \"März\" ü.txt";
    Api.Result r = api.create("k", Api.withFile(Api.multipart("ticket", Api.ticketJson("S", "u", null)),
        name, "text/plain; charset=utf-8", "hallo".getBytes(StandardCharsets.UTF_8)).build());
    assertEquals(201, r.code, r.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> file = ((List<Map<String, Object>>) r.json().get("attachments")).get(0);
    assertEquals(name, file.get("fileName"));
    Api.Result download = api.get((String) file.get("url"), desk.issueUserToken("u", null, Duration.ofHours(1)));
    assertEquals("text/plain; charset=utf-8", download.header("Content-Type"));
    assertEquals("attachment; filename=\"Bericht _M_rz_ _.txt\"; filename*=UTF-8''Bericht%20%22M%C3%A4rz%22%20%C3%BC.txt",
        download.header("Content-Disposition"));
  }

  @Test
  void unknownRoutesAre404WithTheErrorBody() throws IOException {
    Api.Result r = api.get("/v2/nothing", null);
    assertEquals(404, r.code);
    assertEquals("not_found", r.json().get("error"));
    assertTrue(r.json().containsKey("message"));
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
