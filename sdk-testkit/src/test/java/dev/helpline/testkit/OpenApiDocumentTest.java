package dev.helpline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keeps docs/openapi/support-api.yaml and the desk in step, in both directions. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenApiDocumentTest {
  /** Every route the desk serves, as "METHOD /path/{param}". */
  private static final Set<String> DESK_ROUTES = Set.of(
      "POST /v1/tickets", "GET /v1/tickets", "GET /v1/tickets/{ticketId}",
      "GET /v1/tickets/{ticketId}/attachments/{attachmentId}",
      "GET /v1/tickets/{ticketId}/messages", "POST /v1/tickets/{ticketId}/messages",
      "PUT /v1/tickets/{ticketId}/rating", "GET /v1/submissions/{submissionId}",
      "GET /v1/status/summary.json", "GET /api/v2/summary.json", "GET /v1/notices", "GET /v1/articles/search",
      "GET /admin/tickets", "POST /admin/tickets/{ticketId}/messages", "PUT /admin/tickets/{ticketId}/status",
      "PUT /admin/status", "POST /admin/notices", "DELETE /admin/notices/{noticeId}", "POST /admin/articles",
      "POST /admin/tokens", "POST /admin/faults", "DELETE /admin/faults");

  private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
  private static final Pattern METHOD = Pattern.compile("^    (get|put|post|delete|patch|head|options):\\s*$");

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

  private static Set<String> documentedRoutes() throws IOException {
    Path yaml = Paths.get("..", "docs", "openapi", "support-api.yaml");
    assertTrue(Files.exists(yaml), "missing " + yaml.toAbsolutePath());
    Set<String> routes = new TreeSet<>();
    String path = null;
    boolean inPaths = false;
    for (String line : Files.readAllLines(yaml, StandardCharsets.UTF_8)) {
      if (!line.startsWith(" ") && !line.isEmpty() && !line.startsWith("#")) {
        inPaths = line.startsWith("paths:");
        continue;
      }
      if (!inPaths) {
        continue;
      }
      Matcher p = PATH.matcher(line);
      if (p.matches()) {
        path = p.group(1);
        continue;
      }
      Matcher m = METHOD.matcher(line);
      if (m.matches() && path != null) {
        routes.add(m.group(1).toUpperCase(java.util.Locale.ROOT) + " " + path);
      }
    }
    return routes;
  }

  @Test
  void everyRouteTheDeskServesIsDocumentedAndNothingElse() throws IOException {
    assertEquals(new TreeSet<>(DESK_ROUTES), documentedRoutes());
  }

  @Test
  void everyDocumentedRouteIsServedByTheDesk() throws IOException {
    String id = api.createFor("k", "S", "user-1", null);
    String token = desk.issueUserToken("user-1", null, Duration.ofHours(1));
    Map<String, Integer> codes = new TreeMap<>();
    for (String route : documentedRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1)
          .replace("{ticketId}", id).replace("{attachmentId}", "a1").replace("{noticeId}", "n1")
          .replace("{submissionId}", "k");
      String auth = path.startsWith("/admin/") ? desk.adminKey()
          : route.equals("POST /v1/tickets") || path.startsWith("/v1/submissions/") ? desk.appKey() : token;
      RequestBody body = method.equals("GET") || method.equals("DELETE") ? null : RequestBody.create("{}", Api.JSON);
      Api.Result r = api.send(method, path, auth, body);
      codes.put(route, r.code);
      assertFalse(r.code == 404 && r.text().contains("No route"), route + " is documented but not served: " + r);
      assertFalse(r.code == 404 && r.text().contains("No admin route"), route + " is documented but not served");
    }
    assertEquals(DESK_ROUTES.size(), codes.size());
    // Sanity check of the probe itself: an undocumented route is reported as unrouted.
    assertTrue(api.send("PATCH", "/v1/tickets", token, RequestBody.create("{}", Api.JSON)).text()
        .contains("No route"));
  }

  @Test
  void documentedErrorCodesAreTheContractsCodes() throws IOException {
    String yaml = Files.readString(Paths.get("..", "docs", "openapi", "support-api.yaml"));
    for (String code : List.of("invalid_request", "unauthorized", "invalid_token", "forbidden", "not_found",
        "idempotency_conflict", "not_solved", "payload_too_large", "rate_limited", "server_error")) {
      assertTrue(yaml.contains(code), code);
    }
    for (String header : List.of("Idempotency-Key", "ETag", "If-None-Match", "If-Modified-Since", "Last-Modified",
        "Retry-After", "Idempotent-Replayed")) {
      assertTrue(yaml.contains(header), header);
    }
  }
}
