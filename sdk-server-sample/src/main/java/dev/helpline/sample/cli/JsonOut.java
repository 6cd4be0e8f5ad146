package dev.helpline.sample.cli;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/** One JSON object per line on stdout, fields in insertion order. */
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
    return buffer.readUtf8();
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
