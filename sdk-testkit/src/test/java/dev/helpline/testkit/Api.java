package dev.helpline.testkit;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/** A small OkHttp client for the Support API, used by the tests as any real client would talk to the desk. */
final class Api {
  static final MediaType JSON = MediaType.get("application/json");

  /** A response read fully: status, headers, body. */
  static final class Result {
    final int code;
    final Headers headers;
    final byte[] body;

    Result(int code, Headers headers, byte[] body) {
      this.code = code;
      this.headers = headers;
      this.body = body;
    }

    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json() throws IOException {
      return (Map<String, Object>) JsonReader.of(new Buffer().write(body)).readJsonValue();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String field) throws IOException {
      return (List<Map<String, Object>>) json().get(field);
    }

    @Nullable String header(String name) {
      return headers.get(name);
    }

    @Override
    public String toString() {
      return code + " " + text();
    }
  }

  final TestDesk desk;
  final OkHttpClient client;

  Api(TestDesk desk) {
    this(desk, new OkHttpClient.Builder()
        .retryOnConnectionFailure(false)
        .callTimeout(Duration.ofSeconds(20))
        .build());
  }

  Api(TestDesk desk, OkHttpClient client) {
    this.desk = desk;
    this.client = client;
  }

  static String ticketJson(String subject, @Nullable String requesterId, @Nullable String email) {
    String requester = requesterId == null && email == null ? "null"
        : "{" + (requesterId == null ? "" : "\"id\":\"" + requesterId + "\",")
            + "\"email\":" + (email == null ? "null" : "\"" + email + "\"") + ",\"name\":\"Ada\"}";
    return "{\"subject\":\"" + subject + "\",\"description\":\"It broke.\",\"category\":\"billing\","
        + "\"priority\":\"high\",\"tags\":[\"app\",\"crash\"],\"customFields\":{\"plan\":\"pro\"},"
        + "\"requester\":" + requester + ",\"diagnosticsSummary\":\"os=linux\",\"createdAt\":\"2026-11-24T10:00:00Z\"}";
  }

  static MultipartBody.Builder multipart(String jsonPartName, String json) {
    return new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart(jsonPartName, null, RequestBody.create(json, JSON));
  }

  static MultipartBody.Builder withFile(MultipartBody.Builder b, String name, String type, byte[] bytes) {
    return b.addFormDataPart("attachment", name, RequestBody.create(bytes, MediaType.get(type)));
  }

  Request.Builder request(String path) {
    return new Request.Builder().url(desk.baseUrl() + path);
  }

  Result execute(Request request) throws IOException {
    try (Response r = client.newCall(request).execute()) {
      return new Result(r.code(), r.headers(), r.body() == null ? new byte[0] : r.body().bytes());
    }
  }

  Result create(@Nullable String key, RequestBody body) throws IOException {
    return create(key, body, desk.appKey());
  }

  Result create(@Nullable String key, RequestBody body, String appKey) throws IOException {
    Request.Builder b = request("/v1/tickets").post(body).header("Authorization", "Bearer " + appKey);
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return execute(b.build());
  }

  /** Creates a ticket for the requester and returns its id. */
  String createFor(String key, String subject, @Nullable String requesterId, @Nullable String email)
      throws IOException {
    Result r = create(key, multipart("ticket", ticketJson(subject, requesterId, email)).build());
    if (r.code != 201) {
      throw new AssertionError("create failed: " + r);
    }
    return (String) r.json().get("id");
  }

  Result get(String path, @Nullable String token) throws IOException {
    Request.Builder b = request(path).get();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return execute(b.build());
  }

  Result send(String method, String path, @Nullable String token, @Nullable RequestBody body) throws IOException {
    Request.Builder b = request(path).method(method, body);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return execute(b.build());
  }

  Result putJson(String path, String token, String json) throws IOException {
    return send("PUT", path, token, RequestBody.create(json, JSON));
  }
}
