package dev.helpline.benchmarks;

import dev.helpline.diagnostics.RedactionCorpus;
import dev.helpline.diagnostics.Redactor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recall and damage of {@link Redactor#defaults()} on sdk-core's labelled redaction corpus, per
 * family, for the report. The corpus and its scorer come from sdk-core's test jar, so these are
 * the figures the corpus test prints and holds.
 */
final class RedactionCorpusScore {
  private RedactionCorpusScore() {}

  static Map<String, Object> measure() {
    RedactionCorpus.Score score = RedactionCorpus.score(Redactor.defaults());
    Map<String, Object> families = new LinkedHashMap<>();
    for (RedactionCorpus.FamilyScore f : score.families.values()) {
      families.put(f.family, figures(f));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("families", families);
    out.put("total", figures(score.total));
    return out;
  }

  private static Map<String, Object> figures(RedactionCorpus.FamilyScore f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cases", f.cases);
    m.put("spans", f.spans);
    m.put("removed", f.removed);
    m.put("benign", f.benign);
    m.put("intact", f.intact);
    return m;
  }
}
