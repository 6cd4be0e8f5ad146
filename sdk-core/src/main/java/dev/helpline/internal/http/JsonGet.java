package dev.helpline.internal.http;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.helpline.internal.http.BodyLimits;
import dev.helpline.internal.http.ErrorBodies;
import dev.helpline.internal.http.UserAgentInterceptor;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** The HTTP plumbing the article sources share: capped bodies, refusals as exceptions, roots. */
public final class JsonGet {
  public static final long MAX_RESPONSE_BYTES = 1024 * 1024;

  private JsonGet() {}

  /** One client for every source built without one, created when first needed. */
  private static final class DefaultClient {
    static final OkHttpClient INSTANCE = new OkHttpClient.Builder()
        .connectTimeout(10, TimeUnit.SECONDS)
        .readTimeout(15, TimeUnit.SECONDS)
        .callTimeout(30, TimeUnit.SECONDS)
        .build();
  }

  public static OkHttpClient defaultClient() {
    return DefaultClient.INSTANCE;
  }

  /**
   * The calls of an article source: {@code client}'s, with the User-Agent and the body cap, derived on the first
   * search (a background thread) since the default client's first use loads the TLS trust store from disk.
   */
  public static Call.Factory wrap(Supplier<OkHttpClient> client) {
    return new LazyClient(() -> client.get().newBuilder()
        .addInterceptor(new UserAgentInterceptor(UserAgentInterceptor.DEFAULT))
        .addInterceptor(BodyLimits.interceptor(MAX_RESPONSE_BYTES)));
  }


  /** The source's root; see {@link ConnectorHttp#baseUrl(String, String)}. */
  public static HttpUrl root(String baseUrl) {
    return ConnectorHttp.baseUrl("baseUrl", baseUrl);
  }

  public interface JsonRead<T> {
    T read(JsonReader reader) throws IOException;
  }

  /** Reads the array under {@code name} in the top-level object, each element with {@code element}. */
  public static <T> List<T> namedArray(JsonReader r, String name, JsonRead<T> element) throws IOException {
    List<T> out = null;
    r.beginObject();
    while (r.hasNext()) {
      if (r.nextName().equals(name)) {
        out = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) out.add(element.read(r));
        r.endArray();
      } else {
        r.skipValue();
      }
    }
    r.endObject();
    if (out == null) throw new JsonDataException("Required value '" + name + "' missing at path $");
    return out;
  }

  /** GETs {@code url} and reads the 2xx JSON body; a refusal becomes a {@link dev.helpline.DeskException}. */
  public static <T> T getJson(Call.Factory client, HttpUrl url, JsonRead<T> reader) throws IOException {
    Request request = new Request.Builder().url(url).header("Accept", "application/json").get().build();
    try (Response response = client.newCall(request).execute()) {
      ResponseBody body = response.body();
      if (!response.isSuccessful()) {
        byte[] prefix = BodyLimits.readPrefix(body, BodyLimits.ERROR_BODY_LIMIT);
        throw ErrorBodies.toDeskException(response.code(), response.message(), prefix, response.header("Retry-After"),
            Clock.systemUTC());
      }
      if (body == null) throw new IOException("malformed response from article source: HTTP " + response.code() + " without a body");
      try (ResponseBody capped = BodyLimits.capped(body, MAX_RESPONSE_BYTES);
          JsonReader r = JsonReader.of(capped.source())) {
        return reader.read(r);
      } catch (JsonDataException | JsonEncodingException e) {
        throw new IOException("malformed response from article source: " + e.getMessage(), e);
      }
    }
  }

  /** Reads a string, a number as its text, or null. */
  public static String text(JsonReader r) throws IOException {
    switch (r.peek()) {
      case NULL:
        r.nextNull();
        return "";
      case NUMBER:
      case STRING:
        return r.nextString();
      default:
        throw new JsonDataException("Expected a string but was " + r.peek() + " at path " + r.getPath());
    }
  }
}
