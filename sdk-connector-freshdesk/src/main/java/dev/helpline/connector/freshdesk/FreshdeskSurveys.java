package dev.helpline.connector.freshdesk;

import com.squareup.moshi.JsonDataException;
import dev.helpline.DeskException;
import dev.helpline.Rating;
import dev.helpline.internal.http.JsonCalls;
import dev.helpline.internal.json.JsonTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The scale of the account's satisfaction survey. Freshdesk's surveys accept a subset of the seven values -103 … 103
 * for their default question (its "Default Survey" three: -103, 100, 103), listed as {@code accepted_ratings} by
 * {@code GET /api/v2/surveys?state=active}; a rating the survey does not accept is refused (HTTP 400).
 */
final class FreshdeskSurveys {
  private FreshdeskSurveys() {}

  /**
   * The values the active survey's default question accepts, or none when Freshdesk does not say (no active survey,
   * or the surveys are not listed to this agent: HTTP 403 or 404).
   */
  static List<Long> acceptedRatings(JsonCalls http, HttpUrl surveys) throws IOException {
    HttpUrl u = surveys.newBuilder().addQueryParameter("state", "active").build();
    try {
      return http.send(new Request.Builder().url(u).get(), FreshdeskSurveys::acceptedRatings);
    } catch (DeskException e) {
      if (e.httpStatus() == 403 || e.httpStatus() == 404) return Collections.emptyList();
      throw e;
    }
  }

  /** The {@code accepted_ratings} of the first survey's {@code default_question}, numbers or digit strings. */
  static List<Long> acceptedRatings(@Nullable Object json) {
    if (!(json instanceof List)) throw new JsonDataException("Expected an array at path $");
    List<?> surveys = (List<?>) json;
    for (int i = 0; i < surveys.size(); i++) {
      String path = "$[" + i + "]";
      List<?> questions = JsonTree.list(JsonTree.objectAt(surveys.get(i), path), "questions", path);
      for (int q = 0; q < questions.size(); q++) {
        String qPath = path + ".questions[" + q + "]";
        Map<String, Object> question = JsonTree.objectAt(questions.get(q), qPath);
        if (!"default_question".equals(JsonTree.optString(question, "id", qPath))) continue;
        List<Long> out = new ArrayList<>();
        for (Object v : JsonTree.list(question, "accepted_ratings", qPath)) {
          Long value = v instanceof Double && (Double) v == Math.rint((Double) v) ? Long.valueOf(((Double) v).longValue())
              : v instanceof String && ((String) v).trim().matches("-?[0-9]{1,4}") ? Long.valueOf(((String) v).trim()) : null;
          if (value != null) out.add(value);
        }
        return out;
      }
    }
    return Collections.emptyList();
  }

  /**
   * The rating's value on the survey's scale: {@link FreshdeskJson#surveyValue(Rating)}, moved to the nearest value on
   * the seven-point scale that {@code accepted} holds (of two as near, the happier); unchanged when it holds none.
   */
  static int value(Rating rating, List<Long> accepted) {
    int wanted = FreshdeskJson.surveyValue(rating);
    int best = wanted;
    int bestDistance = Integer.MAX_VALUE;
    for (long v : accepted) {
      if (Math.abs(v) > 103 || (v != 100 && Math.abs(v) < 101)) continue; // not on the seven-point scale
      int distance = Math.abs(step(v) - step(wanted));
      if (distance < bestDistance || (distance == bestDistance && step(v) > step(best))) {
        best = (int) v;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** -103 … 103 as -3 … 3. */
  private static int step(long value) {
    return (int) (value >= 100 ? value - 100 : value + 100);
  }
}
