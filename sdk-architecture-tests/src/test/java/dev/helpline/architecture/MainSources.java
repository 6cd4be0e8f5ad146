package dev.helpline.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every module's main Java sources, samples and benchmarks included, found from the repository root (Maven runs
 * the tests in this module's directory, beside the others).
 */
final class MainSources {
  static final String MAIN = "/src/main/java/";

  private MainSources() {}

  static Path root() {
    return Path.of("").toAbsolutePath().getParent();
  }

  static List<Path> all() throws IOException {
    Path root = root();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root)) {
      sources = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains(MAIN)
          && !p.toString().contains("/target/")).collect(Collectors.toList());
    }
    assertTrue(sources.size() > 300, "the modules' sources were found under " + root + ": " + sources.size());
    return sources;
  }

  /** The module a source file belongs to: its directory under the root. */
  static String moduleOf(Path source) {
    return root().relativize(source).getName(0).toString();
  }

  /** The package a source file declares, read from its place under {@code src/main/java}. */
  static String packageOf(Path source) {
    String s = source.toString();
    String dir = s.substring(s.indexOf(MAIN) + MAIN.length(), s.lastIndexOf('/'));
    return dir.replace('/', '.');
  }
}
