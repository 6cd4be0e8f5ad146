package dev.helpline.connector.jsm;

import static dev.helpline.internal.json.JsonTree.list;
import static dev.helpline.internal.json.JsonTree.objectAt;

import dev.helpline.internal.http.JsonCalls;
import dev.helpline.internal.json.JsonTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/** JQL search on the desk's project ({@code GET /rest/api/3/search/jql}): by submission id, and a customer's requests. */
final class JsmSearch {
  private final JsonCalls http;
  private final HttpUrl site;
  private final String submissionField;
  private final JsmDirectory directory;

  JsmSearch(JsonCalls http, HttpUrl site, String submissionField, JsmDirectory directory) {
    this.http = http;
    this.site = site;
    this.submissionField = submissionField;
    this.directory = directory;
  }

  private HttpUrl url(String path) {
    return site.newBuilder().addPathSegments(path).build();
  }

  JsmJson.@Nullable Remote find(String submissionId) throws IOException {
    Matcher m = JsmConnector.FIELD.matcher(submissionField);
    if (!m.matches()) throw new IllegalStateException("submissionField " + submissionField);
    String jql = "project = " + directory.projectId() + " AND cf[" + m.group(1) + "] ~ \"\\\"" + submissionId + "\\\"\"";
    for (JsmJson.Remote r : search(jql, null, 20).items) {
      if (submissionId.equals(r.submissionId)) return r;
    }
    return null;
  }

  static final class Found {
    final List<JsmJson.Remote> items = new ArrayList<>();
    @Nullable String next;
  }

  Found search(String jql, @Nullable String pageToken, int max) throws IOException {
    HttpUrl.Builder u = url("rest/api/3/search/jql").newBuilder().addQueryParameter("jql", jql)
        .addQueryParameter("fields", "summary,status,created,updated,reporter," + submissionField)
        .addQueryParameter("maxResults", Integer.toString(max));
    if (pageToken != null) u.addQueryParameter("nextPageToken", pageToken);
    return http.send(new Request.Builder().url(u.build()).get(), json -> {
      Map<String, Object> o = objectAt(json, "$");
      Found f = new Found();
      List<?> issues = list(o, "issues", "$");
      for (int i = 0; i < issues.size(); i++) f.items.add(JsmJson.issue(issues.get(i), submissionField, site.toString(), "$.issues[" + i + "]"));
      f.next = JsonTree.bool(o, "isLast", true, "$") ? null : JsonTree.optString(o, "nextPageToken", "$");
      return f;
    });
  }
}
