package dev.helpline.internal.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UserAgentInterceptorTest {
  @Test
  void replacesOkHttpsUserAgent() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody("ok"));
      OkHttpClient client = new OkHttpClient.Builder().addInterceptor(new UserAgentInterceptor("helpline-java/0.1.0")).build();
      try (Response response = client.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
        assertEquals(200, response.code());
      }
      RecordedRequest request = server.takeRequest(10, SECONDS);
      assertNotNull(request);
      assertEquals("helpline-java/0.1.0", request.getHeader("User-Agent"));
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  @Test
  void headerValuesAreCheckedWithoutEchoingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UserAgentInterceptor.checkHeaderValue("appKey", "secret\nvalue"));
    assertEquals("appKey has an illegal character at index 6; only printable ASCII is allowed in an HTTP header", e.getMessage());
    assertFalse(e.getMessage().contains("secret"));
    assertEquals("appKey is empty",
        assertThrows(IllegalArgumentException.class, () -> UserAgentInterceptor.checkHeaderValue("appKey", " ")).getMessage());
  }
}
