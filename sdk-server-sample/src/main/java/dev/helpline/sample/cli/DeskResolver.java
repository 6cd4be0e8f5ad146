package dev.helpline.sample.cli;

import dev.helpline.connector.Connector;
import dev.helpline.connector.rt.RequestTrackerConnector;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.connector.zendesk.ZendeskConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@code --desk} value into a connector. A native Support API URL ({@code http://…}, {@code https://…}) is
 * used as is; a scheme prefix selects another desk: {@code rt+http://…} (Request Tracker), {@code zendesk+https://…}
 * (Zendesk). Adding a desk is one {@link #register} call with a {@link Factory}.
 *
 * <p>Errors are {@link CliException}s with exit code {@link ExitCodes#REJECTED} and a one-line message that names
 * the URL but never the token.
 */
final class DeskResolver {
  /** The credentials from the command line or environment. Never printed. */
  static final class Credentials {
    final @Nullable String token;

    Credentials(@Nullable String token) {
      this.token = token;
    }

    @Override
    public String toString() {
      return "Credentials{token=" + (token == null ? "none" : "***") + "}";
    }
  }

  /**
   * A resolved desk: the connector, and what reading tickets needs: a per-user token (the native desk identifies the
   * reader by it) or the requester's e-mail or id (desks read by a service account that searches by requester, such
   * as Request Tracker).
   */
  static final class Desk {
    final Connector connector;
    final boolean readsNeedUserToken;
    final boolean readsNeedRequester;

    Desk(Connector connector, boolean readsNeedUserToken, boolean readsNeedRequester) {
      this.connector = connector;
      this.readsNeedUserToken = readsNeedUserToken;
      this.readsNeedRequester = readsNeedRequester;
    }
  }

  /** Builds the connector for a URL whose scheme prefix was already removed. */
  interface Factory {
    Desk create(HttpUrl url, Credentials credentials) throws CliException;
  }

  private static final class Entry {
    final String prefix;
    final Factory factory;

    Entry(String prefix, Factory factory) {
      this.prefix = prefix;
      this.factory = factory;
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /** The desks of this build: the native Support API, Request Tracker and Zendesk. */
  static DeskResolver defaults() {
    DeskResolver r = new DeskResolver();
    r.register("", DeskResolver::nativeDesk);
    r.register("rt+", DeskResolver::requestTrackerDesk);
    r.register("zendesk+", DeskResolver::zendeskDesk);
    return r;
  }

  /** Adds or replaces the desk for a scheme prefix such as {@code "rt+"}; {@code ""} is the native desk. */
  DeskResolver register(String prefix, Factory factory) {
    Objects.requireNonNull(prefix, "prefix == null");
    Objects.requireNonNull(factory, "factory == null");
    entries.removeIf(e -> e.prefix.equals(prefix));
    entries.add(new Entry(prefix, factory));
    // Longest prefix first, so "" (native) is tried last.
    entries.sort((a, b) -> Integer.compare(b.prefix.length(), a.prefix.length()));
    return this;
  }

  Desk resolve(@Nullable String deskUrl, Credentials credentials) throws CliException {
    if (deskUrl == null || deskUrl.trim().isEmpty()) {
      throw CliException.badInput("--desk is required: the desk's URL, e.g. https://support.example.com"
          + " or rt+https://rt.example.com/");
    }
    String lower = deskUrl.toLowerCase(Locale.ROOT);
    for (Entry e : entries) {
      if (!lower.startsWith(e.prefix)) continue;
      String rest = deskUrl.substring(e.prefix.length());
      return e.factory.create(parseUrl("--desk", rest), credentials);
    }
    throw CliException.badInput("--desk '" + deskUrl + "' is not a desk URL");
  }

  /** Parses an http(s) URL; anything else is bad input naming the option. */
  static HttpUrl parseUrl(String option, String value) throws CliException {
    HttpUrl url = HttpUrl.parse(value.trim());
    if (url == null) {
      throw CliException.badInput(option + " '" + value + "' is not an http:// or https:// URL");
    }
    return url;
  }

  /**
   * Request Tracker: the token is the service account's RT auth token; RT's root or its REST2 base both work. Reads
   * go through the service account, filtered by the requester given with {@code --requester}.
   */
  private static Desk requestTrackerDesk(HttpUrl url, Credentials credentials) throws CliException {
    if (credentials.token == null) {
      throw CliException.badInput("Request Tracker needs the service account's auth token: pass --token or set"
          + " HELPLINE_TOKEN");
    }
    try {
      return new Desk(RequestTrackerConnector.builder()
          .baseUrl(url.toString())
          .token(credentials.token)
          .userAgent("helpline-cli/0.1.0")
          .build(), false, true);
    } catch (IllegalArgumentException e) {
      throw CliException.badInput("--desk 'rt+" + url + "': " + e.getMessage());
    }
  }

  /**
   * Zendesk: a token of the form {@code agent@example.com/token:API_TOKEN} files through the Tickets API as a
   * backend (no reads: an agent account could show one user another's tickets); any other token is an end user's
   * OAuth token for the Requests API; no token files anonymously.
   */
  private static Desk zendeskDesk(HttpUrl url, Credentials credentials) throws CliException {
    String token = credentials.token;
    String site = url.toString();
    try {
      if (token == null) {
        return new Desk(ZendeskConnector.anonymous(site).userAgent("helpline-cli/0.1.0").build(), false, false);
      }
      int marker = token.indexOf("/token:");
      if (marker > 0) {
        return new Desk(ZendeskConnector.backend(site, token.substring(0, marker), token.substring(marker + 7))
            .userAgent("helpline-cli/0.1.0").build(), false, false);
      }
      return new Desk(ZendeskConnector.endUser(site).requesterToken(() -> token).userAgent("helpline-cli/0.1.0").build(),
          false, false);
    } catch (IllegalArgumentException e) {
      throw CliException.badInput("--desk 'zendesk+" + url + "': " + e.getMessage());
    }
  }

  private static Desk nativeDesk(HttpUrl url, Credentials credentials) throws CliException {
    // Ticket creation needs the app key; reads carry the user token instead. A blank key is a connector error,
    // so commands that only read get a placeholder that the desk never sees on the create endpoint.
    String appKey = credentials.token != null ? credentials.token : "-";
    SupportApiConnector connector;
    try {
      connector = SupportApiConnector.builder()
          .baseUrl(url)
          .appKey(appKey)
          .connectTimeout(Duration.ofSeconds(10))
          .readTimeout(Duration.ofSeconds(30))
          .userAgent("helpline-cli/0.1.0")
          .build();
    } catch (IllegalArgumentException e) {
      throw CliException.badInput("--desk '" + url + "': " + e.getMessage());
    }
    return new Desk(connector, true, false);
  }
}
