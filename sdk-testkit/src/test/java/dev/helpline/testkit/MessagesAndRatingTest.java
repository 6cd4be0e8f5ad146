package dev.helpline.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessagesAndRatingTest {
  private TestDesk desk;
  private Api api;
  private String id;
  private String token;

  @BeforeEach
  void start() throws IOException {
    desk = TestDesk.builder().start();
    api = new Api(desk);
    id = api.createFor("k", "Help", "user-1", null);
    token = desk.issueUserToken("user-1", null, Duration.ofHours(1));
  }

  @AfterEach
  void stop() {
    desk.close();
  }

  private Api.Result reply(String json, byte[]... files) throws IOException {
    okhttp3.MultipartBody.Builder b = Api.multipart("message", json);
    for (int i = 0; i < files.length; i++) {
      Api.withFile(b, "file" + i + ".log", "text/plain", files[i]);
    }
    return api.send("POST", "/v1/tickets/" + id + "/messages", token, b.build());
  }

  @Test
  void messagesArePagedWithLimitAndCursorAndAllComeWithoutLimit() throws IOException {
    for (int i = 0; i < 5; i++) desk.admin().reply(id, "reply " + i);
    String path = "/v1/tickets/" + id + "/messages";

    Map<String, Object> all = api.get(path, token).json();
    assertEquals(5, ((List<?>) all.get("messages")).size());
    assertNull(all.get("nextCursor"));

    Map<String, Object> first = api.get(path + "?limit=2", token).json();
    assertEquals(List.of("reply 0", "reply 1"), bodies(first));
    Map<String, Object> second = api.get(path + "?limit=2&cursor=" + first.get("nextCursor"), token).json();
    assertEquals(List.of("reply 2", "reply 3"), bodies(second));
    Map<String, Object> last = api.get(path + "?limit=2&cursor=" + second.get("nextCursor"), token).json();
    assertEquals(List.of("reply 4"), bodies(last));
    assertNull(last.get("nextCursor"));

    assertEquals(400, api.get(path + "?limit=0", token).code);
    assertEquals(400, api.get(path + "?limit=2&cursor=YmVmb3JlOjI", token).code, "a ticket list's cursor");
  }

  @Test
  void aMessagesCursorOfAnotherTicketIs400() throws IOException {
    String other = api.createFor("k2", "Other", "user-1", null);
    for (int i = 0; i < 3; i++) {
      desk.admin().reply(id, "reply " + i);
      desk.admin().reply(other, "other " + i);
    }
    Map<String, Object> first = api.get("/v1/tickets/" + id + "/messages?limit=2", token).json();
    String cursor = (String) first.get("nextCursor");

    Api.Result mixedUp = api.get("/v1/tickets/" + other + "/messages?limit=2&cursor=" + cursor, token);

    assertEquals(400, mixedUp.code, mixedUp.text());
    assertEquals("cursor", mixedUp.json().get("field"));
    assertEquals(List.of("reply 2"),
        bodies(api.get("/v1/tickets/" + id + "/messages?limit=2&cursor=" + cursor, token).json()));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> bodies(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("messages")).stream().map(m -> m.get("body"))
        .collect(java.util.stream.Collectors.toList());
  }

  @Test
  void agentReplyIsVisibleToTheRequesterAndTheDescriptionIsNotAMessage() throws IOException {
    assertEquals(List.of(), api.get("/v1/tickets/" + id + "/messages", token).list("messages"));
    desk.admin().reply(id, "Please send logs.");

    List<Map<String, Object>> messages = api.get("/v1/tickets/" + id + "/messages", token).list("messages");
    assertEquals(1, messages.size());
    assertEquals("agent", messages.get(0).get("author"));
    assertEquals("Support", messages.get(0).get("authorName"));
    assertEquals("Please send logs.", messages.get(0).get("body"));
    assertEquals(List.of(), messages.get(0).get("attachments"));
    assertNotNull(messages.get(0).get("createdAt"));
  }

  @Test
  void requesterReplyWithAttachmentIsStoredAndDownloadable() throws IOException {
    byte[] log = "line 1\r\nline 2\r\n".getBytes(StandardCharsets.UTF_8);
    Api.Result r = reply("{\"body\":\"Here you go\"}", log);
    assertEquals(201, r.code, r.toString());
    Map<String, Object> m = r.json();
    assertEquals("requester", m.get("author"));
    assertEquals("Ada", m.get("authorName"));
    @SuppressWarnings("unchecked")
    Map<String, Object> file = ((List<Map<String, Object>>) m.get("attachments")).get(0);
    assertEquals("file0.log", file.get("fileName"));
    assertEquals((double) log.length, file.get("size"));
    assertArrayEquals(log, api.get((String) file.get("url"), token).body);

    List<Map<String, Object>> messages = api.get("/v1/tickets/" + id + "/messages", token).list("messages");
    assertEquals(m, messages.get(0));
    assertArrayEquals(log, desk.tickets().get(0).messages().get(0).attachments().get(0).bytes());
  }

  @Test
  void messagesAreListedOldestFirst() throws IOException {
    reply("{\"body\":\"first\"}");
    desk.admin().reply(id, "second");
    reply("{\"body\":\"third\"}");
    List<Map<String, Object>> messages = api.get("/v1/tickets/" + id + "/messages", token).list("messages");
    assertEquals(List.of("first", "second", "third"), messages.stream().map(x -> x.get("body")).toList());
  }

  @Test
  void requesterReplyReopensSolvedAndPendingTickets() throws IOException {
    desk.admin().setStatus(id, "solved");
    reply("{\"body\":\"Still broken\"}");
    assertEquals("open", desk.tickets().get(0).status());

    desk.admin().setStatus(id, "pending");
    reply("{\"body\":\"Answer\"}");
    assertEquals("open", api.get("/v1/tickets/" + id, token).json().get("status"));

    desk.admin().setStatus(id, "on_hold");
    reply("{\"body\":\"Any news?\"}");
    assertEquals("on_hold", desk.tickets().get(0).status());
  }

  @Test
  void blankOrMissingMessageBodyIs400() throws IOException {
    assertEquals("body", reply("{\"body\":\"  \"}").json().get("field"));
    assertEquals("body", reply("{}").json().get("field"));
    Api.Result noPart = api.send("POST", "/v1/tickets/" + id + "/messages", token,
        Api.withFile(new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM), "a.txt", "text/plain",
            new byte[] {1}).build());
    assertEquals("message", noPart.json().get("field"));
    assertEquals(0, desk.tickets().get(0).messages().size());
  }

  @Test
  void ratingIsRefusedUntilTheTicketIsSolved() throws IOException {
    Api.Result early = api.putJson("/v1/tickets/" + id + "/rating", token, "{\"score\":5}");
    assertEquals(409, early.code);
    assertEquals("not_solved", early.json().get("error"));
    assertNull(desk.tickets().get(0).ratingScore());

    desk.admin().setStatus(id, "solved");
    Api.Result ok = api.putJson("/v1/tickets/" + id + "/rating", token, "{\"score\":4,\"comment\":\"Quick, thanks\"}");
    assertEquals(200, ok.code, ok.toString());
    assertEquals(4.0, ok.json().get("score"));
    assertEquals("Quick, thanks", ok.json().get("comment"));
    assertNotNull(ok.json().get("ratedAt"));
    assertEquals(4, desk.tickets().get(0).ratingScore());

    desk.admin().setStatus(id, "closed");
    assertEquals(200, api.putJson("/v1/tickets/" + id + "/rating", token, "{\"score\":1}").code);
  }

  @Test
  void scoreOutsideOneToFiveIs400() throws IOException {
    desk.admin().setStatus(id, "solved");
    for (String bad : List.of("0", "6", "-1", "4.5", "\"5\"", "null")) {
      Api.Result r = api.putJson("/v1/tickets/" + id + "/rating", token, "{\"score\":" + bad + "}");
      assertEquals(400, r.code, bad);
      assertEquals("score", r.json().get("field"), bad);
    }
    assertEquals(200, api.putJson("/v1/tickets/" + id + "/rating", token, "{\"score\":1}").code);
    assertEquals(200, api.putJson("/v1/tickets/" + id + "/rating", token, "{\"score\":5}").code);
  }

  @Test
  void adminRejectsUnknownTicketsAndStatuses() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> desk.admin().reply("42", "hi"));
    assertEquals("ticketId: no ticket with id '42'", unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> desk.admin().setStatus(id, "done"));
  }
}
