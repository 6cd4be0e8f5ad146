package dev.helpline.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sets the {@code User-Agent} of every request, replacing OkHttp's default. */
public final class UserAgentInterceptor implements Interceptor {
  /** The one default User-Agent of every connector and feed request the SDK makes. */
  public static final String DEFAULT = "helpline-java/0.1.0";

  private final String userAgent;

  /** @throws IllegalArgumentException when {@code userAgent} is empty or not printable ASCII */
  public UserAgentInterceptor(String userAgent) {
    this.userAgent = checkHeaderValue("userAgent", userAgent);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder().header("User-Agent", userAgent).build());
  }

  /**
   * Returns {@code value} when it is a non-empty header value of printable ASCII; otherwise throws an
   * {@link IllegalArgumentException} naming {@code field} and the offending position (never the value,
   * which may be a secret).
   */
  public static String checkHeaderValue(String field, String value) {
    if (value.trim().isEmpty()) throw new IllegalArgumentException(field + " is empty");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(field + " has an illegal character at index " + i
            + "; only printable ASCII is allowed in an HTTP header");
      }
    }
    return value;
  }
}
