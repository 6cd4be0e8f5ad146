package dev.helpline.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The sdk-core jar and the jars it needs at run time, as a host app ships them. */
final class Sizes {
  private Sizes() {}

  /**
   * @param coreJar the sdk-core jar; looked up in {@code sdk-core/target} when null
   * @param runtimeClasspath a file holding sdk-core's runtime class path (from
   *     {@code mvn dependency:build-classpath -Dmdep.includeScope=runtime}); skipped when null
   */
  static Map<String, Object> measure(@Nullable Path coreJar, @Nullable Path runtimeClasspath) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    Path jar = coreJar != null ? coreJar : findCoreJar();
    if (jar != null) {
      out.put("coreJar", jar.getFileName().toString());
      out.put("coreJarBytes", Files.size(jar));
    }
    if (runtimeClasspath != null) {
      String cp = new String(Files.readAllBytes(runtimeClasspath), StandardCharsets.UTF_8).trim();
      long total = 0;
      Map<String, Object> jars = new LinkedHashMap<>();
      for (String entry : RunAll.splitPath(cp)) {
        Path p = Path.of(entry);
        long size = Files.size(p);
        jars.put(p.getFileName().toString(), size);
        total += size;
      }
      out.put("runtimeDependencyCount", jars.size());
      out.put("runtimeDependencyBytes", total);
      out.put("runtimeDependencies", jars);
    }
    return out;
  }

  private static @Nullable Path findCoreJar() throws IOException {
    Path target = Path.of("sdk-core", "target");
    if (!Files.isDirectory(target)) return null;
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(target, "sdk-core-*.jar")) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (!n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar") && !n.endsWith("-tests.jar")) found.add(p);
      }
    }
    return found.isEmpty() ? null : found.get(0);
  }
}
