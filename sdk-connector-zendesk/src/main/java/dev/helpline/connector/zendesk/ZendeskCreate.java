package dev.helpline.connector.zendesk;

import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.internal.http.AttachmentBody;
import dev.helpline.internal.http.BodyLimits;
import dev.helpline.internal.http.OneShotBody;
import dev.helpline.internal.http.ProgressRequestBody;
import dev.helpline.internal.http.UserAgentInterceptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Create-with-dedup for Zendesk: look before creating when an earlier attempt may have reached
 * Zendesk, upload files once per upload token's life, send under an idempotency key (backend mode)
 * or with a footer marker (end-user mode), and forget a submission once its answer is definite.
 */
final class ZendeskCreate {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  /** How many of the user's newest requests are searched for a submission's footer. */
  private static final int LOOKUP_PAGE = 50;
  private static final Duration UPLOAD_TOKEN_REUSE = ZendeskConnector.UPLOAD_TOKEN_REUSE;
  private static final String SUBMISSION_MARKER = ZendeskConnector.SUBMISSION_MARKER;
  /**
   * How long Zendesk keeps an Idempotency-Key: 2 hours, per its API documentation
   * (developer.zendesk.com, ticketing API introduction, "Idempotency"; not measured against a live account).
   */
  static final Duration KEY_LIFETIME = Duration.ofHours(2);

  private static final Set<String> ZENDESK_TYPES = Collections.unmodifiableSet(
      new LinkedHashSet<>(Arrays.asList("problem", "incident", "question", "task")));

  private final Logger log;
  private final ZendeskConnector.Mode mode;
  private final @Nullable String basicAuth;
  private final @Nullable Supplier<@Nullable String> requesterToken;
  private final Map<String, Long> customFieldIds;
  private final Map<String, String> categoryTypes;
  private final Duration recentWindow;
  private final Clock clock;
  private final ZendeskJson.TicketUrls urls;
  private final ZendeskHttp http;
  /** Submissions this connector sent at least once without a definite answer. */
  private final Set<String> attempted = ConcurrentHashMap.newKeySet();
  /** Upload tokens of submissions whose files are uploaded but whose ticket is not created yet. */
  private final Map<String, UploadSession> uploads = new ConcurrentHashMap<>();
  /** When this instance was made: a submission made before may have been sent by an earlier process. */
  private final Instant startedAt;

  /**
   * An unmodifiable copy of the builder's custom field ids, each checked.
   *
   * @throws IllegalArgumentException naming the field whose id is not positive
   */
  static Map<String, Long> checkedFieldIds(Map<String, Long> ids) {
    Objects.requireNonNull(ids, "ids == null");
    for (Map.Entry<String, Long> e : ids.entrySet()) {
      Long v = Objects.requireNonNull(e.getValue(), "customFieldIds[" + e.getKey() + "] == null");
      if (v <= 0) throw new IllegalArgumentException("customFieldIds[" + e.getKey() + "] is " + v + "; Zendesk ids are positive");
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(ids));
  }

  /**
   * An unmodifiable copy of the builder's category mapping, each type checked.
   *
   * @throws IllegalArgumentException naming the category whose type Zendesk does not have
   */
  static Map<String, String> checkedCategoryTypes(Map<String, String> types) {
    Objects.requireNonNull(types, "types == null");
    for (Map.Entry<String, String> e : types.entrySet()) {
      if (!ZENDESK_TYPES.contains(e.getValue())) {
        throw new IllegalArgumentException("categoryTypes[" + e.getKey() + "] is '" + e.getValue()
            + "'; Zendesk types are " + ZENDESK_TYPES);
      }
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(types));
  }

  ZendeskCreate(Logger log, ZendeskConnector.Mode mode, @Nullable String basicAuth,
      @Nullable Supplier<@Nullable String> requesterToken, Map<String, Long> customFieldIds,
      Map<String, String> categoryTypes, Duration recentWindow, Clock clock, ZendeskJson.TicketUrls urls,
      ZendeskHttp http) {
    this.log = log;
    this.mode = mode;
    this.basicAuth = basicAuth;
    this.requesterToken = requesterToken;
    this.customFieldIds = customFieldIds;
    this.categoryTypes = categoryTypes;
    this.recentWindow = recentWindow;
    this.clock = clock;
    this.urls = urls;
    this.http = http;
    this.startedAt = clock.instant();
  }

  Ticket create(NewTicket ticket, UploadProgress progress) throws IOException {
    Objects.requireNonNull(ticket, "ticket == null");
    Objects.requireNonNull(progress, "progress == null");
    String id = ticket.submissionId();
    UserAgentInterceptor.checkHeaderValue("submissionId", id);
    Requester requester = ticket.requester();
    @Nullable String userToken = creationToken();
    if (mode != ZendeskConnector.Mode.BACKEND && userToken == null && (requester == null || requester.email() == null)) {
      throw new DeskException(422, "RequesterRequired",
          "an anonymous Zendesk request needs a requester with an e-mail address", "requester", null);
    }
    boolean canFind = mode == ZendeskConnector.Mode.BACKEND || userToken != null;
    if (canFind && shouldLookUp(ticket)) {
      Ticket existing = findUnlessForbidden(id, userToken);
      if (existing != null) {
        log.debug("submission {} already exists as Zendesk ticket {}", id, existing.id());
        forget(id);
        return existing;
      }
    }
    attempted.add(id);
    try {
      String uploadToken = uploadTokenFor(ticket, userToken, progress);
      try {
        return send(ticket, uploadToken, userToken);
      } catch (UploadTokenRejected e) {
        log.debug("Zendesk refused the upload token of submission {}; uploading its files again", id);
        uploads.remove(id);
        return send(ticket, uploadTokenFor(ticket, userToken, progress), userToken);
      }
    } catch (DeskException e) {
      if (!e.isRetryable()) forget(id);
      throw e;
    } catch (UploadTokenRejected e) {
      forget(id);
      throw e.exception;
    }
  }

  private Ticket send(NewTicket t, @Nullable String uploadToken, @Nullable String userToken) throws IOException {
    boolean tickets = mode == ZendeskConnector.Mode.BACKEND;
    ZendeskJson.Outgoing o = outgoing(t, uploadToken);
    // A signed-in user is the requester; Zendesk reads the requester object of anonymous requests only.
    if (userToken != null) o.requester = null;
    ByteString body = ZendeskJson.create(tickets ? "ticket" : "request", o, tickets);
    Request.Builder rb = new Request.Builder()
        .url(http.url(tickets ? "api/v2/tickets" : "api/v2/requests"))
        .post(OneShotBody.of(RequestBody.create(body, JSON)));
    String secret = null;
    if (tickets) {
      rb.header("Authorization", basicAuth).header("Idempotency-Key", idempotencyKey(t.submissionId(), uploadToken));
    } else if (userToken != null) {
      rb.header("Authorization", "Bearer " + userToken);
      secret = userToken;
    }
    try (Response response = http.client().newCall(rb.build()).execute()) {
      if (!response.isSuccessful() && uploadToken != null) {
        byte[] prefix = BodyLimits.readPrefix(response.body(), BodyLimits.ERROR_BODY_LIMIT);
        if (ZendeskErrors.isUploadTokenProblem(response.code(), prefix)) {
          throw new UploadTokenRejected(http.refusal(response, prefix, secret));
        }
        throw http.refusal(response, prefix, secret);
      }
      Ticket created = http.read(response, secret, r -> ZendeskJson.single(r, tickets ? "ticket" : "request", urls)).ticket;
      log.debug("created Zendesk {} {} for submission {}: HTTP {}{}", tickets ? "ticket" : "request", created.id(),
          t.submissionId(), response.code(), "hit".equals(response.header("x-idempotency-lookup")) ? " (replayed)" : "");
      forget(t.submissionId());
      return created;
    }
  }

  private ZendeskJson.Outgoing outgoing(NewTicket t, @Nullable String uploadToken) {
    ZendeskJson.Outgoing o = new ZendeskJson.Outgoing();
    o.subject = t.subject();
    o.requester = t.requester();
    o.priority = ZendeskJson.priority(t.priority());
    String category = t.category();
    o.type = category == null ? null : categoryTypes.get(category);
    o.tags = t.tags();
    if (uploadToken != null) o.uploads = Collections.singletonList(uploadToken);
    StringBuilder footer = new StringBuilder();
    for (Map.Entry<String, String> e : t.customFields().entrySet()) {
      Long fieldId = customFieldIds.get(e.getKey());
      if (fieldId != null) {
        o.customFields.put(fieldId, e.getValue());
      } else {
        footer.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
    if (mode == ZendeskConnector.Mode.BACKEND) o.externalId = t.submissionId();
    StringBuilder body = new StringBuilder(t.description());
    String summary = t.diagnosticsSummary();
    if (summary != null && !summary.trim().isEmpty()) body.append("\n\n").append(summary.trim());
    body.append("\n\n--\n").append(footer).append(SUBMISSION_MARKER).append(t.submissionId());
    o.body = body.toString();
    return o;
  }

  /** The token creations run under in end-user mode, or null for an anonymous creation. */
  private @Nullable String creationToken() {
    if (mode != ZendeskConnector.Mode.END_USER || requesterToken == null) return null;
    String token = requesterToken.get();
    if (token == null || token.trim().isEmpty()) return null;
    return UserAgentInterceptor.checkHeaderValue("requester token", token);
  }

  /**
   * Whether to look for the ticket before creating it. End-user mode has no idempotency key, so it
   * always looks. In backend mode the key protects a retry only while Zendesk remembers it (hours)
   * and the payload is the same, so the connector looks when this instance tried before (the upload
   * token may have changed since), when the submission is older than the recent window (an earlier
   * process may have sent it, possibly beyond the key's lifetime), when its first attempt may be older
   * than the key's lifetime (however the recent window is set), and when it has attachments that
   * this instance has not uploaded yet (an earlier process sent other upload tokens, hence another key).
   * On a first attempt it looks only when a power loss may have taken the outbox's record of an earlier
   * one (the outbox does not force the attempt records of a desk with keys) that the key cannot answer:
   * the submission is older than the key's lifetime, or it has attachments and is older than this instance.
   */
  private boolean shouldLookUp(NewTicket t) {
    if (mode != ZendeskConnector.Mode.BACKEND) return true;
    String id = t.submissionId();
    if (attempted.contains(id)) return true;
    if (t.isFirstAttempt()) {
      boolean uploadsMakeANewKey = !t.attachments().isEmpty() && t.createdAt().isBefore(startedAt);
      return uploadsMakeANewKey || t.earlierAttemptMayBeOlderThan(KEY_LIFETIME);
    }
    if (!t.attachments().isEmpty() && !uploads.containsKey(id)) return true;
    // Recorded attempts: Zendesk may have forgotten the key, whatever recentWindow the host chose.
    if (t.attempt() > 0 && t.earlierAttemptMayBeOlderThan(KEY_LIFETIME)) return true;
    return Duration.between(t.createdAt(), clock.instant()).compareTo(recentWindow) > 0;
  }

  /**
   * The submission id, qualified by the upload token when there is one: Zendesk refuses a key sent
   * again with a different payload, and new uploads make a new payload.
   */
  static String idempotencyKey(String submissionId, @Nullable String uploadToken) {
    if (uploadToken == null) return submissionId;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(uploadToken.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(submissionId).append('.');
      for (int i = 0; i < 6; i++) hex.append(String.format(Locale.ROOT, "%02x", digest[i]));
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /**
   * {@link #find}, except that an end user whom Zendesk does not let list their requests (it answers 403 to a user
   * whose e-mail address is not verified, who may still file one) has nothing found: the request is sent without
   * the lookup, as in anonymous mode, rather than the report failing for good.
   */
  private @Nullable Ticket findUnlessForbidden(String submissionId, @Nullable String userToken) throws IOException {
    try {
      return find(submissionId, userToken);
    } catch (DeskException e) {
      if (mode != ZendeskConnector.Mode.END_USER || e.httpStatus() != 403) throw e;
      log.warn("Zendesk refused to list the requester's requests (HTTP 403: {}); submission {} is sent without"
          + " looking for an earlier attempt", e.deskMessage(), submissionId);
      return null;
    }
  }

  private @Nullable Ticket find(String submissionId, @Nullable String userToken) throws IOException {
    if (mode == ZendeskConnector.Mode.BACKEND) {
      HttpUrl u = http.url("api/v2/tickets").newBuilder().addQueryParameter("external_id", submissionId).build();
      ZendeskJson.Page page = http.get(u, basicAuth, null, r -> ZendeskJson.list(r, "tickets", urls));
      for (ZendeskJson.Remote remote : page.items) {
        if (submissionId.equals(remote.externalId)) return remote.ticket;
      }
      return null;
    }
    // Long descriptions can make 50 requests larger than maxResponseBytes: read them in pages that fit.
    String marker = SUBMISSION_MARKER + submissionId;
    ZendeskPages.Requests page;
    long offset = 0;
    do {
      page = ZendeskPages.requests(http, Objects.requireNonNull(userToken), urls, offset, (int) (LOOKUP_PAGE - offset));
      for (ZendeskJson.Remote remote : page.items) {
        if (hasLine(remote.description, marker)) return remote.ticket;
      }
      offset += page.size;
    } while (page.more && offset < LOOKUP_PAGE);
    return null;
  }

  /**
   * Whether {@code text} has {@code line} as a whole line (surrounding blanks aside): the footer of submission
   * {@code a-1} must not be found in that of {@code a-12}.
   */
  private static boolean hasLine(@Nullable String text, String line) {
    if (text == null) return false;
    for (String l : text.split("\\R")) {
      if (l.trim().equals(line)) return true;
    }
    return false;
  }

  private void forget(String submissionId) {
    attempted.remove(submissionId);
    uploads.remove(submissionId);
  }

  // ---- uploads

  private static final class UploadSession {
    final String token;
    final Instant obtainedAt;

    UploadSession(String token, Instant obtainedAt) {
      this.token = token;
      this.obtainedAt = obtainedAt;
    }
  }

  /** The upload token carrying all of the ticket's files: reused while fresh, else uploaded anew. */
  private @Nullable String uploadTokenFor(NewTicket t, @Nullable String userToken, UploadProgress progress)
      throws IOException {
    if (t.attachments().isEmpty()) return null;
    UploadSession session = uploads.get(t.submissionId());
    Instant now = clock.instant();
    if (session != null && Duration.between(session.obtainedAt, now).compareTo(UPLOAD_TOKEN_REUSE) < 0) {
      return session.token;
    }
    // The clock is read before the first upload: the token's 60 minutes start when Zendesk issues it.
    String token = uploadAll(t.attachments(), authorizationForUploads(userToken), userToken, progress);
    uploads.put(t.submissionId(), new UploadSession(token, now));
    return token;
  }

  private @Nullable String authorizationForUploads(@Nullable String userToken) {
    if (mode == ZendeskConnector.Mode.BACKEND) return basicAuth;
    return userToken == null ? null : "Bearer " + userToken;
  }

  String uploadAll(List<Attachment> files, @Nullable String authorization, @Nullable String secret,
      UploadProgress progress) throws IOException {
    long total = 0;
    List<AttachmentBody> bodies = new ArrayList<>();
    for (Attachment a : files) {
      AttachmentBody body = AttachmentBody.of(a);
      bodies.add(body);
      total += body.contentLength();
    }
    String token = null;
    long done = 0;
    for (int i = 0; i < files.size(); i++) {
      AttachmentBody body = bodies.get(i);
      final long offset = done;
      final long all = total;
      RequestBody counted = OneShotBody.of(new ProgressRequestBody(body, (sent, ignored) -> progress.onProgress(offset + sent, all)));
      HttpUrl.Builder u = http.url("api/v2/uploads").newBuilder().addQueryParameter("filename", files.get(i).fileName());
      if (token != null) u.addQueryParameter("token", token);
      Request.Builder rb = new Request.Builder().url(u.build()).post(counted);
      if (authorization != null) rb.header("Authorization", authorization);
      try (Response response = http.client().newCall(rb.build()).execute()) {
        String got = http.read(response, secret, ZendeskJson::uploadToken);
        if (token == null) token = UserAgentInterceptor.checkHeaderValue("upload token", got);
      }
      done += body.contentLength();
    }
    return token;
  }

  /** Zendesk named the upload token as the reason for refusing a create. */
  private static final class UploadTokenRejected extends IOException {
    final DeskException exception;

    UploadTokenRejected(DeskException exception) {
      super(exception.getMessage());
      this.exception = exception;
    }
  }
}
