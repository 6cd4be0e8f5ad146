package dev.helpline.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The text summary of {@link Diagnostics} for desks that show only text: a line each for the
 * well-known sections (with any keys of theirs the line does not show), one per other section, and
 * the failed providers; at most
 * {@value #MAX_SUMMARY_LINES} lines of at most {@value #MAX_SUMMARY_LINE_LENGTH} characters. When the
 * sections do not fit, the last section lines give way to one that counts them; the failed providers' line
 * is always kept, last.
 */
final class DiagnosticsSummary {
  private static final long MIB = 1024L * 1024L;
  static final int MAX_SUMMARY_LINES = 15;
  static final int MAX_SUMMARY_LINE_LENGTH = 160;

  private DiagnosticsSummary() {}

  /** The summary of {@code d}. */
  static String of(Diagnostics d) {
    List<String> lines = new ArrayList<>();
    Map<String, Object> app = d.sections().get("app");
    if (app != null) {
      String build = str(app, "build");
      add(lines, "app", app, "App: " + join(str(app, "name"), str(app, "version")) + (build != null ? " (" + build + ")" : ""));
    }
    Map<String, Object> os = d.sections().get("os");
    if (os != null) {
      String arch = str(os, "arch");
      add(lines, "os", os, "OS: " + join(str(os, "name"), str(os, "version")) + (arch != null ? " (" + arch + ")" : ""));
    }
    Map<String, Object> rt = d.sections().get("runtime");
    if (rt != null) {
      StringBuilder s = new StringBuilder("Runtime: ").append(join(str(rt, "vendor"), str(rt, "version")));
      String vm = str(rt, "vmName");
      if (vm != null) s.append(" (").append(vm).append(')');
      String api = str(rt, "androidApiLevel");
      if (api != null) s.append(", Android API ").append(api);
      String cpus = str(rt, "cpuCount");
      if (cpus != null) s.append(", ").append(cpus).append(" CPUs");
      add(lines, "runtime", rt, s.toString());
    }
    Map<String, Object> locale = d.sections().get("locale");
    if (locale != null) {
      String offset = str(locale, "utcOffset");
      add(lines, "locale", locale, "Locale: " + joinWith(", ", str(locale, "locale"), str(locale, "timeZone"))
          + (offset != null ? " (UTC" + offset + ")" : ""));
    }
    Map<String, Object> memory = d.sections().get("memory");
    if (memory != null) {
      Long used = num(memory, "heapUsedBytes");
      Long max = num(memory, "heapMaxBytes");
      add(lines, "memory", memory, used == null ? null
          : "Memory: heap " + (used / MIB) + "/" + (max != null ? String.valueOf(max / MIB) : "?") + " MiB");
    }
    Map<String, Object> disk = d.sections().get("disk");
    if (disk != null) {
      Long usable = num(disk, "usableBytes");
      Long total = num(disk, "totalBytes");
      add(lines, "disk", disk, usable == null || total == null ? null
          : "Disk: " + (usable / MIB) + " MiB free of " + (total / MIB) + " MiB");
    }
    Map<String, Object> process = d.sections().get("process");
    if (process != null) {
      Long uptime = num(process, "uptimeMs");
      Long pid = num(process, "pid");
      Long physFree = num(process, "physicalMemoryFreeBytes");
      Long physTotal = num(process, "physicalMemoryTotalBytes");
      StringBuilder s = new StringBuilder("Process:");
      if (pid != null) s.append(" pid ").append(pid);
      if (uptime != null) s.append(pid != null ? "," : "").append(" up ").append(uptime / 1000).append(" s");
      if (physFree != null && physTotal != null) {
        s.append(s.length() > "Process:".length() ? "," : "")
            .append(" device memory ").append(physFree / MIB).append(" MiB free of ").append(physTotal / MIB).append(" MiB");
      }
      add(lines, "process", process, s.length() > "Process:".length() ? s.toString() : null);
    }
    for (Map.Entry<String, Map<String, Object>> section : d.sections().entrySet()) {
      if (WELL_KNOWN.containsKey(section.getKey()) || section.getValue().isEmpty()) continue;
      lines.add(capitalize(section.getKey()) + ": " + values(section.getValue(), List.of()));
    }
    // The failed providers are always shown: sections give way to them.
    int room = d.failures().isEmpty() ? MAX_SUMMARY_LINES : MAX_SUMMARY_LINES - 1;
    if (lines.size() > room) {
      int more = lines.size() - (room - 1);
      lines.subList(room - 1, lines.size()).clear();
      lines.add("… " + more + " more sections in the attached diagnostics");
    }
    if (!d.failures().isEmpty()) {
      StringBuilder s = new StringBuilder("Failed: ");
      for (int i = 0; i < d.failures().size(); i++) {
        if (i > 0) s.append("; ");
        s.append(d.failures().get(i).provider()).append(" (").append(d.failures().get(i).error()).append(')');
      }
      lines.add(s.toString());
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = oneLine(lines.get(i));
      if (line.length() > MAX_SUMMARY_LINE_LENGTH) {
        int cut = MAX_SUMMARY_LINE_LENGTH - 1;
        if (Character.isHighSurrogate(line.charAt(cut - 1))) cut--;
        line = line.substring(0, cut) + "…";
      }
      if (i > 0) out.append('\n');
      out.append(line);
    }
    return out.toString();
  }

  /** Values may hold line breaks or other control characters; a summary line must stay one line. */
  private static String oneLine(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        if (out == null) out = new StringBuilder(s.length()).append(s, 0, i);
        out.append(' ');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out != null ? out.toString() : s;
  }

  /** The well-known sections and the keys their own lines show (or, for the disk, stand behind). */
  private static final Map<String, List<String>> WELL_KNOWN = Map.of(
      "app", List.of("name", "version", "build"),
      "os", List.of("name", "version", "arch"),
      "runtime", List.of("vendor", "version", "vmName", "androidApiLevel", "cpuCount"),
      "locale", List.of("locale", "timeZone", "utcOffset"),
      "memory", List.of("heapUsedBytes", "heapFreeBytes", "heapTotalBytes", "heapMaxBytes"),
      "disk", List.of("exists", "freeBytes", "usableBytes", "totalBytes"),
      "process", List.of("uptimeMs", "pid", "physicalMemoryTotalBytes", "physicalMemoryFreeBytes"));

  /**
   * Adds the line of a well-known section, followed by the values its line does not show (a host provider of
   * the same name may have merged its own keys in); without such a line, the section shows like any other.
   */
  private static void add(List<String> lines, String name, Map<String, Object> section, @Nullable String line) {
    if (line == null) {
      if (!section.isEmpty()) lines.add(capitalize(name) + ": " + values(section, List.of()));
      return;
    }
    String rest = values(section, WELL_KNOWN.get(name));
    lines.add(rest.isEmpty() ? line : line + ", " + rest);
  }

  /** {@code key=value} for each key of {@code section} not in {@code except}, joined with commas. */
  private static String values(Map<String, Object> section, List<String> except) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, Object> e : section.entrySet()) {
      if (except.contains(e.getKey())) continue;
      if (s.length() > 0) s.append(", ");
      s.append(e.getKey()).append('=').append(e.getValue());
    }
    return s.toString();
  }

  private static @Nullable String str(Map<String, Object> section, String key) {
    Object v = section.get(key);
    return v != null ? String.valueOf(v) : null;
  }

  private static @Nullable Long num(Map<String, Object> section, String key) {
    Object v = section.get(key);
    return v instanceof Long ? (Long) v : null;
  }

  private static String join(@Nullable String a, @Nullable String b) {
    return joinWith(" ", a, b);
  }

  private static String joinWith(String separator, @Nullable String a, @Nullable String b) {
    if (a == null) return b != null ? b : "?";
    return b == null ? a : a + separator + b;
  }

  private static String capitalize(String s) {
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
