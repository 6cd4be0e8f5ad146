package dev.helpline.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP connector's builder offers the options all of them share, with the same names and types, so a host
 * that moves from one desk to another keeps its settings. A builder is an HTTP connector's when it keeps its options
 * in sdk-core's {@code ConnectorHttp}, which validates them all in one place; the setters only delegate to it.
 */
class ConnectorBuildersTest {
  /** The shared options: setter name and parameter types. */
  static final Set<String> SHARED = Set.of(
      "okHttpClient(okhttp3.OkHttpClient)",
      "okHttpClient(java.util.function.Supplier)",
      "callTimeout(java.time.Duration)",
      "connectTimeout(java.time.Duration)",
      "readTimeout(java.time.Duration)",
      "writeTimeout(java.time.Duration)",
      "maxResponseBytes(long)",
      "userAgent(java.lang.String)",
      "clock(java.time.Clock)");

  @Test
  void everyHttpConnectorBuilderOffersTheSharedOptions() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.helpline");
    Map<String, Set<String>> missing = new TreeMap<>();
    int builders = 0;
    for (JavaClass c : classes) {
      if (!c.getSimpleName().equals("Builder") || !c.getModifiers().contains(JavaModifier.PUBLIC)) continue;
      boolean http = c.getFields().stream()
          .anyMatch(f -> f.getRawType().getName().equals("dev.helpline.internal.http.ConnectorHttp"));
      if (!http) continue;
      builders++;
      Set<String> offered = c.getMethods().stream()
          .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC) && m.getRawReturnType().equals(c))
          .map(ConnectorBuildersTest::signature)
          .collect(Collectors.toCollection(TreeSet::new));
      Set<String> lacking = new TreeSet<>(SHARED);
      lacking.removeAll(offered);
      if (!lacking.isEmpty()) missing.put(c.getName(), lacking);
    }
    assertTrue(builders >= 5, "HTTP connector builders found: " + builders);
    assertEquals(Map.of(), missing, "builders without a shared option");
  }

  private static String signature(JavaMethod m) {
    List<String> params = m.getRawParameterTypes().stream().map(JavaClass::getName).collect(Collectors.toList());
    return m.getName() + "(" + String.join(", ", params) + ")";
  }
}
