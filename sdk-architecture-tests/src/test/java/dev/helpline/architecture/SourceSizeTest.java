package dev.helpline.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A main source file that outgrows {@value #MAX_LINES} lines does several jobs; split it. Checked over every
 * module's {@code src/main/java}.
 */
class SourceSizeTest {
  static final int MAX_LINES = 500;

  @Test
  void noMainSourceFileExceedsTheLineLimit() throws IOException {
    Path root = MainSources.root();
    StringBuilder tooLong = new StringBuilder();
    for (Path p : MainSources.all()) {
      long lines;
      try (Stream<String> s = Files.lines(p)) {
        lines = s.count();
      }
      if (lines > MAX_LINES) tooLong.append('\n').append(root.relativize(p)).append(": ").append(lines);
    }
    assertTrue(tooLong.length() == 0, "main source files over " + MAX_LINES + " lines:" + tooLong);
  }
}
