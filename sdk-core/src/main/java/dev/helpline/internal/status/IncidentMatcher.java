package dev.helpline.internal.status;

import dev.helpline.TicketDraft;
import dev.helpline.status.Component;
import dev.helpline.status.Incident;
import dev.helpline.status.StatusSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds active incidents that plausibly concern a ticket draft. An incident matches when the draft's
 * category or a custom field value names one of its components (or their group), when a significant
 * word of the draft's subject or description appears in the incident's name, or when at least two
 * appear in its latest update. Words are compared case-insensitively after dropping stop words,
 * status-page boilerplate and words shorter than three letters, with a light plural/-ing/-ed folding.
 * Component and category names also keep two-letter words that are not stop words, so "US West" and
 * "EU West" stay apart.
 */
public final class IncidentMatcher {
  private static final int MIN_WORD = 3;
  /** Names such as "US West" or "UI" hinge on two-letter words; free text does not. */
  private static final int MIN_NAME_WORD = 2;
  /** "-ed" is stripped only when this much stem remains: "speed" and "need" stay whole. */
  private static final int MIN_ED_STEM = 4;
  private static final int MIN_SHARED_UPDATE_WORDS = 2;

  private static final Set<String> STOP_WORDS = new HashSet<>(Arrays.asList(
      // English function words
      "the", "and", "for", "are", "was", "were", "not", "but", "you", "your", "can", "cannot", "has", "have", "had",
      "our", "all", "any", "get", "got", "now", "out", "see", "may", "one", "how", "why", "who", "its", "did", "does",
      "doe", "use", "using", "with", "this", "that", "these", "those", "from", "into", "when", "what", "where", "which",
      "will", "would", "should", "could", "there", "their", "them", "they", "then", "than", "been", "being", "some",
      "also", "just", "only", "very", "more", "most", "other", "about", "after", "before", "again", "still", "while",
      "each", "both", "such", "here", "over", "under", "because", "since", "until", "able", "unable", "dont", "doesnt",
      "cant", "wont", "isnt", "work", "working", "anymore", "please", "help", "thank", "thanks", "hello", "hi",
      "app", "application", "problem", "trying", "tried", "seem", "seems", "today", "time", "times", "like",
      // status page boilerplate
      "investigating", "investigate", "identified", "identify", "monitoring", "monitor", "resolved", "resolve",
      "issue", "issues", "incident", "incidents", "user", "users", "customer", "customers", "fix", "fixed",
      "implemented", "implement", "currently", "experiencing", "experience", "affected", "affecting", "impact",
      "impacted", "update", "updates", "result", "results", "elevated", "looking", "team", "service", "services",
      "some", "subset", "continue", "continuing", "provide", "progress", "cause", "root", "degraded", "performance",
      "partial", "outage", "major", "minor", "minute", "minutes", "hour", "hours", "apologize", "inconvenience",
      // two-letter function words, which only names keep ("us" is not here: it names a region)
      "am", "an", "as", "at", "be", "by", "do", "go", "if", "in", "is", "it", "me", "my", "no", "of", "on", "or",
      "so", "to", "up", "we"));

  private IncidentMatcher() {}

  public static List<Incident> match(StatusSnapshot snapshot, TicketDraft draft) {
    List<Incident> active = snapshot.activeIncidents();
    if (active.isEmpty()) return Collections.emptyList();

    List<Set<String>> namedComponents = new ArrayList<>();
    if (draft.category() != null) addNonEmpty(namedComponents, words(draft.category(), MIN_NAME_WORD));
    for (Map.Entry<String, String> field : draft.customFields().entrySet()) {
      addNonEmpty(namedComponents, words(field.getValue(), MIN_NAME_WORD));
    }
    Set<String> draftWords = words(draft.subject() + " " + draft.description());

    List<Incident> byComponent = new ArrayList<>();
    List<Incident> byWords = new ArrayList<>();
    for (Incident incident : active) {
      if (namesComponent(snapshot, incident, namedComponents)) {
        byComponent.add(incident);
      } else if (sharesWords(incident, draftWords)) {
        byWords.add(incident);
      }
    }
    List<Incident> result = new ArrayList<>(byComponent);
    result.addAll(byWords);
    return Collections.unmodifiableList(result);
  }

  private static void addNonEmpty(List<Set<String>> into, Set<String> words) {
    if (!words.isEmpty()) into.add(words);
  }

  private static boolean namesComponent(StatusSnapshot snapshot, Incident incident, List<Set<String>> named) {
    if (named.isEmpty()) return false;
    Set<String> candidates = new LinkedHashSet<>(incident.components());
    for (Component c : snapshot.components()) {
      if (c.group() != null && incident.components().contains(c.name())) candidates.add(c.group());
    }
    for (String component : candidates) {
      Set<String> componentWords = words(component, MIN_NAME_WORD);
      if (componentWords.isEmpty()) continue;
      for (Set<String> value : named) {
        if (value.containsAll(componentWords) || componentWords.containsAll(value)) return true;
      }
    }
    return false;
  }

  private static boolean sharesWords(Incident incident, Set<String> draftWords) {
    if (draftWords.isEmpty()) return false;
    for (String w : words(incident.name())) {
      if (draftWords.contains(w)) return true;
    }
    int shared = 0;
    for (String w : words(incident.latestUpdatePlainText())) {
      if (draftWords.contains(w) && ++shared >= MIN_SHARED_UPDATE_WORDS) return true;
    }
    return false;
  }

  /** Significant words of free text, lower-cased and folded. */
  static Set<String> words(String text) {
    return words(text, MIN_WORD);
  }

  /** Significant words of at least {@code minLength} letters, lower-cased and folded. */
  private static Set<String> words(String text, int minLength) {
    Set<String> out = new LinkedHashSet<>();
    String lower = text.toLowerCase(Locale.ROOT);
    int i = 0;
    int n = lower.length();
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(lower.charAt(i))) i++;
      int start = i;
      while (i < n && (Character.isLetterOrDigit(lower.charAt(i)) || lower.charAt(i) == '\'')) i++;
      if (start == i) continue;
      String word = lower.substring(start, i).replace("'", "");
      if (word.length() < minLength || STOP_WORDS.contains(word)) continue;
      String folded = fold(word);
      if (folded.length() < minLength || STOP_WORDS.contains(folded)) continue;
      out.add(folded);
    }
    return out;
  }

  private static String fold(String w) {
    if (w.length() > 5 && w.endsWith("ing")) return w.substring(0, w.length() - 3);
    if (w.length() - 2 >= MIN_ED_STEM && w.endsWith("ed")) return w.substring(0, w.length() - 2);
    if (w.length() > 4 && w.endsWith("es") && (w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes"))) {
      return w.substring(0, w.length() - 2);
    }
    if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) return w.substring(0, w.length() - 1);
    return w;
  }
}
