package dev.helpline.connector.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.DeskException;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.connector.UserAuth;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The failure modes every {@link Connector} must get right, run through a fault-injecting proxy in front
 * of the connector's desk (real or fake): 408, 429 and 5xx are retryable and carry {@code Retry-After}
 * (seconds and HTTP-date); other 4xx are permanent and carry the desk's message; the desk's own answer,
 * padded past the connector's cap, is refused; a lost answer to a create never duplicates the ticket; the connector's
 * secret never appears in an exception message, even when the desk echoes it in a refusal, as the status
 * line or a chunk header (which OkHttp quotes when it cannot parse them) or as a member name of a malformed
 * answer (which Moshi names in its path); an answer trickled so slowly that no read time-out fires is cut off by the whole-call deadline; {@link Connector#cancelCalls()}
 * ends a create in flight with an {@link IOException} and leaves the connector usable (the default {@code
 * cancelCalls()} does nothing, so a connector must implement it).
 *
 * <p>A connector proves itself by one test class that extends this one and supplies the desk, the
 * connector (pointed at {@link #proxyUrl()}, with and without a short call time-out), which request
 * creates a ticket, and how the desk words a refusal.
 */
@Timeout(120)
public abstract class ConnectorFailureContract {
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private FaultProxy proxy;
  protected Connector connector;

  /** The URL of the desk under test (its root, as a connector of this kind is configured with it). */
  protected abstract String deskUrl() throws Exception;

  /** A connector for the desk at {@code baseUrl}, the fault-injecting proxy, authenticated with {@link #secret()}. */
  protected abstract Connector newConnector(String baseUrl) throws Exception;

  /**
   * As {@link #newConnector(String)}, with {@code callTimeout} as the whole-call deadline of a call
   * without upload (the connector's {@code callTimeout} setting).
   */
  protected abstract Connector newConnector(String baseUrl, Duration callTimeout) throws Exception;

  /** The credential the connector holds; it must never appear in an exception message. */
  protected abstract String secret();

  /** Whether {@code request} is the one that creates the ticket (the call a lost answer makes ambiguous). */
  protected abstract boolean isCreate(RecordedRequest request);

  /** The desk's refusal with {@code status} and {@code message}, in the desk's own error format. */
  protected abstract MockResponse refusal(int status, String message);

  /** How a requester reads their tickets; desks that check user tokens override this. */
  protected UserAuth auth(Requester requester) {
    return UserAuth.of(requester, null);
  }

  /**
   * How many tickets with {@code subject} the desk holds for {@code requester}. The default lists them
   * through the connector; a connector that cannot list overrides this with the desk's own API.
   */
  protected int ticketsWithSubject(Requester requester, String subject) throws Exception {
    if (!connector.capabilities().contains(Capability.LIST_TICKETS)) {
      throw new AssertionError(getClass().getSimpleName() + " must override ticketsWithSubject: "
          + connector.name() + " cannot list tickets");
    }
    int count = 0;
    String cursor = null;
    do {
      TicketPage page = connector.listTickets(auth(requester), cursor);
      for (Ticket t : page.tickets()) if (subject.equals(t.subject())) count++;
      cursor = page.nextCursor();
    } while (cursor != null);
    return count;
  }

  /** More bytes than the connector reads from one answer. */
  protected long oversizedAnswerBytes() {
    return 16L * 1024 * 1024;
  }

  /** The fault-injecting proxy's URL, which {@link #newConnector} is given. */
  protected final String proxyUrl() {
    return proxy.url();
  }

  @BeforeEach
  void openProxyAndConnector() throws Exception {
    proxy = new FaultProxy(deskUrl());
    connector = newConnector(proxy.url());
  }

  @AfterEach
  void closeProxyAndConnector() throws IOException {
    if (connector != null) connector.close();
    if (proxy != null) proxy.close();
  }

  /** A requester no earlier run or test has used. */
  protected static Requester freshRequester() {
    String unique = Long.toString(System.currentTimeMillis(), 36) + "-" + SEQUENCE.incrementAndGet() + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    return Requester.of(null, "fault-" + unique + "@example.com", "User " + unique);
  }

  protected static NewTicket ticket(Requester requester, String subject) {
    return NewTicket.builder().submissionId(UUID.randomUUID().toString()).subject(subject)
        .description("Steps: open the app, press Sync.\nExpected: sync; actual: nothing happens.")
        .requester(requester).priority(Priority.NORMAL).createdAt(Instant.now()).build();
  }

  /**
   * Creates {@code ticket} through the connector under test. A connector whose desk's search lags may ask to wait
   * before it decides whether an earlier attempt created the ticket ({@link Connector.SearchLagException}): the
   * wait is {@linkplain #letTimePass let pass} and the create made again, as the delivery worker would.
   */
  protected Ticket create(NewTicket ticket) throws Exception {
    try {
      return connector.create(ticket, UploadProgress.NONE);
    } catch (Connector.SearchLagException lag) {
      letTimePass(lag.retryAfter());
      return connector.create(ticket, UploadProgress.NONE);
    }
  }

  /**
   * Moves the clock of the connectors under test by {@code wait}. Needed only for a connector that throws
   * {@link Connector.SearchLagException}: build it with a clock this test moves.
   */
  protected void letTimePass(Duration wait) {
    throw new AssertionError(connector.name() + " asked to wait " + wait + " for its desk's search; override"
        + " letTimePass to move the clock it was built with");
  }

  private DeskException refusedCreate(MockResponse answer) {
    proxy.answerNext(this::isCreate, answer);
    Exception e = assertThrows(Exception.class, () -> create(ticket(freshRequester(), "Refused")));
    return assertInstanceOf(DeskException.class, e, "a desk's refusal is a DeskException: " + e);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void transientRefusalsAreRetryable(int status) {
    DeskException e = refusedCreate(refusal(status, "try again later"));
    assertEquals(status, e.httpStatus());
    assertTrue(e.isRetryable(), "HTTP " + status + " is retryable");
  }

  @Test
  void retryAfterInSecondsIsReported() {
    DeskException e = refusedCreate(refusal(429, "slow down").setHeader("Retry-After", "7"));
    assertTrue(e.isRetryable());
    assertEquals(Duration.ofSeconds(7), e.retryAfter());
  }

  @Test
  void retryAfterAsAnHttpDateIsReported() {
    Instant when = Instant.now().plusSeconds(120);
    DeskException e = refusedCreate(refusal(503, "maintenance").setHeader("Retry-After", HTTP_DATE.format(when)));
    assertTrue(e.isRetryable());
    Duration delay = e.retryAfter();
    assertNotNull(delay, "an HTTP-date Retry-After is understood");
    assertTrue(delay.compareTo(Duration.ofSeconds(100)) >= 0 && delay.compareTo(Duration.ofSeconds(121)) <= 0,
        "Retry-After " + delay + " is about 120 s");
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 403, 409, 413, 422})
  void otherClientErrorsArePermanentAndCarryTheDesksMessage(int status) {
    DeskException e = refusedCreate(refusal(status, "Subject is too long for queue General"));
    assertEquals(status, e.httpStatus());
    assertFalse(e.isRetryable(), "HTTP " + status + " is permanent");
    assertTrue(e.getMessage().contains("Subject is too long"), "the desk's message is kept: " + e.getMessage());
  }

  /**
   * The desk's own answer to the create, behind {@link #oversizedAnswerBytes()} of leading white space (which JSON
   * allows): a connector that read it in full would find a valid ticket in it, so only a cap on the bytes read from
   * one answer refuses it.
   */
  @Test
  void anAnswerOverTheCapIsRefused() {
    long size = oversizedAnswerBytes();
    proxy.padNextAnswer(this::isCreate, size);
    Exception e = assertThrows(Exception.class, () -> create(ticket(freshRequester(), "Huge answer")),
        connector.name() + " read an answer of over " + size + " bytes in full: cap the bytes it reads from one"
            + " answer (or, when its cap is larger, override oversizedAnswerBytes)");
    assertInstanceOf(IOException.class, e, "an oversized answer is a transport failure, retried later: " + e);
  }

  @Test
  void aLostAnswerNeverDuplicatesTheTicket() throws Exception {
    Requester requester = freshRequester();
    String subject = "Lost answer " + UUID.randomUUID();
    NewTicket ticket = ticket(requester, subject);
    proxy.loseNextAnswer(this::isCreate);
    assertThrows(IOException.class, () -> create(ticket), "a lost answer is a transport failure");

    Ticket retried = create(ticket);
    assertEquals(subject, retried.subject());
    assertEquals(1, ticketsWithSubject(requester, subject), "the retry found the ticket the lost answer created");
  }

  /**
   * A retry whose first attempt is older than the desk's key lifetime must not rely on the key: the ticket the lost
   * answer created is found by submission id, and no second create is sent (the proxy would refuse it).
   */
  @Test
  void aLostAnswerRetriedAfterTheKeyLifetimeFindsTheTicketWithoutCreatingAgain() throws Exception {
    if (!connector.capabilities().contains(Capability.FIND_BY_SUBMISSION)) return; // at-least-once, and says so
    Requester requester = freshRequester();
    String subject = "Late retry " + UUID.randomUUID();
    Instant now = Instant.now();
    Instant firstAttempt = now.minus(connector.idempotencyKeyLifetime()).minus(Duration.ofHours(1));
    NewTicket.Builder ticket = NewTicket.builder().submissionId(UUID.randomUUID().toString()).subject(subject)
        .description("Steps: open the app, press Sync.").requester(requester).priority(Priority.NORMAL)
        .createdAt(firstAttempt);
    proxy.loseNextAnswer(this::isCreate);
    assertThrows(IOException.class, () -> create(ticket.attempt(1).attemptTimes(firstAttempt, firstAttempt).build()));

    proxy.answerNext(this::isCreate, refusal(500, "a second create of the same submission"));
    Ticket retried;
    try {
      retried = create(ticket.attempt(2).attemptTimes(firstAttempt, now).build());
    } catch (DeskException e) {
      throw new AssertionError(connector.name() + " sent the create again after its key lifetime ("
          + connector.idempotencyKeyLifetime() + ") instead of finding the ticket: " + e.getMessage(), e);
    }
    assertEquals(subject, retried.subject());
    assertEquals(1, ticketsWithSubject(requester, subject), "exactly one ticket");
  }

  @Test
  void anEchoedSecretNeverReachesTheMessage() {
    String secret = secret();
    String[] echoes = {secret, secret.toUpperCase(Locale.ROOT), secret.toLowerCase(Locale.ROOT)};
    for (String echo : echoes) {
      DeskException e = refusedCreate(refusal(401, "Invalid credentials: " + echo));
      assertFalse(e.isRetryable(), "401 is permanent");
      assertFalse(e.getMessage().toLowerCase(Locale.ROOT).contains(secret.toLowerCase(Locale.ROOT)),
          "the secret was echoed into the message: " + e.getMessage());
      assertFalse(String.valueOf(e).toLowerCase(Locale.ROOT).contains(secret.toLowerCase(Locale.ROOT)));
    }
  }

  /**
   * A desk, or a proxy before it, that answers the create with the {@code Authorization} value it was sent (or,
   * when the request has none, {@link #secret()}) as the status line: a transport failure, and neither those
   * credentials nor the secret, in any case, in any exception of the chain (OkHttp quotes a status line it cannot
   * parse in its {@code ProtocolException}).
   */
  @Test
  void aCredentialEchoedAsTheStatusLineStaysOutOfTheTransportError() {
    AtomicReference<String> sent = new AtomicReference<>();
    proxy.answerNext(this::isCreate, request -> new MockResponse().setStatus(echo(request, sent)));
    Exception e = assertThrows(Exception.class, () -> create(ticket(freshRequester(), "Echoed status line")));
    assertInstanceOf(IOException.class, e, "an answer that is not HTTP is a transport failure: " + e);
    assertNoCredential(e, sent.get());
  }

  /**
   * A desk that answers the create with 201 and a malformed JSON document whose member names are the {@code
   * Authorization} value it was sent and {@link #secret()}: an {@link IOException}, and neither in any exception of
   * the chain (Moshi names the members on the way to a syntax error: "Expected value at path $.…").
   */
  @Test
  void aCredentialEchoedAsAJsonNameStaysOutOfTheMalformedAnswerError() {
    AtomicReference<String> sent = new AtomicReference<>();
    proxy.answerNext(this::isCreate, request -> new MockResponse().setResponseCode(201)
        .setHeader("Content-Type", "application/json")
        .setBody("{\"" + jsonName(echo(request, sent)) + "\":{\"" + jsonName(secret()) + "\":}}"));
    Exception e = assertThrows(Exception.class, () -> create(ticket(freshRequester(), "Echoed JSON name")));
    assertInstanceOf(IOException.class, e, "a malformed answer is an IOException: " + e);
    assertNoCredential(e, sent.get());
  }

  /**
   * A desk that answers the create with 201, chunked, whose first chunk header is the {@code Authorization} value it
   * was sent: an {@link IOException}, and neither those credentials nor the secret in any exception of the chain
   * (OkHttp quotes a chunk header it cannot parse while the body is read, after the call itself returned).
   */
  @Test
  void aCredentialEchoedAsAChunkHeaderStaysOutOfTheReadError() {
    AtomicReference<String> sent = new AtomicReference<>();
    proxy.answerNext(this::isCreate, request -> new MockResponse().setResponseCode(201)
        .setHeader("Content-Type", "application/json").setBody(echo(request, sent) + "\r\n{}\r\n0\r\n\r\n")
        .removeHeader("Content-Length").setHeader("Transfer-Encoding", "chunked"));
    Exception e = assertThrows(Exception.class, () -> create(ticket(freshRequester(), "Echoed chunk header")));
    assertInstanceOf(IOException.class, e, "a body that breaks HTTP's framing is a transport failure: " + e);
    assertNoCredential(e, sent.get());
  }

  /** The {@code Authorization} value of {@code request}, kept in {@code sent}; {@link #secret()} when it has none. */
  private String echo(RecordedRequest request, AtomicReference<String> sent) {
    String authorization = request.getHeader("Authorization");
    sent.set(authorization);
    return authorization != null ? authorization : secret();
  }

  private static String jsonName(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** Fails when the text of {@code e} (causes, suppressed and stack trace included) holds the secret or credentials. */
  private void assertNoCredential(Exception e, @Nullable String authorization) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    String text = trace.toString().toLowerCase(Locale.ROOT);
    assertFalse(text.contains(secret().toLowerCase(Locale.ROOT)), "the secret came through:\n" + trace);
    if (authorization != null) {
      String credentials = authorization.substring(authorization.indexOf(' ') + 1).trim().toLowerCase(Locale.ROOT);
      assertFalse(text.contains(credentials), "the Authorization credentials came through:\n" + trace);
    }
  }

  /**
   * The create's answer trickles (a byte every 100 ms, for minutes) to a connector built with a call time-out of one
   * second: bytes keep coming, so no read time-out fires; the whole-call deadline must end the call. The test waits
   * 30 s for that, so that a connector that ignores its {@code callTimeout} fails here, saying so, instead of holding
   * the test for minutes.
   */
  @Test
  void aDeskThatTricklesItsAnswerIsCutOffByTheWholeCallDeadline() throws Exception {
    proxy.answerNext(this::isCreate, new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
        .setBody("{\"padding\":\"" + "x".repeat(4096) + "\"}").throttleBody(1, 100, TimeUnit.MILLISECONDS));
    Connector bounded = newConnector(proxyUrl(), Duration.ofSeconds(1));
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<Ticket> trickled = caller.submit(() -> bounded.create(ticket(freshRequester(), "Trickled"), UploadProgress.NONE));
      Throwable e;
      try {
        Ticket unexpected = trickled.get(30, TimeUnit.SECONDS);
        throw new AssertionError("the trickled answer gave " + unexpected);
      } catch (ExecutionException failure) {
        e = failure.getCause();
      } catch (TimeoutException stillRunning) {
        throw new AssertionError(bounded.name() + " built with a callTimeout of 1 s was still reading a trickled answer"
            + " after 30 s: apply callTimeout as a deadline on the whole call, from connecting to the end of the body");
      }
      assertInstanceOf(IOException.class, e, "a call cut off by its deadline is a transport failure: " + e);
      if (e instanceof DeskException) assertTrue(((DeskException) e).isRetryable(), "retryable: " + e);
    } finally {
      caller.shutdownNow();
      bounded.cancelCalls();
      bounded.close();
    }
  }

  /**
   * The create's answer trickles (a byte every 250 ms, for minutes) to a connector whose whole-call deadline is an
   * hour: neither a read time-out nor the deadline ends the call while the test waits, only {@link
   * Connector#cancelCalls()} can.
   */
  @Test
  void cancelCallsEndsACreateInFlightAndLeavesTheConnectorUsable() throws Exception {
    Requester requester = freshRequester();
    String subject = "Cancelled " + UUID.randomUUID();
    NewTicket ticket = ticket(requester, subject);
    proxy.answerNext(this::isCreate, new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
        .setBody("{\"padding\":\"" + "x".repeat(4096) + "\"}").throttleBody(1, 250, TimeUnit.MILLISECONDS));
    Connector usual = connector;
    connector = newConnector(proxyUrl(), Duration.ofHours(1));
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<Ticket> inFlight = caller.submit(() -> create(ticket));
      assertTrue(proxy.awaitFault(Duration.ofSeconds(30)), "the create reached the desk");

      connector.cancelCalls();

      Throwable failure;
      try {
        Ticket unexpected = inFlight.get(30, TimeUnit.SECONDS);
        throw new AssertionError("the cancelled create returned " + unexpected);
      } catch (ExecutionException e) {
        failure = e.getCause();
      } catch (TimeoutException e) {
        throw new AssertionError(connector.name() + "'s cancelCalls() left a create in flight for 30 s: it must end"
            + " every call the connector has in flight (Connector.cancelCalls() does nothing by default)");
      }
      assertInstanceOf(IOException.class, failure, "a cancelled call is a transport failure: " + failure);
      Ticket created = create(ticket);
      assertEquals(subject, created.subject());
      assertEquals(1, ticketsWithSubject(requester, subject), "the create after the cancel made one ticket");
    } finally {
      caller.shutdownNow();
      connector.close();
      connector = usual;
    }
  }
}
