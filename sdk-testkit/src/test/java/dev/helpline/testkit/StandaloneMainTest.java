package dev.helpline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StandaloneMainTest {
  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void mainServesOnTheGivenPortWithTheGivenKeysUntilTerminated() throws Exception {
    int port = freePort();
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        TestDesk.class.getName(), "--port", Integer.toString(port), "--data", dir.toString(),
        "--app-key", "local-app", "--admin-key", "local-admin", "--token-secret", "s3cret"))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).get(30, TimeUnit.SECONDS);
      assertEquals("Helpline test desk: http://127.0.0.1:" + port + " appKey=local-app adminKey=local-admin", line);

      OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
      String base = "http://127.0.0.1:" + port;
      try (Response status = client.newCall(new Request.Builder().url(base + "/v1/status/summary.json").build())
          .execute()) {
        assertEquals(200, status.code());
      }
      Request create = new Request.Builder().url(base + "/v1/tickets")
          .header("Authorization", "Bearer local-app").header("Idempotency-Key", "cli-1")
          .post(Api.multipart("ticket", Api.ticketJson("From CLI", "user-1", null)).build()).build();
      try (Response created = client.newCall(create).execute()) {
        assertEquals(201, created.code());
      }
      Request token = new Request.Builder().url(base + "/admin/tokens").header("Authorization", "Bearer local-admin")
          .post(RequestBody.create("{\"sub\":\"user-1\",\"ttlSeconds\":60}", Api.JSON)).build();
      try (Response r = client.newCall(token).execute()) {
        assertEquals(200, r.code());
      }
    } finally {
      process.destroy(); // SIGTERM: the shutdown hook closes the desk
      assertTrue(process.waitFor(20, TimeUnit.SECONDS), "desk process did not stop");
    }
    assertTrue(new String(Files.readAllBytes(dir.resolve("state.json")), StandardCharsets.UTF_8).contains("From CLI"));
  }
}
