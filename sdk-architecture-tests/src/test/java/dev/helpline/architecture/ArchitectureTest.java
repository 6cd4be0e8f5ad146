package dev.helpline.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundary, enforced on the compiled main classes of every library module. {@code dev.helpline.*} is
 * API; {@code dev.helpline.internal.*} belongs to sdk-core and is reached from other modules only where
 * {@link #GRANTS} says so, as OkHttp's module descriptor grants {@code okhttp3.internal.*} to its siblings.
 */
class ArchitectureTest {
  /** sdk-core's internal packages each other module may use; a module not listed may use none. */
  static final Map<String, Set<String>> GRANTS = Map.of(
      "sdk-connector-rt", Set.of("http", "json", "text"),
      "sdk-connector-zendesk", Set.of("http", "json", "text"),
      "sdk-connector-freshdesk", Set.of("connector", "http", "json", "text"),
      "sdk-connector-jsm", Set.of("connector", "http", "json", "text"),
      "sdk-connector-email", Set.of("http"),
      "sdk-android", Set.of("text"),
      "sdk-server", Set.of("text"));

  /** At most this many public top-level types in sdk-core outside internal packages. */
  static final int CORE_PUBLIC_TYPES_MAX = 45;

  private static final Pattern MODULE = Pattern.compile("/(sdk-[a-z0-9-]+)/(?:target/|[0-9][^/]*/)");
  private static final Pattern CORE_INTERNAL = Pattern.compile("dev\\.helpline\\.internal\\.([a-z0-9]+).*");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.helpline");
    assertTrue(classes.size() > 200, "the library modules' classes were found: " + classes.size());
  }

  static String moduleOf(JavaClass c) {
    String uri = c.getSource().map(s -> s.getUri().toString()).orElse("");
    Matcher m = MODULE.matcher(uri);
    return m.find() ? m.group(1) : "unknown:" + uri;
  }

  private static boolean isInternal(JavaClass c) {
    return c.getPackageName().contains(".internal");
  }

  private static boolean isApi(JavaClass c) {
    return !isInternal(c) && c.getModifiers().contains(JavaModifier.PUBLIC)
        && (c.getEnclosingClass().isEmpty() || isApi(c.getEnclosingClass().get()));
  }

  @Test
  void publicApiNeverExposesAnInternalType() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : classes) {
      if (!isApi(c)) continue;
      c.getRawSuperclass().filter(ArchitectureTest::isInternal)
          .ifPresent(s -> violations.add(c.getName() + " extends " + s.getName()));
      for (JavaClass i : c.getRawInterfaces()) {
        if (isInternal(i)) violations.add(c.getName() + " implements " + i.getName());
      }
      for (JavaCodeUnit u : c.getCodeUnits()) {
        Set<JavaModifier> mods = u.getModifiers();
        if (!mods.contains(JavaModifier.PUBLIC) && !mods.contains(JavaModifier.PROTECTED)) continue;
        if (isInternal(u.getRawReturnType())) violations.add(u.getFullName() + " returns " + u.getRawReturnType().getName());
        for (JavaClass p : u.getRawParameterTypes()) {
          if (isInternal(p)) violations.add(u.getFullName() + " takes " + p.getName());
        }
      }
      for (JavaField f : c.getFields()) {
        Set<JavaModifier> mods = f.getModifiers();
        if ((mods.contains(JavaModifier.PUBLIC) || mods.contains(JavaModifier.PROTECTED)) && isInternal(f.getRawType())) {
          violations.add(f.getFullName() + " is of " + f.getRawType().getName());
        }
      }
    }
    assertTrue(violations.isEmpty(), "public API exposes internal types:\n" + String.join("\n", violations));
  }

  @Test
  void modulesReachOnlyTheInternalPackagesTheyAreGranted() {
    Set<String> violations = new TreeSet<>();
    for (JavaClass c : classes) {
      String module = moduleOf(c);
      if (module.equals("sdk-core")) continue;
      Set<String> granted = GRANTS.getOrDefault(module, Set.of());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        Matcher m = CORE_INTERNAL.matcher(d.getTargetClass().getName());
        if (m.matches() && !granted.contains(m.group(1))) {
          violations.add(module + ": " + c.getName() + " uses " + d.getTargetClass().getName());
        }
      }
    }
    assertTrue(violations.isEmpty(), "modules reach internals they were not granted:\n" + String.join("\n", violations));
  }

  /** Over every module's sources, samples and benchmarks included, not only the library modules on this classpath. */
  @Test
  void noPackageIsSplitAcrossModules() throws IOException {
    Map<String, Set<String>> modulesByPackage = new TreeMap<>();
    for (Path source : MainSources.all()) {
      modulesByPackage.computeIfAbsent(MainSources.packageOf(source), p -> new TreeSet<>())
          .add(MainSources.moduleOf(source));
    }
    List<String> split = new ArrayList<>();
    modulesByPackage.forEach((p, modules) -> {
      if (modules.size() > 1) split.add(p + " in " + modules);
    });
    assertTrue(split.isEmpty(), "split packages:\n" + String.join("\n", split));
  }

  /**
   * Features form no cycles. A feature is a public package together with its internal twin
   * ({@code dev.helpline.status} and {@code dev.helpline.internal.status} are one feature), since a public facade
   * and its internals naturally call each other. The client's entry points ({@code Helpline} and its builder) are
   * the composition root: they wire every feature together, so their own dependencies are not counted.
   */
  @Test
  void featuresFormNoCycles() {
    slices().assignedFrom(FEATURES)
        .should().beFreeOfCycles()
        .ignoreDependency(DescribedPredicate.describe("the composition root (Helpline and its builder)",
            c -> c.getName().startsWith("dev.helpline.Helpline")),
            DescribedPredicate.alwaysTrue())
        .check(classes);
  }

  private static final SliceAssignment FEATURES = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      String p = c.getPackageName();
      if (!p.startsWith("dev.helpline")) return SliceIdentifier.ignore();
      // The public diagnostics types are values of the model (a Preview carries its Diagnostics).
      if (p.equals("dev.helpline") || p.equals("dev.helpline.internal") || p.equals("dev.helpline.diagnostics")) {
        return SliceIdentifier.of("model");
      }
      String rest = p.substring("dev.helpline.".length());
      boolean internal = rest.startsWith("internal.");
      if (internal) rest = rest.substring("internal.".length());
      String[] parts = rest.split("\\.");
      // Each connector is a plug-in of its own, apart from the SPI in dev.helpline.connector.
      if (!internal && parts[0].equals("connector") && parts.length > 1) return SliceIdentifier.of("connector." + parts[1]);
      return SliceIdentifier.of(parts[0]);
    }

    @Override
    public String getDescription() {
      return "features of dev.helpline (a package with its internal twin)";
    }
  };

  @Test
  void coreKeepsASmallPublicApi() {
    List<String> api = new ArrayList<>();
    for (JavaClass c : classes) {
      if (moduleOf(c).equals("sdk-core") && c.isTopLevelClass() && isApi(c)) api.add(c.getName());
    }
    api.sort(null);
    assertTrue(api.size() <= CORE_PUBLIC_TYPES_MAX, api.size() + " public top-level types in sdk-core (at most "
        + CORE_PUBLIC_TYPES_MAX + "):\n" + String.join("\n", api));
  }
}
