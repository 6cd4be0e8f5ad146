package dev.helpline.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A multipart/form-data reader that walks the stream once. Each part's body is collected up to a per-part cap chosen
 * by the caller from the part's name; the caller's stream enforces the total cap. Not thread-safe.
 */
public final class Multipart {
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final int MAX_PARTS = 1000;

  /** One part of the body. */
  public static final class Part {
    public final String name;
    public final @Nullable String fileName;
    public final @Nullable String contentType;
    public final byte[] body;

    Part(String name, @Nullable String fileName, @Nullable String contentType, byte[] body) {
      this.name = name;
      this.fileName = fileName;
      this.contentType = contentType;
      this.body = body;
    }
  }

  /** Chooses the largest body size accepted for a part with the given name. */
  public interface PartLimit {
    long maxBytes(String partName);
  }

  private final InputStream in;
  private final byte[] delimiter;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private boolean overflow;

  private Multipart(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Returns the boundary parameter of a multipart/form-data Content-Type, or fails with 400. */
  public static String boundary(@Nullable String contentType) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).trim().startsWith("multipart/form-data")) {
      throw ApiException.invalid("Content-Type", "Content-Type must be multipart/form-data but was " + contentType);
    }
    String boundary = params(contentType).get("boundary");
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      throw ApiException.invalid("Content-Type", "multipart boundary missing or longer than 70 characters");
    }
    return boundary;
  }

  /** Reads every part. Fails with 400 on malformed input and 413 when a part exceeds its limit. */
  public static List<Part> read(InputStream in, String boundary, PartLimit partLimit) throws IOException {
    return new Multipart(in, boundary).readAll(partLimit);
  }

  private List<Part> readAll(PartLimit partLimit) throws IOException {
    // The first delimiter has no leading CRLF; pretend it had one so one matcher handles all of them.
    buf[0] = '\r';
    buf[1] = '\n';
    limit = 2;
    if (!readUntilDelimiter(null, Long.MAX_VALUE)) {
      throw ApiException.invalid("body", "multipart body has no opening boundary");
    }
    List<Part> parts = new ArrayList<>();
    while (true) {
      int a = readByte();
      int b = readByte();
      if (a == '-' && b == '-') {
        return parts;
      }
      // Transport padding (spaces/tabs) may precede the CRLF after a delimiter.
      while (a == ' ' || a == '\t') {
        a = b;
        b = readByte();
      }
      if (a != '\r' || b != '\n') {
        throw ApiException.invalid("body", "malformed multipart delimiter line");
      }
      if (parts.size() >= MAX_PARTS) {
        throw new ApiException(413, "payload_too_large", "more than " + MAX_PARTS + " multipart parts", "body");
      }
      Map<String, String> headers = readHeaders();
      String disposition = headers.get("content-disposition");
      if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
        throw ApiException.invalid("body", "multipart part without Content-Disposition: form-data");
      }
      Map<String, String> params = params(disposition);
      String name = params.get("name");
      if (name == null) {
        throw ApiException.invalid("body", "multipart part without a name");
      }
      String fileName = params.containsKey("filename*") ? decodeExtValue(params.get("filename*"))
          : params.containsKey("filename") ? decodeFormEscapes(params.get("filename")) : null;
      long max = partLimit.maxBytes(name);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if (!readUntilDelimiter(body, max)) {
        if (overflow) {
          throw new ApiException(413, "payload_too_large",
              "part '" + name + "' exceeds " + max + " bytes", name);
        }
        throw ApiException.invalid("body", "multipart body ended before the closing boundary");
      }
      parts.add(new Part(name, fileName, headers.get("content-type"), body.toByteArray()));
    }
  }

  /**
   * Copies bytes to {@code sink} (or discards them) until the delimiter; returns false at end of stream, or with
   * {@link #overflow} set when the data exceeds {@code max} bytes. The delimiter starts with CR, which occurs nowhere
   * else in it, so after a mismatch the only possible new match starts at the mismatching byte itself; the bytes of a
   * broken partial match equal the delimiter's prefix, so they are written from the delimiter array.
   */
  private boolean readUntilDelimiter(@Nullable ByteArrayOutputStream sink, long max) throws IOException {
    int matched = 0;
    long size = 0;
    overflow = false;
    while (true) {
      if (pos == limit && !fill()) {
        return false;
      }
      int runStart = pos;
      while (pos < limit) {
        byte c = buf[pos];
        if (c == delimiter[matched]) {
          if (matched == 0) {
            size += pos - runStart;
            if (sink != null) {
              sink.write(buf, runStart, pos - runStart);
            }
          }
          matched++;
          pos++;
          if (matched == delimiter.length) {
            return !tooBig(size, max);
          }
        } else if (matched > 0) {
          size += matched;
          if (sink != null) {
            sink.write(delimiter, 0, matched);
          }
          matched = 0;
          runStart = pos;
        } else {
          pos++;
        }
        if (tooBig(size, max)) {
          return false;
        }
      }
      if (matched == 0) {
        size += pos - runStart;
        if (sink != null) {
          sink.write(buf, runStart, pos - runStart);
        }
        if (tooBig(size, max)) {
          return false;
        }
      }
    }
  }

  private boolean tooBig(long size, long max) {
    if (size > max) {
      overflow = true;
    }
    return overflow;
  }

  private Map<String, String> readHeaders() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int total = 0;
    while (true) {
      int c = readByte();
      if (++total > MAX_HEADER_BYTES) {
        throw new ApiException(413, "payload_too_large", "multipart part headers exceed " + MAX_HEADER_BYTES + " bytes", "body");
      }
      if (c == '\r') {
        if (readByte() != '\n') {
          throw ApiException.invalid("body", "malformed multipart header line");
        }
        if (line.size() == 0) {
          return headers;
        }
        String text = new String(line.toByteArray(), StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon <= 0) {
          throw ApiException.invalid("body", "malformed multipart header: " + text);
        }
        headers.put(text.substring(0, colon).trim().toLowerCase(Locale.ROOT), text.substring(colon + 1).trim());
        line.reset();
      } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
        // A bare LF or other control character would be stored (e.g. in a media type) and later break the
        // response header that repeats it.
        throw ApiException.invalid("body", "control character 0x" + Integer.toHexString(c)
            + " in a multipart header line");
      } else {
        line.write(c);
      }
    }
  }

  private int readByte() throws IOException {
    if (pos == limit && !fill()) {
      throw ApiException.invalid("body", "multipart body ended unexpectedly");
    }
    return buf[pos++] & 0xff;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  /** Parses {@code ; key=value} / {@code ; key="quoted"} parameters of a header value; keys lower-cased. */
  static Map<String, String> params(String headerValue) {
    Map<String, String> result = new LinkedHashMap<>();
    int i = headerValue.indexOf(';');
    int n = headerValue.length();
    while (i >= 0 && i < n) {
      i++; // skip ';'
      while (i < n && headerValue.charAt(i) == ' ') {
        i++;
      }
      int eq = headerValue.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String key = headerValue.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < n && headerValue.charAt(i) == '"') {
        i++;
        while (i < n && headerValue.charAt(i) != '"') {
          char c = headerValue.charAt(i);
          if (c == '\\' && i + 1 < n) {
            c = headerValue.charAt(++i);
          }
          value.append(c);
          i++;
        }
        i = headerValue.indexOf(';', i);
      } else {
        int semi = headerValue.indexOf(';', i);
        int end = semi < 0 ? n : semi;
        value.append(headerValue, i, end);
        i = semi;
      }
      result.put(key, value.toString().trim());
    }
    return result;
  }

  /**
   * Browsers and OkHttp write {@code "}, CR and LF in form-data names as %22, %0D and %0A (WHATWG HTML's
   * multipart/form-data encoding); undo exactly those.
   */
  static String decodeFormEscapes(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    return value.replace("%22", "\"").replace("%0D", "\r").replace("%0A", "\n")
        .replace("%0d", "\r").replace("%0a", "\n");
  }

  private static String decodeExtValue(String value) {
    // RFC 5987: charset'lang'percent-encoded
    int first = value.indexOf('\'');
    int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
    if (second < 0) {
      return value;
    }
    try {
      return URLDecoder.decode(value.substring(second + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("body", "multipart part's filename* is not percent-encoded UTF-8 (RFC 5987)");
    }
  }
}
