package dev.helpline.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import okhttp3.mockwebserver.MockResponse;

/** Recorded Statuspage payloads from src/test/resources/statuspage. */
public final class Payloads {
  private Payloads() {}

  public static String read(String name) {
    try (InputStream in = Payloads.class.getResourceAsStream("/statuspage/" + name)) {
      if (in == null) throw new IllegalArgumentException("no test resource statuspage/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static MockResponse json(String name) {
    return new MockResponse().setHeader("Content-Type", "application/json; charset=utf-8").setBody(read(name));
  }

  public static MockResponse json(String name, String etag) {
    return json(name).setHeader("ETag", etag);
  }
}
