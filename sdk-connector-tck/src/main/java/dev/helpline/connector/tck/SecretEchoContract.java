package dev.helpline.connector.tck;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A desk that echoes the connector's credential in its refusal, whole or mangled, never gets it into
 * an exception: not its message, not a cause's, not the stack trace text. Each connector module runs
 * this against a scripted server that answers every request with 401 and the echo in the error body
 * the desk would send.
 *
 * <p>A subclass builds its connector with {@link #SECRET} as the credential and says how its desk
 * wraps a message in an error body. The connector must also refuse a desk URL that carries credentials without
 * showing them, and keep its own out of {@code toString()}.
 */
@Timeout(30)
public abstract class SecretEchoContract {
  /** The credential every connector under test is built with: long, mixed case, URL- and header-safe. */
  public static final String SECRET = "Hl7sEcReT-0123456789-AbCdEfGhIjKlMnOpQr";

  private MockWebServer server;
  private Connector connector;

  /** A connector for the desk at {@code base} whose credential is {@link #SECRET}. */
  protected abstract Connector newConnector(HttpUrl base) throws Exception;

  /** The desk's error document carrying {@code message} (JSON-escaped by the subclass as needed). */
  protected abstract String errorBody(String message);

  @BeforeEach
  void startDesk() throws Exception {
    server = new MockWebServer();
    server.start();
    connector = newConnector(server.url("/"));
  }

  @AfterEach
  void stopDesk() throws IOException {
    if (connector != null) connector.close();
    server.shutdown();
  }

  /**
   * The ways a desk may echo {@link #SECRET}, as (name, echo) pairs: whole, cut short, in another case, split by
   * invisible characters. Public so that a connector this suite cannot drive (one that is not HTTP) can check its
   * own replies against the same list.
   */
  public static Stream<Arguments> echoes() {
    int n = SECRET.length();
    int half = n / 2;
    return Stream.of(
        Arguments.of("exact", SECRET),
        Arguments.of("one character short", SECRET.substring(0, n - 1)),
        Arguments.of("split by NUL", SECRET.substring(0, half) + "\u0000" + SECRET.substring(half)),
        Arguments.of("split by a zero-width space", SECRET.substring(0, half) + "\u200b" + SECRET.substring(half)),
        Arguments.of("lower-cased", SECRET.toLowerCase(Locale.ROOT)),
        Arguments.of("upper-cased", SECRET.toUpperCase(Locale.ROOT)),
        Arguments.of("a long fragment", SECRET.substring(5, 5 + half + 1)),
        Arguments.of("split by soft hyphen and bidi mark",
            SECRET.substring(0, 9) + "\u00ad" + SECRET.substring(9, 21) + "\u202e" + SECRET.substring(21)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("echoes")
  void anEchoedCredentialNeverReachesTheException(String variant, String echo) {
    String message = "Invalid credentials " + echo + " for this account";
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
            .setBody(errorBody(jsonEscape(message)));
      }
    });
    NewTicket ticket = NewTicket.builder().submissionId(UUID.randomUUID().toString()).subject("Sync fails")
        .description("Nothing syncs.").requester(Requester.ofEmail("ann@example.com")).priority(Priority.NORMAL)
        .createdAt(Instant.now()).build();
    Exception e = assertThrows(Exception.class, () -> connector.create(ticket, UploadProgress.NONE));
    assertTrue(server.getRequestCount() > 0, "the connector never asked the desk");
    assertNoFragment(variant, traceOf(e));
    assertNotNull(e.getMessage());
    assertTrue(e.getMessage().contains("***"), variant + ": the echo is masked, not dropped: " + e.getMessage());
  }

  /**
   * Credentials put into the desk's URL by mistake (user info, a query parameter) are refused when the connector is
   * built, by a message that does not show them; and the connector's {@code toString()} never shows its own.
   */
  @Test
  void aBaseUrlCarryingCredentialsIsRefusedWithoutShowingThem() {
    HttpUrl root = server.url("/");
    Map<String, HttpUrl> carriers = new LinkedHashMap<>();
    carriers.put("password in the user info", root.newBuilder().username("ops").password(SECRET).build());
    carriers.put("token in the query", root.newBuilder().addQueryParameter("token", SECRET).build());
    carriers.forEach((variant, url) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> newConnector(url), variant);
      assertNoFragment(variant, traceOf(e));
    });
    assertNoFragment("toString()", connector.toString());
  }

  private static String traceOf(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  /**
   * Fails when {@code text} holds a piece of {@link #SECRET} at least {@code max(8, half its length)} long, ignoring
   * case and invisible characters; {@code variant} names the case in the failure.
   */
  public static void assertNoFragment(String variant, String text) {
    String visible = text.replaceAll("[\\u0000\\u00ad\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2069\\ufeff]", "")
        .toLowerCase(Locale.ROOT);
    String secret = SECRET.toLowerCase(Locale.ROOT);
    int window = Math.max(8, (secret.length() + 1) / 2);
    for (int i = 0; i + window <= secret.length(); i++) {
      String piece = secret.substring(i, i + window);
      assertFalse(visible.contains(piece), variant + ": '" + piece.substring(0, 3) + "…' of the secret came through");
    }
  }

  private static String jsonEscape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.toString();
  }
}
