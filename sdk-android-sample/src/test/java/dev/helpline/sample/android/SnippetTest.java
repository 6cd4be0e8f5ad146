package dev.helpline.sample.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * The Helpline lines of the sample are exactly what the sample's README and the root README show,
 * and there are at most ten of them. SampleTest runs them.
 */
public class SnippetTest {
  private static final Path SOURCES = Paths.get("src/main/java/dev/helpline/sample/android");
  /** The marker line right before the fenced block a README shows the lines in. */
  private static final String README_MARKER = "<!-- the sample's Helpline lines, checked by SnippetTest -->";

  /** The lines between "// helpline:begin" and "// helpline:end", trimmed, in file order. */
  static List<String> snippet() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String file : new String[] {"SampleApplication.java", "MainActivity.java"}) {
      boolean inside = false;
      for (String line : Files.readAllLines(SOURCES.resolve(file), StandardCharsets.UTF_8)) {
        String t = line.trim();
        if (t.equals("// helpline:begin")) {
          inside = true;
        } else if (t.equals("// helpline:end")) {
          inside = false;
        } else if (inside) {
          lines.add(t);
        }
      }
    }
    return lines;
  }

  static List<String> readmeBlock(Path readme) throws IOException {
    List<String> all = Files.readAllLines(readme, StandardCharsets.UTF_8);
    int marker = all.indexOf(README_MARKER);
    assertTrue(readme + " has no line " + README_MARKER, marker >= 0);
    assertEquals(readme + ": a ```java block follows the marker", "```java", all.get(marker + 1).trim());
    List<String> lines = new ArrayList<>();
    for (int i = marker + 2; !all.get(i).trim().equals("```"); i++) {
      String t = all.get(i).trim();
      if (!t.isEmpty() && !t.startsWith("//")) lines.add(t); // comments say where each line goes
    }
    return lines;
  }

  @Test(timeout = 60_000)
  public void theSamplesHelplinePartIsAtMostTenLines() throws IOException {
    List<String> snippet = snippet();
    assertTrue(snippet.toString(), snippet.size() >= 5 && snippet.size() <= 10);
    assertTrue(String.join("\n", snippet), snippet.get(0).startsWith("HelplineAndroid.install("));
  }

  @Test(timeout = 60_000)
  public void bothReadmesShowExactlyTheSamplesLines() throws IOException {
    assertEquals(snippet(), readmeBlock(Paths.get("README.md")));
    assertEquals(snippet(), readmeBlock(Paths.get("../README.md")));
  }

  @Test(timeout = 60_000)
  public void theSamplesOwnJavaCodeStaysUnderTwoHundredLines() throws IOException {
    long lines = 0;
    try (java.util.stream.Stream<Path> files = Files.list(SOURCES)) {
      for (Path p : (Iterable<Path>) files::iterator) lines += Files.readAllLines(p, StandardCharsets.UTF_8).size();
    }
    assertTrue(lines + " lines", lines < 200);
  }
}
