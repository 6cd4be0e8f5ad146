package dev.helpline.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Keeps the median of harness runs repeated in one benchmark run. On a shared 2-core machine a
 * drain's ratio moved by a third between runs of unchanged code; the median of a few runs, each
 * measuring both sides back to back, moves much less, and the spread is reported beside it.
 */
final class Rounds {
  private Rounds() {}

  /**
   * Copies into {@code into} the {@code ratioKey} and {@code parts} of the run whose {@code ratioKey}
   * is the median (the lower middle for an even count), so a ratio and the rates it was computed from
   * stay together, and every run's ratio under {@code ratioKey + "Rounds"}.
   */
  static void keepMedian(List<Map<String, Object>> runs, Map<String, Object> into, String ratioKey, String... parts) {
    List<Map<String, Object>> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(r -> ratio(r, ratioKey)));
    Map<String, Object> median = sorted.get((sorted.size() - 1) / 2);
    into.put(ratioKey, median.get(ratioKey));
    for (String part : parts) into.put(part, median.get(part));
    List<Object> all = new ArrayList<>();
    for (Map<String, Object> r : runs) all.add(r.get(ratioKey));
    into.put(ratioKey + "Rounds", all);
  }

  /** The median of {@code values} (the mean of the middle two for an even count); NaN when there are none. */
  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) return Double.NaN;
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double ratio(Map<String, Object> run, String key) {
    Object v = run.get(key);
    if (!(v instanceof Number)) throw new IllegalStateException("run has no " + key + ": " + run.keySet());
    return ((Number) v).doubleValue();
  }
}
