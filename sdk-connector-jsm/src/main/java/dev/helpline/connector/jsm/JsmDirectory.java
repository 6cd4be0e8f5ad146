package dev.helpline.connector.jsm;

import static dev.helpline.internal.json.JsonTree.list;
import static dev.helpline.internal.json.JsonTree.objectAt;

import com.squareup.moshi.JsonDataException;
import dev.helpline.DeskException;
import dev.helpline.internal.http.JsonCalls;
import dev.helpline.internal.json.JsonTree;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/** Who is who on the service desk: customers' account ids by e-mail, and the desk's project; both cached. */
final class JsmDirectory {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private final JsonCalls http;
  private final HttpUrl site;
  private final String serviceDeskId;
  private final Map<String, String> accounts = new ConcurrentHashMap<>();
  private volatile @Nullable String projectId;

  JsmDirectory(JsonCalls http, HttpUrl site, String serviceDeskId) {
    this.http = http;
    this.site = site;
    this.serviceDeskId = serviceDeskId;
  }

  private HttpUrl url(String path) {
    return site.newBuilder().addPathSegments(path).build();
  }

  String projectId() throws IOException {
    String p = projectId;
    if (p == null) {
      HttpUrl u = url("rest/servicedeskapi/servicedesk").newBuilder().addPathSegment(serviceDeskId).build();
      p = http.send(new Request.Builder().url(u).get(), json -> JsonTree.string(objectAt(json, "$"), "projectId", "$"));
      if (!p.matches("[0-9]{1,19}")) throw new IOException("malformed response from desk: projectId is not a number");
      projectId = p;
    }
    return p;
  }

  /**
   * The customer's account id; with {@code create}, a customer the service desk lacks is added to it: made with
   * {@code POST /customer}, or, when Jira refuses that because the site already has an account for the address
   * (a customer of another service project), found with the Jira user search by the exact address.
   */
  @Nullable String customer(String email, @Nullable String name, boolean create) throws IOException {
    String known = accounts.get(email);
    if (known != null) return known;
    HttpUrl u = url("rest/servicedeskapi/servicedesk").newBuilder().addPathSegment(serviceDeskId).addPathSegment("customer")
        .addQueryParameter("query", email).build();
    String found = http.send(new Request.Builder().url(u).header("X-ExperimentalApi", "opt-in").get(), json -> {
      List<?> values = list(objectAt(json, "$"), "values", "$");
      for (int i = 0; i < values.size(); i++) {
        Map<String, Object> c = objectAt(values.get(i), "$.values[" + i + "]");
        if (email.equalsIgnoreCase(JsonTree.optString(c, "emailAddress", "$.values[" + i + "]"))) {
          return JsonTree.string(c, "accountId", "$.values[" + i + "]");
        }
      }
      return null;
    });
    if (found == null && create) {
      try {
        found = http.send(new Request.Builder().url(url("rest/servicedeskapi/customer"))
            .post(RequestBody.create(JsmJson.customer(email, name == null || name.trim().isEmpty() ? email : name), JSON)),
            json -> JsonTree.string(objectAt(json, "$"), "accountId", "$"));
      } catch (DeskException e) {
        // 400 (409 when asked strictly) for an address the site already has an account for.
        if (e.httpStatus() != 400 && e.httpStatus() != 409) throw e;
        found = siteAccount(email);
        if (found == null) throw e;
      }
      HttpUrl add = url("rest/servicedeskapi/servicedesk").newBuilder().addPathSegment(serviceDeskId).addPathSegment("customer").build();
      http.send(new Request.Builder().url(add).header("X-ExperimentalApi", "opt-in")
          .post(RequestBody.create(JsmJson.accountIds(found), JSON)), json -> json);
    }
    if (found != null) accounts.put(email, found);
    return found;
  }

  /** The account with exactly this address among the site's users ({@code GET /rest/api/3/user/search}), or null. */
  private @Nullable String siteAccount(String email) throws IOException {
    HttpUrl u = url("rest/api/3/user/search").newBuilder().addQueryParameter("query", email)
        .addQueryParameter("maxResults", "50").build();
    return http.send(new Request.Builder().url(u).get(), json -> {
      if (!(json instanceof List)) throw new JsonDataException("Expected an array at path $");
      List<?> users = (List<?>) json;
      for (int i = 0; i < users.size(); i++) {
        Map<String, Object> user = objectAt(users.get(i), "$[" + i + "]");
        // An address hidden by the user's privacy settings is not matched: never guess whose account it is.
        if (email.equalsIgnoreCase(JsonTree.optString(user, "emailAddress", "$[" + i + "]"))) {
          return JsonTree.string(user, "accountId", "$[" + i + "]");
        }
      }
      return null;
    });
  }
}
