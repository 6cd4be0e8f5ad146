package dev.helpline.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PersistenceTest {
  @TempDir Path dir;

  private TestDesk.Builder builder() {
    return TestDesk.builder().dataDirectory(dir).appKey("app-key").tokenSecret(new byte[] {7, 7, 7});
  }

  @Test
  void ticketsMessagesAttachmentsKeysStatusNoticesAndArticlesSurviveARestart() throws IOException {
    byte[] file = new byte[70_000];
    for (int i = 0; i < file.length; i++) {
      file[i] = (byte) (i * 31);
    }
    String id;
    String etag;
    try (TestDesk desk = builder().start()) {
      Api api = new Api(desk);
      Api.Result created = api.create("sub-1", Api.withFile(Api.multipart("ticket",
          Api.ticketJson("Persist me", "user-1", null)), "f.bin", "application/octet-stream", file).build());
      assertEquals(201, created.code);
      id = (String) created.json().get("id");
      desk.admin().reply(id, "Agent here");
      desk.admin().setStatus(id, "solved");
      desk.admin().setComponent("API", "partial_outage");
      desk.admin().publishNotice("{\"id\":\"n1\",\"type\":\"announcement\",\"title\":\"Hi\"}");
      desk.admin().addArticle("a1", "Persistent article", "Body", "https://help.test/a1");
      String token = desk.issueUserToken("user-1", null, Duration.ofHours(1));
      assertEquals(200, api.putJson("/v1/tickets/" + id + "/rating", token, "{\"score\":5}").code);
      etag = api.get("/v1/tickets/" + id, token).header("ETag");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp files left behind");
    }

    try (TestDesk desk = builder().start()) {
      Api api = new Api(desk);
      assertEquals(1, desk.ticketCount());
      DeskTicket t = desk.tickets().get(0);
      assertEquals("Persist me", t.subject());
      assertEquals("solved", t.status());
      assertEquals(5, t.ratingScore());
      assertEquals("Agent here", t.messages().get(0).body());
      assertArrayEquals(file, t.attachments().get(0).bytes());

      String token = desk.issueUserToken("user-1", null, Duration.ofHours(1));
      Api.Result got = api.get("/v1/tickets/" + id, token);
      assertEquals(etag, got.header("ETag"));
      @SuppressWarnings("unchecked")
      String url = (String) ((List<Map<String, Object>>) got.json().get("attachments")).get(0).get("url");
      assertArrayEquals(file, api.get(url, token).body);

      Api.Result replay = api.create("sub-1", Api.withFile(Api.multipart("ticket",
          Api.ticketJson("Persist me", "user-1", null)), "f.bin", "application/octet-stream", file).build());
      assertEquals(200, replay.code);
      assertEquals("true", replay.header("Idempotent-Replayed"));
      assertEquals(409, api.create("sub-1", Api.multipart("ticket",
          Api.ticketJson("Other", "user-1", null)).build()).code);

      Api.Result next = api.create("sub-2", Api.multipart("ticket", Api.ticketJson("Second", "user-1", null)).build());
      assertEquals("2", next.json().get("id")); // ids keep counting
      @SuppressWarnings("unchecked")
      String newFileId = (String) ((List<Map<String, Object>>) api.create("sub-3", Api.withFile(Api.multipart("ticket",
          Api.ticketJson("Third", "user-1", null)), "g.bin", "text/plain", new byte[] {1}).build()).json()
          .get("attachments")).get(0).get("id");
      assertEquals("a2", newFileId);

      assertEquals("partial_outage",
          api.get("/v1/status/summary.json", null).list("components").get(0).get("status"));
      assertEquals("n1", api.get("/v1/notices", null).list("notices").get(0).get("id"));
      assertEquals("a1", api.get("/v1/articles/search?q=persistent", null).list("articles").get(0).get("id"));
    }
  }

  @Test
  void incidentsSurviveARestartAndLaterOnesGetNewIds() throws IOException {
    String first;
    try (TestDesk desk = builder().start()) {
      first = desk.admin().addIncident("Sync delays", "identified", "major", "Cause found");
    }
    try (TestDesk desk = builder().start()) {
      String second = desk.admin().addIncident("Login errors", "investigating", "minor", "");
      assertNotEquals(first, second);
      String summary = new Api(desk).get("/v1/status/summary.json", null).text();
      assertTrue(summary.contains("\"Sync delays\"") && summary.contains("\"Login errors\""), summary);
      assertTrue(desk.admin().removeStatusEvent(first));
    }
  }

  @Test
  void idempotencyKeysExpireAfterTheirTtlAcrossRestarts() throws IOException {
    TicketsApiTest.MutableClock clock = new TicketsApiTest.MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    try (TestDesk desk = builder().clock(clock).idempotencyTtl(Duration.ofHours(1)).start()) {
      new Api(desk).createFor("sub-1", "First", "user-1", null);
    }
    clock.advance(Duration.ofMinutes(61));
    try (TestDesk desk = builder().clock(clock).idempotencyTtl(Duration.ofHours(1)).start()) {
      Api.Result r = new Api(desk).create("sub-1", Api.multipart("ticket",
          Api.ticketJson("First", "user-1", null)).build());
      assertEquals(201, r.code); // the key was forgotten, so this is a new ticket
      assertEquals(2, desk.ticketCount());
    }
  }

  @Test
  void aSecondRunningDeskCannotShareTheDirectory() throws IOException {
    try (TestDesk first = builder().start()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder().start());
      assertTrue(e.getMessage().startsWith("dataDirectory: "), e.getMessage());
      assertEquals(0, first.ticketCount());
    }
    try (TestDesk again = builder().start()) {
      assertEquals(0, again.ticketCount());
    }
  }

  @Test
  void anUnreadableStateFileStopsTheStartInsteadOfBeingOverwritten() throws IOException {
    Files.write(dir.resolve("state.json"), "{\"tickets\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    IOException e = assertThrows(IOException.class, () -> builder().start());
    assertTrue(e.getMessage().contains("state.json"), e.getMessage());
    assertEquals("{\"tickets\":", Files.readString(dir.resolve("state.json")));
    Files.write(dir.resolve("state.json"), "{\"format\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThrows(IOException.class, () -> builder().start());
  }

  @Test
  void memoryDeskForgetsEverythingOnClose() throws IOException {
    try (TestDesk desk = TestDesk.builder().start()) {
      new Api(desk).createFor("k", "S", "u", null);
    }
    try (TestDesk desk = TestDesk.builder().start()) {
      assertEquals(0, desk.ticketCount());
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.findAny().isEmpty());
    }
  }
}
