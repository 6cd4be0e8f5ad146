package dev.helpline.sample.cli;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * One JSON object per line on stdout, fields in insertion order. Values are exact; characters a terminal would act
 * on or display deceptively (C0/C1 controls, DEL, bidi and other format characters, in every plane) are written as
 * JSON escapes, which decode to the same value.
 */
final class JsonOut {
  private final Map<String, @Nullable Object> fields = new LinkedHashMap<>();

  JsonOut put(String name, @Nullable Object value) {
    fields.put(name, value);
    return this;
  }

  @Override
  public String toString() {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      write(w, fields);
    } catch (IOException e) {
      throw new AssertionError("an in-memory buffer cannot fail", e);
    }
    return escapeInvisible(buffer.readUtf8());
  }

  /**
   * Outside strings JSON is ASCII, so escaping these characters anywhere changes no decoded value. Read by code
   * point: format characters outside the Basic Multilingual Plane (the invisible tag characters U+E0001 and
   * U+E0020–U+E007F) are written as their two escaped UTF-16 units.
   */
  private static String escapeInvisible(String json) {
    StringBuilder out = null;
    for (int i = 0; i < json.length(); ) {
      int cp = json.codePointAt(i);
      int n = Character.charCount(cp);
      boolean escape = (cp >= 0x7F && cp <= 0x9F) || Character.getType(cp) == Character.FORMAT;
      if (escape && out == null) out = new StringBuilder(json.length() + 16).append(json, 0, i);
      if (out != null) {
        if (escape) {
          for (int k = 0; k < n; k++) out.append(String.format(Locale.ROOT, "\\u%04x", (int) json.charAt(i + k)));
        } else {
          out.append(json, i, i + n);
        }
      }
      i += n;
    }
    return out == null ? json : out.toString();
  }

  private static void write(JsonWriter w, @Nullable Object value) throws IOException {
    if (value == null) {
      w.nullValue();
    } else if (value instanceof Map) {
      w.beginObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        w.name(String.valueOf(e.getKey()));
        write(w, e.getValue());
      }
      w.endObject();
    } else if (value instanceof List) {
      w.beginArray();
      for (Object o : (List<?>) value) write(w, o);
      w.endArray();
    } else if (value instanceof Number) {
      w.value((Number) value);
    } else if (value instanceof Boolean) {
      w.value((Boolean) value);
    } else {
      w.value(value.toString());
    }
  }
}
