package dev.helpline.benchmarks;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import okio.Buffer;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/** Reads and writes plain JSON values (maps, lists, strings, numbers) with Moshi's streaming API. */
final class Json {
  private Json() {}

  static String write(@Nullable Object value, boolean pretty) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      if (pretty) w.setIndent("  ");
      w.setSerializeNulls(true);
      w.jsonValue(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  static @Nullable Object parse(String json) {
    try (JsonReader r = JsonReader.of(new Buffer().writeUtf8(json))) {
      return r.readJsonValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static @Nullable Object read(Path file) throws IOException {
    try (JsonReader r = JsonReader.of(Okio.buffer(Okio.source(Files.newInputStream(file))))) {
      return r.readJsonValue();
    }
  }
}
