package dev.helpline.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@link Redactor#defaults()} over the corpus in {@code src/test/resources/redaction}:
 * {@code positives.tsv} (input, tab, expected output) and {@code negatives.txt} (lines that must
 * come back unchanged). Lines starting with {@code #} are comments.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedactorCorpusTest {
  private static final Redactor REDACTOR = Redactor.defaults();

  static List<Arguments> positives() {
    List<Arguments> cases = new ArrayList<>();
    for (String line : lines("redaction/positives.tsv")) {
      int tab = line.indexOf('\t');
      if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
        throw new IllegalStateException(
            "positives.tsv: expected input<TAB>expected but was: " + line);
      }
      cases.add(Arguments.of(line.substring(0, tab), line.substring(tab + 1)));
    }
    return cases;
  }

  static List<String> negatives() {
    return lines("redaction/negatives.txt");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("positives")
  void redactsPositive(String input, String expected) {
    assertEquals(expected, REDACTOR.redact(input));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("positives")
  void redactingPositiveTwiceEqualsOnce(String input, String expected) {
    String once = REDACTOR.redact(input);
    assertEquals(once, REDACTOR.redact(once));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("negatives")
  void leavesNegativeUnchanged(String input) {
    assertEquals(input, REDACTOR.redact(input));
  }

  @Test
  void corpusIsNotEmpty() {
    assertFalse(positives().size() < 50, "positives.tsv lost its cases");
    assertFalse(negatives().size() < 40, "negatives.txt lost its cases");
  }

  @Test
  void redactsWholeCorpusAsOneText() {
    // One scan over many lines must give the same result as line by line: no state leaks
    // between matches and newlines are boundaries.
    StringBuilder input = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (Arguments a : positives()) {
      input.append(a.get()[0]).append('\n');
      expected.append(a.get()[1]).append('\n');
    }
    for (String negative : negatives()) {
      input.append(negative).append("\r\n");
      expected.append(negative).append("\r\n");
    }
    assertEquals(expected.toString(), REDACTOR.redact(input.toString()));
  }

  private static List<String> lines(String resource) {
    InputStream in = RedactorCorpusTest.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + resource);
    }
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          out.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
