/**
 * JMH benchmarks and timed harnesses for the Helpline SDK. Every figure is measured next to a
 * baseline taken in the same run on the same machine (an fsync'd write, raw OkHttp posts, a bare
 * JVM start, a trivial regex pass), so results are read as ratios. Run everything with
 * {@code bash scripts/benchmarks.sh}; {@link dev.helpline.benchmarks.RunAll} is the entry point.
 */
@org.jspecify.annotations.NullMarked
package dev.helpline.benchmarks;
