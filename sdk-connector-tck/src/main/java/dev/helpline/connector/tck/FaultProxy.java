package dev.helpline.connector.tck;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy in front of a desk (real or fake) that forwards every request unchanged, except that the
 * next requests the test marks are answered by a planned fault instead: a canned response, the desk's
 * own answer dropped on the floor after the desk acted on the request (a lost answer), or the desk's own
 * answer behind a run of white space (an oversized answer that is still the desk's valid answer).
 */
final class FaultProxy extends Dispatcher implements AutoCloseable {
  /** What happens to the next matching request. */
  private static final class Fault {
    final Predicate<RecordedRequest> matches;
    final @Nullable Function<RecordedRequest, MockResponse> response;
    /** Bytes of white space put before the desk's answer; 0 when the answer is lost instead. */
    final long padding;

    Fault(Predicate<RecordedRequest> matches, @Nullable Function<RecordedRequest, MockResponse> response,
        long padding) {
      this.matches = matches;
      this.response = response;
      this.padding = padding;
    }
  }

  private static final MockResponse BAD_GATEWAY = new MockResponse().setResponseCode(502);

  private final MockWebServer server = new MockWebServer();
  private final HttpUrl desk;
  private final OkHttpClient client = new OkHttpClient.Builder()
      .followRedirects(false)
      .retryOnConnectionFailure(false)
      .readTimeout(60, TimeUnit.SECONDS)
      .build();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicInteger forwarded = new AtomicInteger();
  private final Semaphore faultsTaken = new Semaphore(0);

  FaultProxy(String deskUrl) throws IOException {
    HttpUrl parsed = HttpUrl.parse(deskUrl);
    if (parsed == null) throw new IllegalArgumentException("deskUrl is not an http(s) URL: " + deskUrl);
    this.desk = parsed;
    server.setDispatcher(this);
    server.start();
  }

  /** The proxy's URL with the desk URL's path, for the connector under test. */
  String url() {
    return server.url(desk.encodedPath()).toString();
  }

  /** The next request matching {@code matches} gets {@code response} and never reaches the desk. */
  synchronized void answerNext(Predicate<RecordedRequest> matches, MockResponse response) {
    faults.add(new Fault(matches, request -> response, 0));
  }

  /** As {@link #answerNext(Predicate, MockResponse)}, the answer made from the request (to echo what it sent). */
  synchronized void answerNext(Predicate<RecordedRequest> matches, Function<RecordedRequest, MockResponse> response) {
    faults.add(new Fault(matches, response, 0));
  }

  /** The next request matching {@code matches} reaches the desk, whose answer is then lost. */
  synchronized void loseNextAnswer(Predicate<RecordedRequest> matches) {
    faults.add(new Fault(matches, null, 0));
  }

  /**
   * The next request matching {@code matches} reaches the desk, whose answer comes back with {@code bytes} of white
   * space before its body (which JSON allows): whoever reads it in full finds the desk's answer.
   */
  synchronized void padNextAnswer(Predicate<RecordedRequest> matches, long bytes) {
    if (bytes <= 0) throw new IllegalArgumentException("bytes is " + bytes + "; it must be > 0");
    faults.add(new Fault(matches, null, bytes));
  }

  /** How many requests reached the desk. */
  int forwarded() {
    return forwarded.get();
  }

  /** Waits until a planned fault met its request; false when none did within {@code timeout}. */
  boolean awaitFault(Duration timeout) throws InterruptedException {
    return faultsTaken.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized @Nullable Fault take(RecordedRequest request) {
    for (Fault f : faults) {
      if (f.matches.test(request)) {
        faults.remove(f);
        faultsTaken.release();
        return f;
      }
    }
    return null;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Fault fault = take(request);
    if (fault != null && fault.response != null) return fault.response.apply(request);
    MockResponse answer = forward(request, fault != null ? fault.padding : 0);
    if (fault != null && fault.padding == 0) {
      return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
    }
    return answer;
  }

  private MockResponse forward(RecordedRequest request, long padding) {
    HttpUrl requested = request.getRequestUrl();
    if (requested == null) return BAD_GATEWAY;
    HttpUrl target = requested.newBuilder().scheme(desk.scheme()).host(desk.host()).port(desk.port()).build();
    Headers.Builder headers = new Headers.Builder();
    for (String name : request.getHeaders().names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("host") || lower.equals("content-length") || lower.equals("connection")
          || lower.equals("transfer-encoding") || lower.equals("accept-encoding")) {
        continue;
      }
      for (String value : request.getHeaders().values(name)) headers.add(name, value);
    }
    String method = request.getMethod() == null ? "GET" : request.getMethod();
    RequestBody body = null;
    if (!method.equals("GET") && !method.equals("HEAD")) {
      String type = request.getHeader("Content-Type");
      body = RequestBody.create(request.getBody().readByteArray(), type == null ? null : MediaType.parse(type));
    }
    Request forwardedRequest = new Request.Builder().url(target).headers(headers.build()).method(method, body).build();
    try (Response response = client.newCall(forwardedRequest).execute()) {
      forwarded.incrementAndGet();
      MockResponse copy = new MockResponse().setResponseCode(response.code());
      copy.setHeaders(response.headers().newBuilder()
          .removeAll("Content-Length").removeAll("Transfer-Encoding").removeAll("Connection")
          .removeAll("Content-Encoding").build());
      ResponseBody responseBody = response.body();
      okio.Buffer answer = new okio.Buffer();
      byte[] spaces = new byte[64 * 1024];
      Arrays.fill(spaces, (byte) ' ');
      for (long left = padding; left > 0; left -= spaces.length) {
        answer.write(spaces, 0, (int) Math.min(left, spaces.length));
      }
      if (responseBody != null) answer.write(responseBody.bytes());
      if (responseBody != null || padding > 0) copy.setBody(answer);
      return copy;
    } catch (IOException e) {
      return BAD_GATEWAY.clone().setBody("proxy could not reach the desk: " + e);
    }
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
