package dev.helpline.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.DeskException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ErrorBodiesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

  private static DeskException parse(int status, String reason, String body, String... secrets) {
    return ErrorBodies.toDeskException(status, reason, body.getBytes(StandardCharsets.UTF_8), null, CLOCK, secrets);
  }

  @Test
  void jsonErrorDocumentIsRead() {
    DeskException e = parse(400, "Bad Request",
        "{\"error\":\"invalid_request\",\"message\":\"too long\",\"field\":\"subject\",\"extra\":{\"x\":[1]}}");
    assertEquals(400, e.httpStatus());
    assertEquals("invalid_request", e.errorCode());
    assertEquals("too long", e.deskMessage());
    assertEquals("subject", e.field());
  }

  @Test
  void jsonWithoutMessageFallsBackToReason() {
    DeskException e = parse(404, "Not Found", "{\"error\":\"not_found\",\"message\":null,\"field\":7}");
    assertEquals("not_found", e.errorCode());
    assertEquals("Not Found", e.deskMessage());
    assertNull(e.field());
  }

  @Test
  void emptyReasonAndBodyGiveTheStatus() {
    assertEquals("HTTP 500", parse(500, "", "").deskMessage());
  }

  @Test
  void truncatedJsonFallsBackToAnExcerpt() {
    DeskException e = parse(500, "Server Error", "{\"error\":\"server_error\",\"message\":\"cut");
    assertNull(e.errorCode());
    assertTrue(e.deskMessage().startsWith("Server Error: {\"error\""), e.deskMessage());
  }

  @Test
  void messagesAreShortenedAndWhitespaceCollapsed() {
    DeskException e = parse(400, "Bad Request", "{\"message\":\"line one\\n\\n\\tline two " + "y".repeat(2000) + "\"}");
    assertTrue(e.deskMessage().startsWith("line one line two y"), e.deskMessage());
    assertEquals(ErrorBodies.MAX_MESSAGE_CHARS, e.deskMessage().length());
    assertTrue(e.deskMessage().endsWith("\u2026"));
  }

  @Test
  void secretsAreMaskedEverywhere() {
    DeskException e = parse(401, "Unauthorized",
        "{\"error\":\"bad tok-123\",\"message\":\"Bearer tok-123 is expired\",\"field\":\"tok-123\"}", "tok-123");
    assertFalse(e.getMessage().contains("tok-123"), e.getMessage());
    assertEquals("Bearer *** is expired", e.deskMessage());
    DeskException text = parse(500, "Oops", "echo tok-123", "tok-123");
    assertEquals("Oops: echo ***", text.deskMessage());
  }

  @Test
  void retryAfterIsParsed() {
    DeskException e = ErrorBodies.toDeskException(429, "Too Many Requests", new byte[0], "7", CLOCK);
    assertEquals(Duration.ofSeconds(7), e.retryAfter());
    assertTrue(e.isRetryable());
  }
}
