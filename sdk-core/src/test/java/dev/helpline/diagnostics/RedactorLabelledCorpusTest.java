package dev.helpline.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scores {@link Redactor#defaults()} on the labelled corpus ({@link RedactionCorpus}), prints
 * recall and damage per family, and holds the goals: at least 97% of must-go spans removed whole,
 * at least 98% of benign cases unchanged, and a floor for every family so that a strong family
 * cannot hide a weak one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedactorLabelledCorpusTest {
  static final double RECALL_GOAL = 0.97;
  static final double INTACT_GOAL = 0.98;
  static final double FAMILY_RECALL_FLOOR = 0.90;
  static final double FAMILY_DAMAGE_CEILING = 0.10;
  static final double CONTEXT_KEPT_GOAL = 0.95;

  /** Every family the corpus must cover, so that dropping one is a visible change. */
  static final List<String> FAMILIES = Arrays.asList(
      "aws", "bearer", "card", "cli", "config-file", "device-id", "email", "homedir", "iban", "ip",
      "json-escaped", "jwt", "location", "ssn",
      "password-spaces", "pem", "phone-cn", "phone-intl", "phone-ru", "provider-token",
      "ru-account", "session-cookie", "token-key", "url-credentials", "webhook", "xml-config", "bare-key",
      "benign-identifier", "benign-key", "benign-misc", "benign-order", "benign-port", "benign-price",
      "benign-prose-ru", "benign-sha", "benign-timestamp", "benign-url", "benign-uuid",
      "benign-version");

  private static RedactionCorpus.Score score;

  @BeforeAll
  static void scoreOnce() {
    score = RedactionCorpus.score(Redactor.defaults());
    System.out.println("Redaction corpus, Redactor.defaults():");
    System.out.println(score.table());
    for (String miss : score.misses) {
      System.out.println("  " + miss);
    }
  }

  @Test
  void corpusHasEnoughCasesInEveryFamily() {
    List<RedactionCorpus.Case> cases = RedactionCorpus.load();
    assertTrue(cases.size() >= 300, "corpus has only " + cases.size() + " cases");
    assertEquals(FAMILIES.stream().sorted().collect(java.util.stream.Collectors.toList()),
        new ArrayList<>(score.families.keySet()));
    for (RedactionCorpus.FamilyScore f : score.families.values()) {
      assertTrue(f.cases >= 5, f.family + " has only " + f.cases + " cases");
    }
  }

  @Test
  void overallRecallMeetsGoal() {
    assertTrue(score.total.recall() >= RECALL_GOAL, "recall " + RedactionCorpus.percent(
        score.total.recall()) + " below " + RedactionCorpus.percent(RECALL_GOAL) + "\n"
        + score.table());
  }

  @Test
  void overallBenignTextStaysIntact() {
    double intact = 1 - score.total.damage();
    assertTrue(intact >= INTACT_GOAL, "benign intact " + RedactionCorpus.percent(intact)
        + " below " + RedactionCorpus.percent(INTACT_GOAL) + "\n" + score.table());
  }

  @Test
  void everyFamilyMeetsItsFloor() {
    List<String> below = new ArrayList<>();
    for (RedactionCorpus.FamilyScore f : score.families.values()) {
      if (f.recall() < FAMILY_RECALL_FLOOR) {
        below.add(f.family + " recall " + RedactionCorpus.percent(f.recall()));
      }
      if (f.damage() > FAMILY_DAMAGE_CEILING) {
        below.add(f.family + " damage " + RedactionCorpus.percent(f.damage()));
      }
    }
    assertTrue(below.isEmpty(), below + "\n" + score.table());
  }

  @Test
  void textAroundRemovedSpansSurvives() {
    assertTrue(score.total.contextKeptShare() >= CONTEXT_KEPT_GOAL,
        "context kept " + RedactionCorpus.percent(score.total.contextKeptShare()) + "\n"
            + score.table());
  }

  @Test
  void redactingCorpusTwiceEqualsOnce() {
    Redactor r = Redactor.defaults();
    for (RedactionCorpus.Case c : RedactionCorpus.load()) {
      String once = r.redact(c.input);
      assertEquals(once, r.redact(once), c.toString());
    }
  }

  @Test
  void scoringCountsPartialLeaksAndDamage() {
    // The scorer itself: a half-removed token is a leak, a changed benign case is damage.
    RedactionCorpus.Case secret = RedactionCorpus.parse("t:1", "x\tkey ⟦abcdefghijkl⟧ end");
    RedactionCorpus.Case benign = RedactionCorpus.parse("t:2", "benign-x\tversion 1.2.3.4");
    Redactor halfway = Redactor.disabled().toBuilder()
        .addPattern("cut", java.util.regex.Pattern.compile("abcdef"))
        .addPattern("v", java.util.regex.Pattern.compile("1\\.2"))
        .build();
    RedactionCorpus.Score s = RedactionCorpus.score(halfway, Arrays.asList(secret, benign));
    assertEquals(0, s.total.removed);
    assertEquals(1, s.total.benign - s.total.intact);
    Redactor whole = Redactor.disabled().toBuilder()
        .addPattern("cut", java.util.regex.Pattern.compile("abcdefghijkl"))
        .build();
    s = RedactionCorpus.score(whole, Arrays.asList(secret, benign));
    assertEquals(1, s.total.removed);
    assertEquals(1, s.total.intact);
    assertEquals(1, s.total.contextKept);
    assertThrows(IllegalArgumentException.class,
        () -> RedactionCorpus.parse("t:3", "benign-x\tbad ⟦marked⟧"));
    assertThrows(IllegalArgumentException.class, () -> RedactionCorpus.parse("t:4", "x\topen ⟦"));
  }
}
