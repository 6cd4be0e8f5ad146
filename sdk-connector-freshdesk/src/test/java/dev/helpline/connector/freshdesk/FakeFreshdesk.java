package dev.helpline.connector.freshdesk;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * A Freshdesk account on MockWebServer, answering with the request and response shapes of Freshdesk's
 * API v2 documentation: tickets created as JSON or multipart ({@code attachments[]}), custom fields
 * validated against the account's fields, the ticket filter API on custom fields, the e-mail filter
 * of the ticket list with {@code Link} paging, conversations with private notes, incoming notes,
 * satisfaction ratings checked against the active survey's scale, basic auth with the API key, and the rate-limit headers on every answer.
 * Faults are queued per route: instead of the work, or after it (an ambiguous outcome).
 */
final class FakeFreshdesk extends Dispatcher {
  static final String API_KEY = "fdKeyS3cr3t9vQ2wLx7Rk";
  static final long AGENT_ID = 9001;
  static final Set<String> CUSTOM_FIELDS = Set.of("cf_helpline_submission", "cf_app_version");
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class).serializeNulls();
  private static final Pattern FILTER = Pattern.compile("\"(cf_[a-z0-9_]+):'([^']*)'\"");

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(100);
  final Map<Long, Map<String, Object>> tickets = new LinkedHashMap<>();
  /** When set, the {@code Link} headers name this origin instead of the account's own. */
  volatile HttpUrl linkOrigin;
  final Map<Long, List<Map<String, Object>>> conversations = new HashMap<>();
  final Map<String, Long> contacts = new HashMap<>();
  private final Map<Long, String> contactNames = new HashMap<>();
  private final Map<Long, String> primaryEmails = new HashMap<>();
  private final Map<Long, List<String>> otherEmails = new HashMap<>();
  final List<Map<String, Object>> ratings = new ArrayList<>();
  /** The active survey's accepted ratings for its default question; Freshdesk's "Default Survey" has three. */
  volatile List<Integer> acceptedRatings = List.of(-103, 100, 103);
  /** SHA-256 and size of every file received, by file name. */
  final Map<String, byte[]> fileDigests = new HashMap<>();
  final List<String> createContentTypes = new ArrayList<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  int createCount;
  int searchCount;
  /** How long after its create a ticket shows in search results (Freshdesk's index lags by minutes); none by default. */
  Duration searchLag = Duration.ZERO;

  private static final class Fault {
    final MockResponse response;
    final boolean afterWork;

    Fault(MockResponse response, boolean afterWork) {
      this.response = response;
      this.afterWork = afterWork;
    }
  }

  FakeFreshdesk(Clock clock) {
    this.clock = clock;
  }

  FakeFreshdesk failNext(String route, MockResponse response) {
    synchronized (this) {
      faults.computeIfAbsent(route, k -> new ArrayDeque<>()).add(new Fault(response, false));
    }
    return this;
  }

  FakeFreshdesk failNextAfterWork(String route, MockResponse response) {
    synchronized (this) {
      faults.computeIfAbsent(route, k -> new ArrayDeque<>()).add(new Fault(response, true));
    }
    return this;
  }

  static MockResponse disconnect() {
    return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json; charset=utf-8").setBody(body);
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = Objects.requireNonNull(request.getRequestUrl());
    String route = request.getMethod() + " " + url.encodedPath().replaceAll("/[0-9]+(?=/|$)", "/{id}");
    Deque<Fault> queue = faults.get(route);
    Fault fault = queue == null ? null : queue.poll();
    if (fault != null && !fault.afterWork) return fault.response;
    MockResponse answer;
    try {
      answer = serve(request, url);
    } catch (RuntimeException | IOException e) {
      answer = json(500, "{\"code\":\"internal_error\",\"message\":\"" + e.getClass().getSimpleName() + "\"}");
    }
    answer.setHeader("X-RateLimit-Total", "3000").setHeader("X-RateLimit-Remaining", "2999")
        .setHeader("X-RateLimit-Used-CurrentRequest", "1");
    return fault != null ? fault.response : answer;
  }

  private MockResponse serve(RecordedRequest request, HttpUrl url) throws IOException {
    String expected = "Basic " + Base64.getEncoder().encodeToString((API_KEY + ":X").getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(request.getHeader("Authorization"))) {
      return json(401, "{\"code\":\"invalid_credentials\",\"message\":\"You have to be logged in to perform this action.\"}");
    }
    String method = request.getMethod();
    String path = url.encodedPath();
    if (path.equals("/api/v2/tickets") && method.equals("POST")) return create(request);
    if (path.equals("/api/v2/tickets") && method.equals("GET")) return list(url);
    if (path.equals("/api/v2/search/tickets") && method.equals("GET")) return search(url);
    if (path.equals("/api/v2/surveys") && method.equals("GET")) return surveys();
    String[] seg = path.substring(1).split("/");
    if (seg.length == 4 && seg[2].equals("contacts") && seg[3].matches("[0-9]+") && method.equals("GET")) {
      return viewContact(Long.parseLong(seg[3]));
    }
    if (seg.length >= 4 && seg[2].equals("tickets") && seg[3].matches("[0-9]+")) {
      Map<String, Object> t = tickets.get(Long.parseLong(seg[3]));
      if (t == null) return new MockResponse().setResponseCode(404);
      if (seg.length == 4 && method.equals("GET")) return json(200, JSON.toJson(view(t, "requester".equals(url.queryParameter("include")))));
      if (seg.length == 5 && seg[4].equals("conversations") && method.equals("GET")) return conversationsOf(t, url);
      if (seg.length == 5 && seg[4].equals("notes") && method.equals("POST")) return note(request, t);
      if (seg.length == 5 && seg[4].equals("satisfaction_ratings") && method.equals("POST")) return rate(request, t);
    }
    return new MockResponse().setResponseCode(404);
  }

  // ---- requests in, as JSON or multipart form

  /** The request's fields: JSON as is; a form's {@code name[]} parts as lists, {@code custom_fields[x]} as a map, files recorded. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> fields(RecordedRequest request, List<Map<String, Object>> files) throws IOException {
    String type = String.valueOf(request.getHeader("Content-Type"));
    if (type.startsWith("application/json")) return (Map<String, Object>) JSON.fromJson(request.getBody().clone().readUtf8());
    Map<String, Object> out = new LinkedHashMap<>();
    String boundary = Objects.requireNonNull(MediaType.parse(type)).parameter("boundary");
    try (MultipartReader reader = new MultipartReader(request.getBody().clone(), boundary)) {
      MultipartReader.Part part;
      while ((part = reader.nextPart()) != null) {
        String disposition = String.valueOf(part.headers().get("Content-Disposition"));
        Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(disposition);
        Matcher file = Pattern.compile("filename=\"([^\"]*)\"").matcher(disposition);
        if (!name.find()) continue;
        String n = name.group(1);
        if (file.find()) {
          MessageDigest sha = sha256();
          Buffer chunk = new Buffer();
          long size = 0;
          long read;
          while ((read = part.body().read(chunk, 8192)) != -1) {
            size += read;
            sha.update(chunk.readByteArray());
          }
          fileDigests.put(file.group(1), sha.digest());
          Map<String, Object> a = new LinkedHashMap<>();
          a.put("id", ids.incrementAndGet());
          a.put("name", file.group(1));
          a.put("content_type", String.valueOf(part.headers().get("Content-Type")));
          a.put("size", size);
          a.put("attachment_url", "https://s3.amazonaws.com/cdn.freshdesk.com/data/helpdesk/attachments/" + a.get("id") + "/" + file.group(1));
          a.put("created_at", clock.instant().toString());
          files.add(a);
          continue;
        }
        String value = part.body().readUtf8();
        if (n.endsWith("[]")) {
          ((List<Object>) out.computeIfAbsent(n.substring(0, n.length() - 2), k -> new ArrayList<>())).add(value);
        } else if (n.startsWith("custom_fields[")) {
          ((Map<String, Object>) out.computeIfAbsent("custom_fields", k -> new LinkedHashMap<>())).put(n.substring(14, n.length() - 1), value);
        } else {
          out.put(n, value.matches("-?[0-9]+") && !n.equals("description") ? (Object) Double.valueOf(value)
              : value.equals("true") || value.equals("false") ? (Object) Boolean.valueOf(value) : value);
        }
      }
    }
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- tickets

  @SuppressWarnings("unchecked")
  private MockResponse create(RecordedRequest request) throws IOException {
    createContentTypes.add(request.getHeader("Content-Type"));
    List<Map<String, Object>> files = new ArrayList<>();
    Map<String, Object> in = fields(request, files);
    List<Map<String, String>> errors = new ArrayList<>();
    Object email = in.get("email");
    if (email == null || !String.valueOf(email).matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      errors.add(Map.of("field", "email", "message", "It should be in the 'valid email address' format", "code", "invalid_value"));
    }
    if (in.get("subject") == null || String.valueOf(in.get("subject")).trim().isEmpty()) {
      errors.add(Map.of("field", "subject", "message", "It should not be blank as this is a mandatory field", "code", "missing_field"));
    }
    Map<String, Object> custom = (Map<String, Object>) in.getOrDefault("custom_fields", Map.of());
    for (String k : custom.keySet()) {
      if (!CUSTOM_FIELDS.contains(k)) errors.add(Map.of("field", k, "message", "Unexpected/invalid field in request", "code", "invalid_field"));
    }
    if (!errors.isEmpty()) return json(400, JSON.toJson(Map.of("description", "Validation failed", "errors", errors)));
    createCount++;
    long id = ids.incrementAndGet();
    String now = clock.instant().toString();
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("id", id);
    t.put("subject", in.get("subject"));
    t.put("description", in.get("description"));
    t.put("description_text", text(String.valueOf(in.get("description"))));
    t.put("status", ((Number) in.getOrDefault("status", 2.0)).longValue());
    t.put("priority", ((Number) in.getOrDefault("priority", 1.0)).longValue());
    t.put("type", in.get("type"));
    t.put("source", 2);
    t.put("requester_id", contact(String.valueOf(email), (String) in.get("name")));
    t.put("responder_id", null);
    t.put("tags", in.getOrDefault("tags", List.of()));
    Map<String, Object> cf = new LinkedHashMap<>();
    for (String k : CUSTOM_FIELDS) cf.put(k, custom.get(k));
    t.put("custom_fields", cf);
    t.put("attachments", files);
    t.put("created_at", now);
    t.put("updated_at", now);
    tickets.put(id, t);
    return json(201, JSON.toJson(view(t, false)));
  }

  private long contact(String email, String name) {
    String key = email.toLowerCase(java.util.Locale.ROOT);
    Long id = contacts.get(key);
    if (id == null) {
      id = ids.incrementAndGet();
      contacts.put(key, id);
      contactNames.put(id, name == null ? email : name);
      primaryEmails.put(id, key);
    }
    return id;
  }

  private String emailOf(long contactId) {
    return primaryEmails.get(contactId);
  }

  /** An agent adds another address to a contact (as a merge of two contacts does): its tickets and mail go to the contact. */
  synchronized void addOtherEmail(String primary, String other) {
    long id = contacts.get(primary);
    contacts.put(other.toLowerCase(java.util.Locale.ROOT), id);
    otherEmails.computeIfAbsent(id, k -> new ArrayList<>()).add(other.toLowerCase(java.util.Locale.ROOT));
  }

  private MockResponse viewContact(long id) {
    String email = primaryEmails.get(id);
    if (email == null) return new MockResponse().setResponseCode(404);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("active", true);
    c.put("email", email);
    c.put("id", id);
    c.put("name", contactNames.get(id));
    c.put("other_emails", otherEmails.getOrDefault(id, List.of()));
    c.put("created_at", clock.instant().toString());
    c.put("updated_at", clock.instant().toString());
    return json(200, JSON.toJson(c));
  }

  private Map<String, Object> view(Map<String, Object> t, boolean withRequester) {
    Map<String, Object> v = new LinkedHashMap<>(t);
    v.put("cc_emails", List.of());
    v.put("fr_escalated", false);
    v.putIfAbsent("spam", false);
    v.put("due_by", t.get("created_at"));
    if (withRequester) {
      long rid = (Long) t.get("requester_id");
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", rid);
      r.put("name", contactNames.get(rid));
      r.put("email", emailOf(rid));
      r.put("mobile", null);
      r.put("phone", null);
      v.put("requester", r);
    }
    return v;
  }

  private MockResponse list(HttpUrl url) {
    String email = url.queryParameter("email");
    List<Map<String, Object>> mine = new ArrayList<>();
    if (email != null) {
      Long id = contacts.get(email.toLowerCase(java.util.Locale.ROOT));
      if (id == null) {
        return json(400, "{\"description\":\"Validation failed\",\"errors\":[{\"field\":\"email\",\"message\":"
            + "\"There is no contact matching the given email\",\"code\":\"invalid_value\"}]}");
      }
      for (Map<String, Object> t : tickets.values()) if (id.equals(t.get("requester_id"))) mine.add(t);
    } else {
      mine.addAll(tickets.values());
    }
    // Only tickets neither deleted nor marked as spam, unless a filter asks for those.
    mine.removeIf(t -> Boolean.TRUE.equals(t.get("deleted")) || Boolean.TRUE.equals(t.get("spam")));
    // Without updated_since Freshdesk lists only tickets created in the past 30 days.
    String since = url.queryParameter("updated_since");
    mine.removeIf(t -> since == null
        ? Instant.parse((String) t.get("created_at")).isBefore(clock.instant().minus(Duration.ofDays(30)))
        : Instant.parse((String) t.get("updated_at")).isBefore(Instant.parse(since)));
    if ("desc".equals(url.queryParameter("order_type"))) java.util.Collections.reverse(mine);
    int per = url.queryParameter("per_page") == null ? 30 : Integer.parseInt(url.queryParameter("per_page"));
    int page = url.queryParameter("page") == null ? 1 : Integer.parseInt(url.queryParameter("page"));
    List<Object> out = new ArrayList<>();
    for (int i = (page - 1) * per; i < Math.min(mine.size(), page * per); i++) out.add(view(mine.get(i), false));
    MockResponse r = json(200, JSON.toJson(out));
    if (page * per < mine.size()) {
      r.setHeader("Link", "<" + nextPage(url, page + 1) + ">; rel=\"next\"");
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  private MockResponse search(HttpUrl url) {
    searchCount++;
    Matcher m = FILTER.matcher(String.valueOf(url.queryParameter("query")));
    if (!m.matches()) {
      return json(400, "{\"description\":\"Validation failed\",\"errors\":[{\"field\":\"query\",\"message\":"
          + "\"It should be a valid query\",\"code\":\"invalid_value\"}]}");
    }
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> t : tickets.values()) {
      if (Instant.parse((String) t.get("created_at")).plus(searchLag).isAfter(clock.instant())) continue; // not indexed yet
      if (m.group(2).equals(((Map<String, Object>) t.get("custom_fields")).get(m.group(1)))) out.add(view(t, false));
    }
    return json(200, JSON.toJson(Map.of("results", out, "total", out.size())));
  }

  private HttpUrl nextPage(HttpUrl url, int page) {
    HttpUrl next = url.newBuilder().setQueryParameter("page", Integer.toString(page)).build();
    HttpUrl origin = linkOrigin;
    return origin == null ? next : next.newBuilder().scheme(origin.scheme()).host(origin.host()).port(origin.port()).build();
  }

  // ---- conversations

  private MockResponse conversationsOf(Map<String, Object> t, HttpUrl url) {
    List<Map<String, Object>> all = conversations.getOrDefault((Long) t.get("id"), List.of());
    int per = url.queryParameter("per_page") == null ? 30 : Integer.parseInt(url.queryParameter("per_page"));
    int page = url.queryParameter("page") == null ? 1 : Integer.parseInt(url.queryParameter("page"));
    List<Object> out = new ArrayList<>(all.subList(Math.min(all.size(), (page - 1) * per), Math.min(all.size(), page * per)));
    MockResponse r = json(200, JSON.toJson(out));
    if (page * per < all.size()) {
      r.setHeader("Link", "<" + nextPage(url, page + 1) + ">; rel=\"next\"");
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  private MockResponse note(RecordedRequest request, Map<String, Object> t) throws IOException {
    List<Map<String, Object>> files = new ArrayList<>();
    Map<String, Object> in = fields(request, files);
    if (in.get("body") == null || String.valueOf(in.get("body")).trim().isEmpty()) {
      return json(400, "{\"description\":\"Validation failed\",\"errors\":[{\"field\":\"body\",\"message\":"
          + "\"It should not be blank as this is a mandatory field\",\"code\":\"missing_field\"}]}");
    }
    long total = 0;
    List<Map<String, Object>> all = new ArrayList<>(files);
    all.addAll((List<Map<String, Object>>) t.get("attachments"));
    for (Map<String, Object> c : conversations.getOrDefault((Long) t.get("id"), List.of())) {
      all.addAll((List<Map<String, Object>>) c.get("attachments"));
    }
    for (Map<String, Object> a : all) total += ((Number) a.get("size")).longValue();
    if (total > 20L * 1024 * 1024) { // the cap is documented for all of a ticket's files; the refusal's wording is not
      return json(400, "{\"description\":\"Validation failed\",\"errors\":[{\"field\":\"attachments\",\"message\":"
          + "\"The cumulative size of all the attachments of the ticket should not exceed 20 MB\",\"code\":\"invalid_size\"}]}");
    }
    long user = in.get("user_id") == null ? AGENT_ID : ((Number) in.get("user_id")).longValue();
    Map<String, Object> c = addConversation((Long) t.get("id"), user, String.valueOf(in.get("body")),
        !Boolean.FALSE.equals(in.getOrDefault("private", true)), Boolean.TRUE.equals(in.get("incoming")), 2, files);
    return json(201, JSON.toJson(c));
  }

  private Map<String, Object> addConversation(long ticketId, long user, String html, boolean isPrivate, boolean incoming,
      int source, List<Map<String, Object>> files) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", ids.incrementAndGet());
    c.put("body", html);
    c.put("body_text", text(html));
    c.put("incoming", incoming);
    c.put("private", isPrivate);
    c.put("user_id", user);
    c.put("support_email", null);
    c.put("source", source);
    c.put("ticket_id", ticketId);
    c.put("to_emails", List.of());
    c.put("attachments", files);
    c.put("created_at", clock.instant().toString());
    c.put("updated_at", clock.instant().toString());
    conversations.computeIfAbsent(ticketId, k -> new ArrayList<>()).add(c);
    return c;
  }

  private MockResponse surveys() {
    Map<String, Object> question = new LinkedHashMap<>();
    question.put("id", "default_question");
    question.put("label", "How would you rate your overall satisfaction for the resolution provided by the agent?");
    question.put("accepted_ratings", acceptedRatings);
    Map<String, Object> survey = new LinkedHashMap<>();
    survey.put("id", 123);
    survey.put("title", "Default Survey");
    survey.put("questions", List.of(question));
    survey.put("created_at", "2015-08-18T16:18:05Z");
    survey.put("updated_at", "2015-08-25T08:50:20Z");
    return json(200, JSON.toJson(List.of(survey)));
  }

  @SuppressWarnings("unchecked")
  private MockResponse rate(RecordedRequest request, Map<String, Object> t) throws IOException {
    Map<String, Object> in = fields(request, new ArrayList<>());
    Object value = in.get("ratings") instanceof Map ? ((Map<String, Object>) in.get("ratings")).get("default_question") : null;
    if (!(value instanceof Number) || !acceptedRatings.contains(((Number) value).intValue())) {
      return json(400, "{\"description\":\"Validation failed\",\"errors\":[{\"field\":\"default_question\",\"message\":"
          + "\"It should be one of these values: '" + acceptedRatings.toString().replaceAll("[\\[\\] ]", "") + "'\","
          + "\"code\":\"invalid_value\"}]}");
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", ids.incrementAndGet());
    r.put("survey_id", 1);
    r.put("user_id", t.get("requester_id"));
    r.put("agent_id", AGENT_ID);
    r.put("feedback", in.get("feedback"));
    r.put("group_id", null);
    r.put("ticket_id", t.get("id"));
    r.put("ratings", in.get("ratings"));
    r.put("created_at", clock.instant().toString());
    r.put("updated_at", clock.instant().toString());
    ratings.add(r);
    return json(201, JSON.toJson(r));
  }

  // ---- the agent's side

  synchronized void agentReplies(long ticketId, String body, boolean isPrivate) {
    addConversation(ticketId, AGENT_ID, "<div>" + body + "</div>", isPrivate, false, isPrivate ? 2 : 0, List.of());
  }

  /** A contact's e-mail reply (incoming, public), as Freshdesk records mail from a requester's colleague on CC. */
  synchronized void contactReplies(long ticketId, String email, String body) {
    addConversation(ticketId, contact(email, null), "<div>" + body + "</div>", false, true, 0, List.of());
  }

  /** An agent moves the ticket to the trash or marks it as spam: Freshdesk's lists leave it out, a view still shows it. */
  synchronized void trash(long ticketId, String flag) {
    tickets.get(ticketId).put(flag, true);
  }

  synchronized void setStatus(long ticketId, int status) {
    tickets.get(ticketId).put("status", (long) status);
    tickets.get(ticketId).put("updated_at", clock.instant().toString());
  }

  /** Freshdesk's plain-text rendering of the HTML it stores. */
  private static String text(String html) {
    return html.replace("<br>", "\n").replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&quot;", "\"").replace("&amp;", "&");
  }

}
