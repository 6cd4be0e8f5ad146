package dev.helpline.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code sdk-bom} manages every library module of the build, so a host that imports it can add any of them without a
 * version. A module is an application (a sample, a test or benchmark suite), not a library, when its POM sets
 * {@code helpline.application}; the BOM lists exactly the others.
 */
class BomTest {
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(sdk-[^<]+)</artifactId>");

  @Test
  void theBomManagesEveryLibraryModuleAndNothingElse() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    TreeSet<String> libraries = new TreeSet<>();
    for (String module : matches(MODULE, Files.readString(root.resolve("pom.xml")))) {
      String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
      if (!module.equals("sdk-bom") && !pom.contains("<helpline.application>true</helpline.application>")) {
        libraries.add(module);
      }
    }
    assertTrue(libraries.contains("sdk-core") && libraries.contains("sdk-android"), "modules found: " + libraries);
    String bom = Files.readString(root.resolve("sdk-bom").resolve("pom.xml"));
    TreeSet<String> managed = new TreeSet<>(matches(ARTIFACT, bom.substring(bom.indexOf("<dependencyManagement>"))));
    assertEquals(libraries, managed);
  }

  private static List<String> matches(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) found.add(m.group(1).trim());
    return found;
  }
}
