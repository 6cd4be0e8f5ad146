package dev.helpline.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A main source file that outgrows {@value #MAX_LINES} lines does several jobs; split it. Checked over every
 * module's {@code src/main/java}, which Maven runs this test beside (the working directory is this module's).
 */
class SourceSizeTest {
  static final int MAX_LINES = 500;

  @Test
  void noMainSourceFileExceedsTheLineLimit() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root)) {
      sources = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
          && !p.toString().contains("/target/")).collect(Collectors.toList());
    }
    assertTrue(sources.size() > 300, "the modules' sources were found under " + root + ": " + sources.size());
    StringBuilder tooLong = new StringBuilder();
    for (Path p : sources) {
      long lines;
      try (Stream<String> s = Files.lines(p)) {
        lines = s.count();
      }
      if (lines > MAX_LINES) tooLong.append('\n').append(root.relativize(p)).append(": ").append(lines);
    }
    assertTrue(tooLong.length() == 0, "main source files over " + MAX_LINES + " lines:" + tooLong);
  }
}
