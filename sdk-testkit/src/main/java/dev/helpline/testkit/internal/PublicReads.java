package dev.helpline.testkit.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The unauthenticated reads: the status summary and notices (conditional GETs with ETag and, for the summary,
 * Last-Modified) and the article search. Thread-safe.
 */
final class PublicReads {
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  private final DeskState state;

  PublicReads(DeskState state) {
    this.state = state;
  }

  /** The response for a public read, or null when the request is not one. */
  @Nullable Response route(HttpExchange ex, String method, String path, Map<String, String> query) {
    if (!method.equals("GET")) {
      return null;
    }
    if (path.equals("/v1/status/summary.json") || path.equals("/api/v2/summary.json")) {
      return conditional(ex, state.status(), true);
    }
    if (path.equals("/v1/notices")) {
      return conditional(ex, state.notices(), false);
    }
    if (path.equals("/v1/articles/search")) {
      return searchArticles(query);
    }
    return null;
  }

  private Response searchArticles(Map<String, String> query) {
    String q = query.get("q");
    if (q == null || q.trim().isEmpty()) {
      throw ApiException.invalid("q", "q must not be blank");
    }
    if (q.length() > 1000) {
      throw ApiException.invalid("q", "q has " + q.length() + " characters; the limit is 1000");
    }
    int limit = HttpIo.intParam(query, "limit", 10, 1, 50);
    String locale = query.get("locale");
    return Response.json(200, state.search(q, locale == null || locale.isEmpty() ? null : locale, limit));
  }

  private static Response conditional(HttpExchange ex, Versioned v, boolean withLastModified) {
    Headers h = ex.getRequestHeaders();
    String inm = h.getFirst("If-None-Match");
    String ims = h.getFirst("If-Modified-Since");
    Instant modified = v.lastModified.truncatedTo(ChronoUnit.SECONDS);
    boolean notModified;
    if (inm != null) {
      notModified = etagMatches(inm, v.etag);
    } else if (ims != null && withLastModified) {
      notModified = notModifiedSince(ims, modified);
    } else {
      notModified = false;
    }
    Response r = notModified ? Response.empty(304) : new Response(200, v.body).header("Content-Type", Response.JSON);
    r.header("ETag", v.etag).header("Cache-Control", "no-cache");
    if (withLastModified) {
      r.header("Last-Modified", HTTP_DATE.format(ZonedDateTime.ofInstant(modified, ZoneOffset.UTC)));
    }
    return r;
  }

  private static boolean notModifiedSince(String ims, Instant modified) {
    try {
      Instant since = ZonedDateTime.parse(ims.trim(), HTTP_DATE).toInstant();
      return !modified.isAfter(since);
    } catch (DateTimeParseException e) {
      return false; // RFC 9110: an invalid date is ignored
    }
  }

  static boolean etagMatches(@Nullable String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
