package dev.helpline.diagnostics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labelled redaction corpus in {@code src/test/resources/redaction-corpus/} and its score.
 *
 * <p>Each line is {@code FAMILY<TAB>TEXT}. In TEXT, {@code ⟦…⟧} marks a span that must be removed
 * whole, {@code ␤} stands for a line break and {@code ␉} for a tab. A case without marks is benign:
 * it must come back unchanged. Families starting with {@code benign-} hold only benign cases.
 *
 * <p>A span counts as removed when no run of {@value #WINDOW} of its characters (the whole span if
 * shorter) survives in the output, other than runs that also occur in the case's unmarked text. A
 * benign case is intact when the output equals the input. For cases with spans the unmarked text
 * around them is reported too ("context kept"): each unmarked segment must survive, in order.
 *
 * <p>Used by the corpus test in sdk-core and by the benchmark report in sdk-benchmarks (through
 * sdk-core's test jar), so both print the same figures.
 */
public final class RedactionCorpus {
  /** The corpus files, read from the class path under {@code redaction-corpus/}. */
  public static final List<String> FILES =
      Collections.unmodifiableList(java.util.Arrays.asList(
          "secrets.tsv", "personal.tsv", "benign.tsv", "heldout.tsv", "real-logs.tsv"));

  static final int WINDOW = 6;
  private static final char OPEN = '⟦';
  private static final char CLOSE = '⟧';

  private RedactionCorpus() {}

  /** One labelled case. */
  public static final class Case {
    public final String family;
    /** Where the case comes from, as {@code file:line}. */
    public final String source;
    /** The text given to the redactor. */
    public final String input;
    /** The spans that must go, as substrings of {@link #input}. */
    public final List<String> spans;
    /** {@link #input} with every span replaced by U+0000: the text that must stay. */
    final String context;
    /** The unmarked segments between spans, in order (empty ones left out). */
    final List<String> segments;

    Case(String family, String source, String input, List<String> spans, String context,
        List<String> segments) {
      this.family = family;
      this.source = source;
      this.input = input;
      this.spans = spans;
      this.context = context;
      this.segments = segments;
    }

    public boolean benign() {
      return spans.isEmpty();
    }

    @Override
    public String toString() {
      return source + " [" + family + "]";
    }
  }

  /** Every case of every file, in file order. */
  public static List<Case> load() {
    List<Case> cases = new ArrayList<>();
    for (String file : FILES) {
      String resource = "redaction-corpus/" + file;
      InputStream in = RedactionCorpus.class.getClassLoader().getResourceAsStream(resource);
      if (in == null) {
        throw new IllegalStateException("missing corpus resource " + resource);
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        int number = 0;
        while ((line = r.readLine()) != null) {
          number++;
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          cases.add(parse(file + ":" + number, line));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cases;
  }

  static Case parse(String source, String line) {
    int tab = line.indexOf('\t');
    if (tab <= 0) {
      throw new IllegalArgumentException(source + ": expected FAMILY<TAB>TEXT but was: " + line);
    }
    String family = line.substring(0, tab);
    String marked = line.substring(tab + 1).replace('␤', '\n').replace('␉', '\t');
    StringBuilder input = new StringBuilder();
    StringBuilder context = new StringBuilder();
    List<String> spans = new ArrayList<>();
    List<String> segments = new ArrayList<>();
    StringBuilder segment = new StringBuilder();
    int i = 0;
    while (i < marked.length()) {
      char c = marked.charAt(i);
      if (c == CLOSE) {
        throw new IllegalArgumentException(source + ": " + CLOSE + " without " + OPEN);
      }
      if (c != OPEN) {
        input.append(c);
        context.append(c);
        segment.append(c);
        i++;
        continue;
      }
      int close = marked.indexOf(CLOSE, i + 1);
      int nested = marked.indexOf(OPEN, i + 1);
      if (close < 0 || (nested >= 0 && nested < close) || close == i + 1) {
        throw new IllegalArgumentException(source + ": unbalanced or empty " + OPEN + "…" + CLOSE);
      }
      String span = marked.substring(i + 1, close);
      spans.add(span);
      input.append(span);
      context.append('\u0000');
      if (segment.length() > 0) {
        segments.add(segment.toString());
        segment.setLength(0);
      }
      i = close + 1;
    }
    if (segment.length() > 0) {
      segments.add(segment.toString());
    }
    if (family.startsWith("benign-") && !spans.isEmpty()) {
      throw new IllegalArgumentException(source + ": a benign- family case has marked spans");
    }
    return new Case(family, source, input.toString(), Collections.unmodifiableList(spans),
        context.toString(), Collections.unmodifiableList(segments));
  }

  /** Whether {@code span} of case {@code c} survives, wholly or in part, in {@code output}. */
  static boolean leaks(Case c, String span, String output) {
    int w = Math.min(WINDOW, span.length());
    for (int i = 0; i + w <= span.length(); i++) {
      String run = span.substring(i, i + w);
      if (output.contains(run) && !c.context.contains(run)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every unmarked segment of {@code c} survives in {@code output}, in order. */
  static boolean contextKept(Case c, String output) {
    int from = 0;
    for (String segment : c.segments) {
      int at = output.indexOf(segment, from);
      if (at < 0) {
        return false;
      }
      from = at + segment.length();
    }
    return true;
  }

  /** Figures for one family (or the total). */
  public static final class FamilyScore {
    public final String family;
    public int cases;
    public int spans;
    public int removed;
    public int benign;
    public int intact;
    public int withSpans;
    public int contextKept;

    FamilyScore(String family) {
      this.family = family;
    }

    /** Share of must-go spans fully removed; 1 when the family has none. */
    public double recall() {
      return spans == 0 ? 1 : (double) removed / spans;
    }

    /** Share of benign cases changed; 0 when the family has none. */
    public double damage() {
      return benign == 0 ? 0 : 1 - (double) intact / benign;
    }

    /** Share of cases with spans whose unmarked text survived; 1 when there are none. */
    public double contextKeptShare() {
      return withSpans == 0 ? 1 : (double) contextKept / withSpans;
    }

    void add(FamilyScore o) {
      cases += o.cases;
      spans += o.spans;
      removed += o.removed;
      benign += o.benign;
      intact += o.intact;
      withSpans += o.withSpans;
      contextKept += o.contextKept;
    }
  }

  /** The score of one redactor over the whole corpus. */
  public static final class Score {
    /** Per family, sorted by name. */
    public final Map<String, FamilyScore> families;
    public final FamilyScore total;
    /** One line per leaked span, damaged benign case or lost context, for diagnosis. */
    public final List<String> misses;

    Score(Map<String, FamilyScore> families, FamilyScore total, List<String> misses) {
      this.families = Collections.unmodifiableMap(families);
      this.total = total;
      this.misses = Collections.unmodifiableList(misses);
    }

    /** A Markdown table: one row per family, then the total. */
    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append("| Family | Cases | Must-go spans | Removed | Recall | Benign cases | Changed | Damage"
          + " | Context kept |\n");
      sb.append("|---|---|---|---|---|---|---|---|---|\n");
      for (FamilyScore f : families.values()) {
        row(sb, f.family, f);
      }
      row(sb, "**all**", total);
      return sb.toString();
    }

    private static void row(StringBuilder sb, String name, FamilyScore f) {
      sb.append("| ").append(name).append(" | ").append(f.cases).append(" | ")
          .append(f.spans == 0 ? "" : Integer.toString(f.spans)).append(" | ")
          .append(f.spans == 0 ? "" : Integer.toString(f.removed)).append(" | ")
          .append(f.spans == 0 ? "" : percent(f.recall())).append(" | ")
          .append(f.benign == 0 ? "" : Integer.toString(f.benign)).append(" | ")
          .append(f.benign == 0 ? "" : Integer.toString(f.benign - f.intact)).append(" | ")
          .append(f.benign == 0 ? "" : percent(f.damage())).append(" | ")
          .append(f.withSpans == 0 ? "" : percent(f.contextKeptShare())).append(" |\n");
    }
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** Runs {@code redactor} over every case. */
  public static Score score(Redactor redactor) {
    return score(redactor, load());
  }

  static Score score(Redactor redactor, List<Case> cases) {
    Map<String, FamilyScore> families = new TreeMap<>();
    List<String> misses = new ArrayList<>();
    for (Case c : cases) {
      FamilyScore f = families.computeIfAbsent(c.family, FamilyScore::new);
      String output = redactor.redact(c.input);
      f.cases++;
      if (c.benign()) {
        f.benign++;
        if (output.equals(c.input)) {
          f.intact++;
        } else {
          misses.add(c + " changed: " + show(output));
        }
        continue;
      }
      f.withSpans++;
      for (String span : c.spans) {
        f.spans++;
        if (leaks(c, span, output)) {
          misses.add(c + " leaked " + show(span) + " in: " + show(output));
        } else {
          f.removed++;
        }
      }
      if (contextKept(c, output)) {
        f.contextKept++;
      } else {
        misses.add(c + " lost context: " + show(output));
      }
    }
    FamilyScore total = new FamilyScore("all");
    for (FamilyScore f : families.values()) {
      total.add(f);
    }
    return new Score(families, total, misses);
  }

  private static String show(String s) {
    String oneLine = s.replace("\n", "␤").replace("\t", "␉");
    return oneLine.length() > 240 ? oneLine.substring(0, 240) + "…" : oneLine;
  }
}
