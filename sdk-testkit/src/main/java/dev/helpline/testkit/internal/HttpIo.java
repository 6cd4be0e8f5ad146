package dev.helpline.testkit.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Request and response plumbing shared by the desk's handlers: capped bodies (JSON and multipart), query and path
 * decoding, Bearer credentials, and writing a {@link Response} after draining what the route did not read.
 * Thread-safe.
 */
final class HttpIo {
  /** The cap for one JSON part or JSON body. */
  static final int MAX_JSON_BYTES = 1024 * 1024;

  private final long maxRequestBytes;
  /**
   * Exchanges whose request body a route has started to read. (HttpExchange attributes cannot hold this: in the JDK
   * they are shared by every exchange of the context.)
   */
  private final Set<HttpExchange> bodyTaken = Collections.newSetFromMap(new ConcurrentHashMap<>());

  HttpIo(long maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  /** Forgets the exchange once it is answered. */
  void finished(HttpExchange ex) {
    bodyTaken.remove(ex);
  }

  List<Multipart.Part> readMultipart(HttpExchange ex, String jsonPart) throws IOException {
    String boundary = Multipart.boundary(ex.getRequestHeaders().getFirst("Content-Type"));
    bodyTaken.add(ex);
    try (InputStream in = cappedBody(ex)) {
      return Multipart.read(in, boundary, name -> name.equals(jsonPart) ? MAX_JSON_BYTES : maxRequestBytes);
    }
  }

  byte[] readJsonBody(HttpExchange ex) throws IOException {
    long declared = contentLength(ex);
    if (declared > MAX_JSON_BYTES) {
      throw tooLarge("body", declared, MAX_JSON_BYTES);
    }
    bodyTaken.add(ex);
    try (InputStream in = ex.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
      if (bytes.length > MAX_JSON_BYTES) {
        throw tooLarge("body", bytes.length, MAX_JSON_BYTES);
      }
      return bytes;
    }
  }

  private static long contentLength(HttpExchange ex) {
    String value = ex.getRequestHeaders().getFirst("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("Content-Length", "Content-Length '" + value + "' is not a number");
    }
  }

  private static ApiException tooLarge(String field, long size, long limit) {
    return new ApiException(413, "payload_too_large",
        field + " has " + size + " bytes or more; the limit is " + limit, field);
  }

  /** The request body, failing with 413 as soon as it exceeds the request cap. */
  private InputStream cappedBody(HttpExchange ex) {
    long declared = contentLength(ex);
    if (declared > maxRequestBytes) {
      throw tooLarge("body", declared, maxRequestBytes);
    }
    return new FilterInputStream(ex.getRequestBody()) {
      private long count;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          count(n);
        }
        return n;
      }

      private void count(long n) {
        count += n;
        if (count > maxRequestBytes) {
          throw tooLarge("body", count, maxRequestBytes);
        }
      }
    };
  }

  void send(HttpExchange ex, Response r) throws IOException {
    drainUnreadBody(ex);
    Headers headers = ex.getResponseHeaders();
    r.headers.forEach(headers::set);
    ex.sendResponseHeaders(r.status, r.body.length == 0 ? -1 : r.body.length);
    if (r.body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(r.body);
      }
    }
    ex.close();
  }

  /**
   * Reads (up to the request cap) a body the route never looked at, e.g. an upload answered with 401 or an injected
   * 503: a client still writing it would otherwise see a reset connection instead of the response.
   */
  void drainUnreadBody(HttpExchange ex) throws IOException {
    if (!bodyTaken.add(ex)) {
      return;
    }
    long declared = contentLengthOrUnknown(ex);
    if (declared > maxRequestBytes) {
      return; // too big to swallow; the server closes the connection after the response
    }
    InputStream in = ex.getRequestBody();
    byte[] buffer = new byte[64 * 1024];
    long left = maxRequestBytes;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= n;
    }
  }

  private static long contentLengthOrUnknown(HttpExchange ex) {
    try {
      return contentLength(ex);
    } catch (ApiException e) {
      return -1; // a malformed length was already answered with 400; drain what the stream yields
    }
  }

  /** Headers and the first half of the body, then the connection closes: the client sees a truncated body. */
  static void sendHalf(HttpExchange ex, Response r) throws IOException {
    if (r.body.length < 2) {
      drop(ex);
      return;
    }
    Headers headers = ex.getResponseHeaders();
    r.headers.forEach(headers::set);
    ex.sendResponseHeaders(r.status, r.body.length);
    OutputStream out = ex.getResponseBody();
    out.write(r.body, 0, r.body.length / 2);
    out.flush();
    drop(ex);
  }

  /**
   * Closes the connection without completing a response. Without response headers, HttpExchange.close() closes the
   * socket; after a partial fixed-length body it does the same because the body is short.
   */
  static void drop(HttpExchange ex) {
    ex.close();
  }

  // ---------------------------------------------------------------- request parts

  static @Nullable String bearer(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return auth.substring(7).trim();
  }

  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static int intParam(Map<String, String> query, String name, int dflt, int min, int max) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(value);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw ApiException.invalid(name, name + " must be an integer from " + min + " to " + max + " but was " + value);
  }

  static Map<String, String> query(@Nullable String raw) {
    Map<String, String> result = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
      result.putIfAbsent(k, v);
    }
    return result;
  }

  static String decode(String pathSegment) {
    return decodeQuery(pathSegment.replace("+", "%2B"));
  }

  private static String decodeQuery(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("path", "malformed percent-encoding in '" + s + "'");
    }
  }

  /** An ASCII-safe filename plus the exact name in RFC 5987 form; a raw name could smuggle CR/LF into headers. */
  static String contentDisposition(String disposition, String fileName) {
    StringBuilder ascii = new StringBuilder();
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
    }
    String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    return disposition + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
