package dev.helpline.testkit.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** A response computed before anything is written, so faults can decide how (and whether) to deliver it. */
final class Response {
  static final String JSON = "application/json";

  final int status;
  final Map<String, String> headers = new LinkedHashMap<>();
  final byte[] body;

  Response(int status, byte[] body) {
    this.status = status;
    this.body = body;
  }

  Response header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  static Response json(int status, Object tree) {
    return new Response(status, Json.write(tree)).header("Content-Type", JSON);
  }

  static Response empty(int status) {
    return new Response(status, new byte[0]);
  }

  /** The error body every API answers with: {@code {"error", "message", "field"}}. */
  static Response error(ApiException e) {
    Map<String, Object> body = Json.obj("error", e.code(), "message", e.getMessage());
    if (e.field() != null) {
      body.put("field", e.field());
    }
    Response r = json(e.status(), body);
    if (e.status() == 401) {
      r.header("WWW-Authenticate", "Bearer");
    }
    return r;
  }
}
