package dev.helpline.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How to start another JVM like this one. */
final class Jvm {
  private Jvm() {}

  /** The java launcher of the running JDK. */
  static List<String> java() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return cmd;
  }

  static String classPath() {
    return System.getProperty("java.class.path");
  }
}
