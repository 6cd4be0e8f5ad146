package dev.helpline.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/** The JMH figures the report needs, keyed {@code Class.method} or {@code Class.method[param]}. */
final class JmhSummary {
  private JmhSummary() {}

  static Map<String, Object> of(Collection<RunResult> results) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RunResult r : results) {
      BenchmarkParams p = r.getParams();
      String name = p.getBenchmark();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      String payload = p.getParam("payload");
      if (payload == null) payload = p.getParam("appender");
      if (payload != null) name += "[" + payload + "]";
      Statistics s = r.getPrimaryResult().getStatistics();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mode", p.getMode().shortLabel());
      m.put("unit", r.getPrimaryResult().getScoreUnit());
      m.put("score", r.getPrimaryResult().getScore());
      m.put("p50", s.getPercentile(50));
      m.put("p90", s.getPercentile(90));
      m.put("p99", s.getPercentile(99));
      m.put("max", s.getMax());
      m.put("n", s.getN());
      out.put(name, m);
    }
    return out;
  }
}
