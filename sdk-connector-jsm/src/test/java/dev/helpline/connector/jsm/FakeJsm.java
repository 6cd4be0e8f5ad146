package dev.helpline.connector.jsm;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;

/**
 * A Jira Service Management Cloud site on MockWebServer, answering with the shapes of Atlassian's
 * service desk REST API and Jira platform REST API v3 documentation: service desk, customers,
 * customer requests raised on behalf of a customer, temporary attachments (multipart field {@code file},
 * refused without {@code X-Atlassian-Token: no-check}), request attachments and public or internal
 * comments, CSAT feedback (reporter or Connect app only), and JQL search with {@code nextPageToken}.
 * Faults are queued per route, instead of the work or after it (an ambiguous outcome).
 */
final class FakeJsm extends Dispatcher {
  static final String EMAIL = "helpline-bot@acme.example";
  static final String API_TOKEN = "ATATT3xFfGF0jsmT0kenS3cr3t42";
  static final String SERVICE_DESK = "1";
  static final String REQUEST_TYPE = "10";
  static final String PROJECT_ID = "10001";
  static final String SUBMISSION_FIELD = "customfield_10050";
  static final String SERVICE_ACCOUNT = "5b10ac8d82e05b22cc7d4ef5";
  static final String AGENT = "5b10a2844c20165700ede21g";
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class).serializeNulls();
  private static final DateTimeFormatter JIRA = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
  private static final Pattern BY_FIELD = Pattern.compile("project = (\\d+) AND cf\\[(\\d+)\\] ~ \"\\\\\"([^\"\\\\]*)\\\\\"\"");
  private static final Pattern BY_REPORTER = Pattern.compile("project = (\\d+) AND reporter = \"([^\"]+)\" ORDER BY created DESC, key DESC");

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(10000);
  final Map<String, Map<String, Object>> requests = new LinkedHashMap<>();
  final Map<String, Map<String, Object>> customers = new LinkedHashMap<>();
  final Map<String, Map<String, Object>> temporary = new HashMap<>();
  final Map<String, byte[]> fileDigests = new HashMap<>();
  final List<Map<String, Object>> feedback = new ArrayList<>();
  final List<String> deskCustomers = new ArrayList<>();
  /** The most comments a page holds, whatever {@code limit} asks: Atlassian caps each endpoint's page size. */
  volatile int commentPageCap = 100;
  /** The most attachments a page of {@code GET /request/{key}/attachment} holds. */
  volatile int attachmentPageCap = 100;
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  /** Whether the service account is an Atlassian Connect app, which may post feedback for customers. */
  volatile boolean connectApp;
  int createCount;
  int searchCount;
  /** How long after its create a request shows in JQL results (Jira's search is eventually consistent); none by default. */
  Duration searchLag = Duration.ZERO;
  private long sequence;

  private static final class Fault {
    final MockResponse response;
    final boolean afterWork;

    Fault(MockResponse response, boolean afterWork) {
      this.response = response;
      this.afterWork = afterWork;
    }
  }

  FakeJsm(Clock clock) {
    this.clock = clock;
  }

  synchronized FakeJsm failNext(String route, MockResponse response) {
    faults.computeIfAbsent(route, k -> new ArrayDeque<>()).add(new Fault(response, false));
    return this;
  }

  synchronized FakeJsm failNextAfterWork(String route, MockResponse response) {
    faults.computeIfAbsent(route, k -> new ArrayDeque<>()).add(new Fault(response, true));
    return this;
  }

  static MockResponse disconnect() {
    return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json;charset=UTF-8").setBody(body);
  }

  static String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((EMAIL + ":" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = Objects.requireNonNull(request.getRequestUrl());
    String route = request.getMethod() + " " + url.encodedPath().replaceAll("/request/([A-Z]+-)?[0-9]+(?=/|$)", "/request/{key}")
        .replaceAll("/servicedesk/[0-9]+(?=/|$)", "/servicedesk/{id}");
    Deque<Fault> queue = faults.get(route);
    Fault fault = queue == null ? null : queue.poll();
    if (fault != null && !fault.afterWork) return fault.response;
    MockResponse answer;
    try {
      answer = serve(request, url);
    } catch (RuntimeException | IOException e) {
      answer = json(500, "{\"errorMessage\":\"" + e.getClass().getSimpleName() + "\"}");
    }
    return fault != null ? fault.response : answer;
  }

  private MockResponse serve(RecordedRequest request, HttpUrl url) throws IOException {
    String auth = request.getHeader("Authorization");
    if (!basic().equals(auth) && !("Bearer " + API_TOKEN).equals(auth)) {
      return json(401, "{\"errorMessages\":[\"Client must be authenticated to access this resource.\"],\"errors\":{}}");
    }
    String m = request.getMethod();
    String p = url.encodedPath();
    String sd = "/rest/servicedeskapi/servicedesk/" + SERVICE_DESK;
    if (p.equals(sd) && m.equals("GET")) {
      return json(200, JSON.toJson(Map.of("id", SERVICE_DESK, "projectId", PROJECT_ID, "projectName", "Help", "projectKey", "HELP")));
    }
    if (p.equals(sd + "/customer") && m.equals("GET")) return findCustomers(url);
    if (p.equals(sd + "/customer") && m.equals("POST")) {
      for (Object id : (List<?>) body(request).get("accountIds")) deskCustomers.add(String.valueOf(id));
      return new MockResponse().setResponseCode(204);
    }
    if (p.equals("/rest/servicedeskapi/customer") && m.equals("POST")) return createCustomer(body(request));
    if (p.equals(sd + "/attachTemporaryFile") && m.equals("POST")) return temporaryFiles(request);
    if (p.equals("/rest/servicedeskapi/request") && m.equals("POST")) return createRequest(body(request));
    if (p.equals("/rest/api/3/search/jql") && m.equals("GET")) return search(url);
    if (p.equals("/rest/api/3/user/search") && m.equals("GET")) return findUsers(url);
    Matcher r = Pattern.compile("/rest/servicedeskapi/request/([A-Z]+-[0-9]+|[0-9]+)(/[a-z]+)?").matcher(p);
    if (r.matches()) {
      Map<String, Object> req = requests.get(r.group(1));
      if (req == null) {
        return json(404, "{\"errorMessage\":\"Request does not exist or you do not have permission to see it.\","
            + "\"i18nErrorMessage\":{\"i18nKey\":\"sd.request.not.found\",\"parameters\":[]}}");
      }
      String sub = r.group(2) == null ? "" : r.group(2);
      if (sub.isEmpty() && m.equals("GET")) return json(200, JSON.toJson(view(req)));
      if (sub.equals("/attachment") && m.equals("GET")) return json(200, JSON.toJson(slice(attachmentsOf(req), url, attachmentPageCap)));
      if (sub.equals("/attachment") && m.equals("POST")) return attach(req, body(request));
      if (sub.equals("/comment") && m.equals("GET")) return comments(req, url);
      if (sub.equals("/comment") && m.equals("POST")) {
        Map<String, Object> in = body(request);
        return json(201, JSON.toJson(addComment(req, SERVICE_ACCOUNT, String.valueOf(in.get("body")),
            !Boolean.FALSE.equals(in.get("public")), List.of())));
      }
      if (sub.equals("/feedback") && m.equals("POST")) return feedback(req, body(request));
    }
    return json(404, "{\"errorMessage\":\"Not found\"}");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(RecordedRequest request) throws IOException {
    return (Map<String, Object>) JSON.fromJson(request.getBody().clone().readUtf8());
  }

  private static Map<String, Object> page(List<?> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("size", values.size());
    out.put("start", 0);
    out.put("limit", 100);
    out.put("isLastPage", true);
    out.put("values", values);
    return out;
  }

  /** A page as Atlassian serves it: from {@code start}, at most {@code limit} (default 50) and never more than {@code cap}. */
  private static Map<String, Object> slice(List<?> all, HttpUrl url, int cap) {
    int start = url.queryParameter("start") == null ? 0 : Integer.parseInt(url.queryParameter("start"));
    int limit = Math.min(cap, url.queryParameter("limit") == null ? 50 : Integer.parseInt(url.queryParameter("limit")));
    Map<String, Object> page = page(new ArrayList<>(all.subList(Math.min(start, all.size()), Math.min(start + limit, all.size()))));
    page.put("start", start);
    page.put("limit", limit);
    page.put("isLastPage", start + limit >= all.size());
    return page;
  }

  private Map<String, Object> date() {
    long ms = clock.millis() + sequence++;
    return Map.of("iso8601", JIRA.format(java.time.Instant.ofEpochMilli(ms)), "jira", JIRA.format(java.time.Instant.ofEpochMilli(ms)),
        "friendly", "Today", "epochMillis", ms);
  }

  // ---- customers

  private MockResponse findCustomers(HttpUrl url) {
    String q = String.valueOf(url.queryParameter("query")).toLowerCase(java.util.Locale.ROOT);
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> c : customers.values()) {
      if (deskCustomers.contains((String) c.get("accountId")) && String.valueOf(c.get("emailAddress")).contains(q)) out.add(c);
    }
    return json(200, JSON.toJson(page(out)));
  }

  /** A customer account on the site (of another service project, say) that is not a customer of this service desk. */
  synchronized String siteCustomer(String email, String displayName) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("accountId", "qm:" + java.util.UUID.randomUUID());
    c.put("emailAddress", email);
    c.put("displayName", displayName);
    c.put("active", true);
    c.put("timeZone", "UTC");
    customers.put((String) c.get("accountId"), c);
    return (String) c.get("accountId");
  }

  /** Jira's user search: a JSON array of users whose display name or e-mail address starts with {@code query}. */
  private MockResponse findUsers(HttpUrl url) {
    String q = String.valueOf(url.queryParameter("query")).toLowerCase(java.util.Locale.ROOT);
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> c : customers.values()) {
      if (String.valueOf(c.get("emailAddress")).startsWith(q) || String.valueOf(c.get("displayName")).toLowerCase(java.util.Locale.ROOT).startsWith(q)) {
        Map<String, Object> u = new LinkedHashMap<>(c);
        u.put("accountType", "customer");
        out.add(u);
      }
    }
    return json(200, JSON.toJson(out));
  }

  private MockResponse createCustomer(Map<String, Object> in) {
    String email = String.valueOf(in.get("email")).toLowerCase(java.util.Locale.ROOT);
    for (Map<String, Object> c : customers.values()) {
      if (email.equals(c.get("emailAddress"))) return json(400, "{\"errorMessage\":\"An account already exists for this email\"}");
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("accountId", "qm:" + java.util.UUID.randomUUID());
    c.put("emailAddress", email);
    c.put("displayName", in.get("displayName"));
    c.put("active", true);
    c.put("timeZone", "UTC");
    customers.put((String) c.get("accountId"), c);
    return json(201, JSON.toJson(c));
  }

  private String name(String accountId) {
    if (SERVICE_ACCOUNT.equals(accountId)) return "Helpline Bot";
    if (AGENT.equals(accountId)) return "Sam Agent";
    Map<String, Object> c = customers.get(accountId);
    return c == null ? "Unknown" : String.valueOf(c.get("displayName"));
  }

  // ---- requests

  @SuppressWarnings("unchecked")
  private MockResponse createRequest(Map<String, Object> in) {
    Map<String, Object> fields = (Map<String, Object>) in.getOrDefault("requestFieldValues", Map.of());
    Map<String, String> errors = new LinkedHashMap<>();
    if (!SERVICE_DESK.equals(in.get("serviceDeskId")) || !REQUEST_TYPE.equals(in.get("requestTypeId"))) {
      return json(400, "{\"errorMessage\":\"The request type you are trying to use does not exist or is not available.\"}");
    }
    Object summary = fields.get("summary");
    if (summary == null || String.valueOf(summary).trim().isEmpty()) errors.put("summary", "You must specify a summary of the issue.");
    // Jira counts a field's length in UTF-16 code units (Java's String.length()).
    if (summary != null && String.valueOf(summary).length() > 255) errors.put("summary", "Summary must be less than 255 characters.");
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (e.getValue() instanceof String && ((String) e.getValue()).length() > 32767) {
        errors.put(e.getKey(), "You have exceeded the 32,767 character limit.");
      }
    }
    for (String k : fields.keySet()) {
      if (!List.of("summary", "description", SUBMISSION_FIELD, "customfield_10060").contains(k)) {
        errors.put(k, "Field '" + k + "' cannot be set. It is not on the appropriate screen, or unknown.");
      }
    }
    if (!errors.isEmpty()) return json(400, JSON.toJson(Map.of("errorMessages", List.of(), "errors", errors)));
    String reporter = String.valueOf(in.get("raiseOnBehalfOf"));
    if (!customers.containsKey(reporter)) {
      return json(400, "{\"errorMessage\":\"The user you are raising this request on behalf of does not exist.\"}");
    }
    createCount++;
    String key = "HELP-" + (requests.size() + 1);
    Map<String, Object> req = new LinkedHashMap<>();
    req.put("issueId", Long.toString(ids.incrementAndGet()));
    req.put("issueKey", key);
    req.put("fields", new LinkedHashMap<>(fields));
    req.put("reporter", reporter);
    req.put("statusName", "Waiting for support");
    req.put("statusCategory", "NEW");
    req.put("created", date());
    req.put("statusDate", req.get("created"));
    req.put("comments", new ArrayList<Map<String, Object>>());
    req.put("attachments", new ArrayList<Map<String, Object>>());
    requests.put(key, req);
    return json(201, JSON.toJson(view(req)));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> view(Map<String, Object> req) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("_expands", List.of("participant", "status", "sla", "requestType", "serviceDesk", "attachment", "action", "comment"));
    v.put("issueId", req.get("issueId"));
    v.put("issueKey", req.get("issueKey"));
    v.put("requestTypeId", REQUEST_TYPE);
    v.put("serviceDeskId", SERVICE_DESK);
    v.put("createdDate", req.get("created"));
    Map<String, Object> c = customers.get((String) req.get("reporter"));
    v.put("reporter", Map.of("accountId", req.get("reporter"), "emailAddress", c.get("emailAddress"), "displayName", c.get("displayName"),
        "active", true, "timeZone", "UTC"));
    List<Object> values = new ArrayList<>();
    for (Map.Entry<String, Object> e : ((Map<String, Object>) req.get("fields")).entrySet()) {
      values.add(Map.of("fieldId", e.getKey(), "label", e.getKey().substring(0, 1).toUpperCase() + e.getKey().substring(1), "value", e.getValue()));
    }
    v.put("requestFieldValues", values);
    v.put("currentStatus", Map.of("status", req.get("statusName"), "statusCategory", req.get("statusCategory"), "statusDate", req.get("statusDate")));
    v.put("_links", Map.of("jiraRest", "https://acme.atlassian.net/rest/api/2/issue/" + req.get("issueId"),
        "web", "https://acme.atlassian.net/servicedesk/customer/portal/" + SERVICE_DESK + "/" + req.get("issueKey"),
        "self", "https://acme.atlassian.net/rest/servicedeskapi/request/" + req.get("issueId")));
    return v;
  }

  @SuppressWarnings("unchecked")
  private MockResponse search(HttpUrl url) {
    searchCount++;
    String jql = String.valueOf(url.queryParameter("jql"));
    Matcher byField = BY_FIELD.matcher(jql);
    Matcher byReporter = BY_REPORTER.matcher(jql);
    List<Map<String, Object>> hits = new ArrayList<>();
    List<Map<String, Object>> indexed = new ArrayList<>();
    for (Map<String, Object> r : requests.values()) {
      long created = (Long) ((Map<String, Object>) r.get("created")).get("epochMillis");
      // (created is the clock plus a sequence number, so that requests sort apart)
      if (searchLag.isZero() || created + searchLag.toMillis() <= clock.millis()) indexed.add(r);
    }
    if (byField.matches() && byField.group(1).equals(PROJECT_ID)) {
      for (Map<String, Object> r : indexed) {
        Object v = ((Map<String, Object>) r.get("fields")).get("customfield_" + byField.group(2));
        if (v != null && String.valueOf(v).contains(byField.group(3))) hits.add(r);
      }
    } else if (byReporter.matches() && byReporter.group(1).equals(PROJECT_ID)) {
      for (Map<String, Object> r : indexed) if (byReporter.group(2).equals(r.get("reporter"))) hits.add(0, r);
    } else {
      return json(400, "{\"errorMessages\":[\"Error in the JQL Query: the query is not one this fake knows.\"],\"errors\":{}}");
    }
    int max = Integer.parseInt(Objects.requireNonNullElse(url.queryParameter("maxResults"), "50"));
    int start = url.queryParameter("nextPageToken") == null ? 0
        : Integer.parseInt(new String(Base64.getDecoder().decode(url.queryParameter("nextPageToken")), StandardCharsets.UTF_8));
    List<Object> issues = new ArrayList<>();
    for (int i = start; i < Math.min(hits.size(), start + max); i++) issues.add(issue(hits.get(i)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("issues", issues);
    boolean last = start + max >= hits.size();
    out.put("isLast", last);
    if (!last) out.put("nextPageToken", Base64.getEncoder().encodeToString(Integer.toString(start + max).getBytes(StandardCharsets.UTF_8)));
    return json(200, JSON.toJson(out));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> issue(Map<String, Object> r) {
    Map<String, Object> f = new LinkedHashMap<>();
    Map<String, Object> fields = (Map<String, Object>) r.get("fields");
    f.put("summary", fields.get("summary"));
    String created = JIRA.format(java.time.Instant.ofEpochMilli((Long) ((Map<String, Object>) r.get("created")).get("epochMillis")));
    f.put("created", created);
    f.put("updated", created);
    f.put("status", Map.of("name", r.get("statusName"), "statusCategory",
        Map.of("key", String.valueOf(r.get("statusCategory")).toLowerCase(java.util.Locale.ROOT), "colorName", "blue-gray")));
    f.put("reporter", Map.of("accountId", r.get("reporter"), "displayName", name((String) r.get("reporter"))));
    f.put(SUBMISSION_FIELD, fields.get(SUBMISSION_FIELD));
    return Map.of("id", r.get("issueId"), "key", r.get("issueKey"), "self", "https://acme.atlassian.net/rest/api/3/issue/" + r.get("issueId"),
        "fields", f);
  }

  // ---- attachments and comments

  private MockResponse temporaryFiles(RecordedRequest request) throws IOException {
    if (!"no-check".equals(request.getHeader("X-Atlassian-Token"))) {
      return new MockResponse().setResponseCode(403).setBody("XSRF check failed");
    }
    String boundary = Objects.requireNonNull(MediaType.parse(String.valueOf(request.getHeader("Content-Type")))).parameter("boundary");
    List<Object> out = new ArrayList<>();
    try (MultipartReader reader = new MultipartReader(request.getBody().clone(), boundary)) {
      MultipartReader.Part part;
      while ((part = reader.nextPart()) != null) {
        String disposition = String.valueOf(part.headers().get("Content-Disposition"));
        Matcher name = Pattern.compile("filename=\"([^\"]*)\"").matcher(disposition);
        if (!disposition.contains("name=\"file\"") || !name.find()) continue;
        MessageDigest sha;
        try {
          sha = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
        Buffer chunk = new Buffer();
        long size = 0;
        long read;
        while ((read = part.body().read(chunk, 8192)) != -1) {
          size += read;
          sha.update(chunk.readByteArray());
        }
        fileDigests.put(name.group(1), sha.digest());
        String id = "temp" + ids.incrementAndGet();
        temporary.put(id, Map.of("filename", name.group(1), "mimeType", String.valueOf(part.headers().get("Content-Type")), "size", size));
        out.add(Map.of("temporaryAttachmentId", id, "fileName", name.group(1)));
      }
    }
    return json(201, JSON.toJson(Map.of("temporaryAttachments", out)));
  }

  @SuppressWarnings("unchecked")
  private MockResponse attach(Map<String, Object> req, Map<String, Object> in) {
    List<Map<String, Object>> added = new ArrayList<>();
    for (Object id : (List<?>) in.get("temporaryAttachmentIds")) {
      Map<String, Object> t = temporary.remove(String.valueOf(id));
      if (t == null) return json(400, "{\"errorMessage\":\"The temporary attachment " + id + " does not exist or has expired.\"}");
      Map<String, Object> a = new LinkedHashMap<>(t);
      a.put("author", Map.of("accountId", SERVICE_ACCOUNT, "displayName", "Helpline Bot"));
      a.put("created", date());
      a.put("_links", Map.of("content", "https://acme.atlassian.net/rest/servicedeskapi/request/" + req.get("issueId")
          + "/attachment/" + ids.incrementAndGet()));
      added.add(a);
    }
    ((List<Map<String, Object>>) req.get("attachments")).addAll(added);
    Map<String, Object> out = new LinkedHashMap<>();
    Map<?, ?> comment = (Map<?, ?>) in.get("additionalComment");
    if (comment != null) out.put("comment", addComment(req, SERVICE_ACCOUNT, String.valueOf(comment.get("body")), true, added));
    out.put("attachments", page(added));
    return json(201, JSON.toJson(out));
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> attachmentsOf(Map<String, Object> req) {
    return (List<Map<String, Object>>) req.get("attachments");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> addComment(Map<String, Object> req, String author, String body, boolean isPublic, List<Map<String, Object>> files) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", Long.toString(ids.incrementAndGet()));
    c.put("body", body);
    c.put("public", isPublic);
    c.put("author", Map.of("accountId", author, "displayName", name(author), "active", true));
    c.put("created", date());
    c.put("files", files);
    ((List<Map<String, Object>>) req.get("comments")).add(c);
    Map<String, Object> v = new LinkedHashMap<>(c);
    v.remove("files");
    return v;
  }

  @SuppressWarnings("unchecked")
  private MockResponse comments(Map<String, Object> req, HttpUrl url) {
    boolean internal = !"false".equals(url.queryParameter("internal"));
    boolean expand = String.valueOf(url.queryParameter("expand")).contains("attachment");
    int start = url.queryParameter("start") == null ? 0 : Integer.parseInt(url.queryParameter("start"));
    int limit = Math.min(commentPageCap, url.queryParameter("limit") == null ? 50 : Integer.parseInt(url.queryParameter("limit")));
    List<Object> all = new ArrayList<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) req.get("comments")) {
      if (!internal && !Boolean.TRUE.equals(c.get("public"))) continue;
      Map<String, Object> v = new LinkedHashMap<>(c);
      Object files = v.remove("files");
      if (expand) v.put("attachments", page((List<?>) files));
      all.add(v);
    }
    List<Object> out = new ArrayList<>(all.subList(Math.min(start, all.size()), Math.min(start + limit, all.size())));
    Map<String, Object> page = page(out);
    page.put("start", start);
    page.put("limit", limit);
    page.put("isLastPage", start + limit >= all.size());
    return json(200, JSON.toJson(page));
  }

  private MockResponse feedback(Map<String, Object> req, Map<String, Object> in) {
    if (!connectApp) {
      return json(403, "{\"errorMessage\":\"Only the reporter of the request or an app can give feedback.\"}");
    }
    feedback.add(in);
    return json(200, JSON.toJson(in));
  }

  // ---- the agent's side

  synchronized void agentComments(String key, String body, boolean isPublic) {
    addComment(requests.get(key), AGENT, body, isPublic, List.of());
  }

  /** An agent's comment with a file, as Jira stores it: the file is the request's and the comment's. */
  @SuppressWarnings("unchecked")
  synchronized void agentCommentsWithFile(String key, String body, boolean isPublic, String fileName) {
    Map<String, Object> req = requests.get(key);
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("filename", fileName);
    a.put("mimeType", "text/plain");
    a.put("size", 3);
    a.put("author", Map.of("accountId", AGENT, "displayName", name(AGENT)));
    a.put("created", date());
    a.put("_links", Map.of("content", "https://acme.atlassian.net/rest/servicedeskapi/request/" + req.get("issueId")
        + "/attachment/" + ids.incrementAndGet()));
    ((List<Map<String, Object>>) req.get("attachments")).add(a);
    addComment(req, AGENT, body, isPublic, List.of(a));
  }

  synchronized void setStatus(String key, String name, String category) {
    requests.get(key).put("statusName", name);
    requests.get(key).put("statusCategory", category);
    requests.get(key).put("statusDate", date());
  }
}
