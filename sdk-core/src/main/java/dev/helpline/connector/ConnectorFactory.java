package dev.helpline.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Connector} from a desk URL, so that configuration files and command lines name a
 * desk by URL and a host gains a desk by adding its jar. A desk URL is the desk's own http(s) URL
 * with its scheme prefix: {@code rt+https://rt.example.com/}, {@code zendesk+https://acme.zendesk.com};
 * a plain {@code https://…} URL is the native Support API. A desk reached by another protocol is named by
 * its URL alone, whose scheme selects the factory: {@code smtp://mail.example.com:587?…}.
 *
 * <p>Factories are found with {@link ServiceLoader}: a connector jar lists its factory in
 * {@code META-INF/services/dev.helpline.connector.ConnectorFactory}. A factory has a public no-argument
 * constructor, does no I/O in {@link #create} and is safe to call from any thread.
 */
public interface ConnectorFactory {
  /**
   * The scheme this factory answers to, lower case: the prefix without the {@code +} ({@code "rt"}), or the
   * URL's own scheme for a desk not reached over http(s) ({@code "smtp"}).
   */
  String scheme();

  /**
   * Builds a connector for {@code address}. No I/O happens here.
   *
   * @throws IllegalArgumentException when the address or secret does not fit this desk; the message says
   *     what is wrong and never contains the secret
   */
  Connector create(Address address);

  /**
   * Builds the connector for {@code deskUrl} with the first factory on the class path whose
   * {@link #scheme()} matches its prefix ({@code helpline} for a plain http(s) URL, the URL's own scheme for
   * any other URL without a prefix).
   *
   * @param secret the desk's credential (API key, token, password), or null for a desk that needs none
   * @throws IllegalArgumentException when the URL is malformed or no factory takes its scheme; the message
   *     lists the schemes available and never contains the secret or the URL's user info and query
   */
  static Connector connect(String deskUrl, @Nullable String secret) {
    return connect(Address.parse(deskUrl, secret));
  }

  /** As {@link #connect(String, String)}, for an address that carries more settings. */
  static Connector connect(Address address) {
    Objects.requireNonNull(address, "address == null");
    List<String> schemes = new ArrayList<>();
    for (ConnectorFactory factory : ServiceLoader.load(ConnectorFactory.class, ConnectorFactory.class.getClassLoader())) {
      if (factory.scheme().equals(address.scheme())) return factory.create(address);
      schemes.add(factory.scheme());
    }
    throw new IllegalArgumentException("no connector for desk scheme '" + address.scheme() + "' on the class path"
        + " (available: " + String.join(", ", schemes) + "); add the desk's connector jar");
  }

  /**
   * Where a desk is and how to sign in: the scheme, the desk's URL without the scheme prefix, the secret, and
   * an optional User-Agent. {@link #toString()} never shows the secret, nor the URL's user info and secret
   * query parameters.
   */
  final class Address {
    /** A URL scheme (RFC 3986) that names a factory by itself; http(s) never does. */
    private static final Pattern OWN_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9.-]*");

    private final String scheme;
    private final String url;
    private final @Nullable String secret;
    private final @Nullable String userAgent;
    /** The scheme is the URL's own ({@code smtp://…}), not a prefix. */
    private final boolean ownScheme;

    private Address(String scheme, String url, @Nullable String secret, @Nullable String userAgent, boolean ownScheme) {
      this.scheme = scheme;
      this.url = url;
      this.secret = secret;
      this.userAgent = userAgent;
      this.ownScheme = ownScheme;
    }

    /**
     * Splits {@code deskUrl} into scheme and URL: {@code rt+https://x/} is scheme {@code rt} and URL
     * {@code https://x/}; an http(s) URL without a prefix has scheme {@code helpline}; any other URL without a
     * prefix has its own scheme ({@code smtp://host:587} is scheme {@code smtp}, the URL kept whole).
     *
     * @throws IllegalArgumentException when the URL has no host part, or a prefix is followed by anything but
     *     an http or https URL
     */
    public static Address parse(String deskUrl, @Nullable String secret) {
      Objects.requireNonNull(deskUrl, "deskUrl == null");
      String trimmed = deskUrl.trim();
      int colon = trimmed.indexOf("://");
      int plus = colon < 0 ? -1 : trimmed.lastIndexOf('+', colon);
      String url = plus < 0 ? trimmed : trimmed.substring(plus + 1);
      String lower = url.toLowerCase(Locale.ROOT);
      boolean http = lower.startsWith("http://") || lower.startsWith("https://");
      if (plus < 0 && !http && colon > 0 && OWN_SCHEME.matcher(trimmed.substring(0, colon)).matches()
          && trimmed.length() > colon + 3) {
        return new Address(lower.substring(0, colon), trimmed, secret, null, true);
      }
      if (!http || url.length() <= lower.indexOf("//") + 2) {
        throw new IllegalArgumentException("desk '" + withoutSecrets(trimmed) + "' is not an http:// or https:// URL"
            + " (with an optional desk prefix such as rt+https://) nor a URL of another desk protocol such as smtp://");
      }
      String scheme = plus < 0 ? "helpline" : trimmed.substring(0, plus).toLowerCase(Locale.ROOT);
      return new Address(scheme, url, secret, null, false);
    }

    /** This address with {@code userAgent} sent on every request (for example {@code "acme-cli/2.1"}). */
    public Address withUserAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent == null");
      return new Address(scheme, url, secret, userAgent, ownScheme);
    }

    /** The scheme, lower case: {@code rt}, {@code zendesk}, {@code helpline}, {@code smtp}. */
    public String scheme() {
      return scheme;
    }

    /** The desk's own URL, without the scheme prefix (an {@code smtp://…} URL as given, with its query). */
    public String url() {
      return url;
    }

    /** The credential, or null. Never log it. */
    public @Nullable String secret() {
      return secret;
    }

    /** The User-Agent to send, or null for the connector's default. */
    public @Nullable String userAgent() {
      return userAgent;
    }

    @Override
    public String toString() {
      return (ownScheme ? "" : scheme + "+") + withoutSecrets(url) + (secret == null ? "" : " (secret ***)");
    }

    /** The URL as far as it can be shown: without user info, query and fragment, where secrets travel. */
    private static String withoutSecrets(String url) {
      HttpUrl parsed = HttpUrl.parse(url);
      if (parsed != null) {
        return parsed.newBuilder().username("").password("").query(null).fragment(null).build().toString();
      }
      int schemeEnd = url.indexOf("://");
      if (schemeEnd < 0) {
        // No URL at all: shown only where no user info or query can hide in it.
        return url.length() <= 100 && url.indexOf('@') < 0 && url.indexOf('?') < 0 && url.indexOf(':') < 0 ? url : "…";
      }
      int start = schemeEnd + 3;
      int end = start;
      while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
      int at = url.lastIndexOf('@', end - 1);
      String host = url.substring(at >= start ? at + 1 : start, end);
      int pathEnd = end;
      while (pathEnd < url.length() && "?#".indexOf(url.charAt(pathEnd)) < 0) pathEnd++;
      String shown = url.substring(0, start) + host + url.substring(end, pathEnd);
      return shown.length() <= 200 ? shown : shown.substring(0, 200) + "…";
    }
  }
}
