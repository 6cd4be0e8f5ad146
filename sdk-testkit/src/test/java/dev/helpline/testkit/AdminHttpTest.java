package dev.helpline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminHttpTest {
  private TestDesk desk;
  private Api api;

  @BeforeEach
  void start() throws IOException {
    desk = TestDesk.builder().adminKey("admin-secret").start();
    api = new Api(desk);
  }

  @AfterEach
  void stop() {
    desk.close();
  }

  private Api.Result admin(String method, String path, String json) throws IOException {
    return api.send(method, path, "admin-secret", json == null ? null : RequestBody.create(json, Api.JSON));
  }

  @Test
  void adminEndpointsNeedTheAdminKey() throws IOException {
    assertEquals(401, api.get("/admin/tickets", null).code);
    assertEquals(401, api.get("/admin/tickets", desk.appKey()).code);
    assertEquals("unauthorized", api.get("/admin/tickets", "nope").json().get("error"));
    assertEquals("admin-secret", desk.adminKey());
  }

  @Test
  void adminPlaysTheAgentOverHttp() throws IOException {
    String id = api.createFor("k", "Help", "user-1", null);
    assertEquals(204, admin("POST", "/admin/tickets/" + id + "/messages", "{\"body\":\"Hello from support\"}").code);
    assertEquals(204, admin("PUT", "/admin/tickets/" + id + "/status", "{\"status\":\"solved\"}").code);
    assertEquals(404, admin("PUT", "/admin/tickets/99/status", "{\"status\":\"solved\"}").code);
    assertEquals("status", admin("PUT", "/admin/tickets/" + id + "/status", "{\"status\":\"gone\"}").json()
        .get("field"));

    Api.Result token = admin("POST", "/admin/tokens", "{\"sub\":\"user-1\",\"ttlSeconds\":600}");
    assertEquals(200, token.code);
    String userToken = (String) token.json().get("token");
    Api.Result ticket = api.get("/v1/tickets/" + id, userToken);
    assertEquals("solved", ticket.json().get("status"));
    assertEquals("Hello from support",
        api.get("/v1/tickets/" + id + "/messages", userToken).list("messages").get(0).get("body"));

    List<Map<String, Object>> all = api.get("/admin/tickets", "admin-secret").list("tickets");
    assertEquals(1, all.size());
    assertEquals("k", all.get(0).get("idempotencyKey"));
    assertEquals(1, ((List<?>) all.get(0).get("messages")).size());
  }

  @Test
  void adminPublishesStatusNoticesAndArticlesOverHttp() throws IOException {
    assertEquals(204, admin("PUT", "/admin/status",
        "{\"page\":{},\"status\":{\"indicator\":\"minor\",\"description\":\"Slow\"},\"components\":[]}").code);
    assertEquals("minor", ((Map<?, ?>) api.get("/api/v2/summary.json", null).json().get("status")).get("indicator"));
    assertEquals(400, admin("PUT", "/admin/status", "{\"status\":{\"indicator\":\"bad\"}}").code);

    assertEquals(201, admin("POST", "/admin/notices", "{\"id\":\"n1\",\"type\":\"maintenance\",\"title\":\"T\"}").code);
    assertEquals(1, api.get("/v1/notices", null).list("notices").size());
    assertEquals(204, admin("DELETE", "/admin/notices/n1", null).code);
    assertEquals(404, admin("DELETE", "/admin/notices/n1", null).code);
    assertEquals(0, api.get("/v1/notices", null).list("notices").size());

    assertEquals(201, admin("POST", "/admin/articles",
        "{\"id\":\"a1\",\"title\":\"Reset\",\"body\":\"b\",\"url\":\"https://x.test\"}").code);
    assertEquals("a1", api.get("/v1/articles/search?q=reset", null).list("articles").get(0).get("id"));
  }

  @Test
  void adminQueuesAndClearsFaultsOverHttp() throws IOException {
    assertEquals(204, admin("POST", "/admin/faults",
        "{\"kind\":\"fail\",\"count\":1,\"status\":503,\"method\":\"GET\",\"pathPrefix\":\"/v1/notices\"}").code);
    assertEquals(200, api.get("/v1/status/summary.json", null).code);
    assertEquals(503, api.get("/v1/notices", null).code);

    assertEquals(204, admin("POST", "/admin/faults", "{\"kind\":\"rateLimit\",\"count\":1,\"seconds\":7}").code);
    assertEquals("7", api.get("/v1/notices", null).header("Retry-After"));

    assertEquals(204, admin("POST", "/admin/faults", "{\"kind\":\"dropAtStart\",\"count\":1}").code);
    assertThrows(IOException.class, () -> api.get("/v1/notices", null));

    assertEquals(204, admin("POST", "/admin/faults", "{\"kind\":\"failAfterProcessing\",\"count\":3}").code);
    assertEquals(204, admin("DELETE", "/admin/faults", null).code);
    assertEquals(200, api.get("/v1/notices", null).code);

    assertEquals("kind", admin("POST", "/admin/faults", "{\"kind\":\"explode\"}").json().get("field"));
    assertEquals("status", admin("POST", "/admin/faults", "{\"kind\":\"fail\",\"status\":200}").json().get("field"));
    Api.Result negative = admin("POST", "/admin/faults", "{\"kind\":\"delay\",\"seconds\":-1}");
    assertEquals(400, negative.code);
    assertEquals("seconds", negative.json().get("field"));
    assertEquals(200, api.get("/v1/notices", null).code); // nothing was queued
  }
}
