package io.github.docusigncollector.bench;

import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link HotPathBenchmark} with JMH (one fork, short warm-up, one thread = one core). */
final class HotPath {
  private HotPath() {}

  static BenchResult run(PrintStream log) {
    byte[] page = HotPathBenchmark.page();
    Options o =
        new OptionsBuilder()
            .include(HotPathBenchmark.class.getName() + "\\.")
            .forks(1)
            .threads(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(2))
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results;
    try {
      results = new Runner(o).run();
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH failed: " + e.getMessage(), e);
    }
    double ours = 0;
    double base = 0;
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      double opsPerS = r.getPrimaryResult().getScore();
      if (label.endsWith(".ours")) {
        ours = opsPerS;
      } else if (label.endsWith(".baseline")) {
        base = opsPerS;
      }
    }
    double mb = page.length / 1e6;
    if (log != null) {
      log.printf(
          Locale.ROOT,
          "bench: hotpath page %d bytes; ours %.1f pages/s = %.1f MB/s; baseline %.1f pages/s = %.1f"
              + " MB/s%n",
          page.length,
          ours,
          ours * mb,
          base,
          base * mb);
    }
    return new BenchResult(
            "hotpath",
            (long) Scenarios.PAGE,
            1 / ours,
            ours * Scenarios.PAGE,
            null,
            null,
            null,
            null,
            null,
            List.of(
                String.format(
                    Locale.ROOT,
                    "%.1f MB/s of page JSON per core (page %d bytes, %d events); target >= 200",
                    ours * mb,
                    page.length,
                    Scenarios.PAGE)))
        .withBaseline(
            new BenchResult(
                "hotpath",
                (long) Scenarios.PAGE,
                1 / base,
                base * Scenarios.PAGE,
                null,
                null,
                null,
                null,
                null,
                List.of(String.format(Locale.ROOT, "%.1f MB/s (a tree per page)", base * mb))));
  }
}
