package io.github.docusigncollector.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs {@link HotPathBenchmark} with JMH (one fork, short warm-up, one thread = one core). */
final class HotPath {
  private HotPath() {}

  /**
   * MB of page JSON per CPU-second of the normalizing thread, ours, the baseline's, ours + OCSF and
   * ours + ECS: on a shared machine the wall clock also counts the time other processes hold the
   * core. The four are measured in turn within each of several rounds (interleaved, so a burst of
   * load on the machine falls on all of them alike) and their CPU times summed over the rounds.
   */
  static double[] cpuTimeMbPerS(byte[] page) {
    HotPathBenchmark b = new HotPathBenchmark();
    b.page = page;
    b.setUpWith(page);
    java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
    int rounds = 6;
    int n = 15;
    long[] cpu = new long[4];
    for (int which = 0; which < 4; which++) {
      for (int i = 0; i < 40; i++) {
        run(b, which);
      }
    }
    for (int round = 0; round < rounds; round++) {
      for (int which = 0; which < 4; which++) {
        long c0 = t.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          run(b, which);
        }
        cpu[which] += t.getCurrentThreadCpuTime() - c0;
      }
    }
    double[] out = new double[4];
    for (int which = 0; which < 4; which++) {
      out[which] = page.length * (double) n * rounds / 1e6 / (cpu[which] / 1e9);
    }
    return out;
  }

  private static void run(HotPathBenchmark b, int which) {
    try {
      switch (which) {
        case 0 -> b.ours();
        case 1 -> b.baseline();
        case 2 -> b.ocsf();
        default -> b.ecs();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The hot path, then its OCSF and ECS rows: our normalization plus each mapping. */
  static List<BenchResult> run(PrintStream log) {
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
      // JMH's own report goes with the progress lines (stderr), never into stdout's table or JSON.
      PrintStream jmhOut = log != null ? log : new PrintStream(OutputStream.nullOutputStream());
      results =
          new Runner(o, OutputFormatFactory.createFormatInstance(jmhOut, VerboseMode.NORMAL)).run();
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH failed: " + e.getMessage(), e);
    }
    double ours = 0;
    double base = 0;
    double ocsf = 0;
    double ecs = 0;
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      double opsPerS = r.getPrimaryResult().getScore();
      if (label.endsWith(".ours")) {
        ours = opsPerS;
      } else if (label.endsWith(".baseline")) {
        base = opsPerS;
      } else if (label.endsWith(".ocsf")) {
        ocsf = opsPerS;
      } else if (label.endsWith(".ecs")) {
        ecs = opsPerS;
      }
    }
    double mb = page.length / 1e6;
    double[] cpu = cpuTimeMbPerS(page);
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
    BenchResult raw =
        new BenchResult(
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
                        "%.1f MB/s of page JSON per core by JMH wall clock (page %d bytes, %d"
                            + " events); %.1f MB/s per CPU-second of the thread; target >= 200",
                        ours * mb,
                        page.length,
                        Scenarios.PAGE,
                        cpu[0])))
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
                    List.of(
                        String.format(
                            Locale.ROOT,
                            "%.1f MB/s by JMH wall clock, %.1f MB/s per CPU-second (a tree per page)",
                            base * mb,
                            cpu[1]))));
    return List.of(
        raw,
        mapped("hotpath-ocsf", "OCSF", ocsf, ours, cpu[2], cpu[0], page.length),
        mapped("hotpath-ecs", "ECS", ecs, ours, cpu[3], cpu[0], page.length));
  }

  /**
   * A row for normalization plus a mapping, with the raw normalization as its baseline: the ratio
   * is what the mapping costs on top of it.
   */
  private static BenchResult mapped(
      String scenario,
      String format,
      double pagesPerS,
      double rawPagesPerS,
      double cpuMbPerS,
      double rawCpuMbPerS,
      int pageBytes) {
    double perEventUs = 1e6 / (pagesPerS * Scenarios.PAGE);
    double rawUs = 1e6 / (rawPagesPerS * Scenarios.PAGE);
    double cpuPerEventUs = pageBytes / cpuMbPerS / Scenarios.PAGE;
    double cpuRawUs = pageBytes / rawCpuMbPerS / Scenarios.PAGE;
    return new BenchResult(
            scenario,
            (long) Scenarios.PAGE,
            1 / pagesPerS,
            pagesPerS * Scenarios.PAGE,
            null,
            null,
            null,
            null,
            null,
            List.of(
                String.format(
                    Locale.ROOT,
                    "normalization + %s mapping: %.2f us per event by JMH wall clock (raw"
                        + " normalization %.2f us); the mapping alone %.2f us = %.2fx the raw"
                        + " normalization; per CPU-second of the thread %.2f us vs %.2f us (mapping"
                        + " %.2fx); target: the mapping <= 2x the raw normalization",
                    format,
                    perEventUs,
                    rawUs,
                    perEventUs - rawUs,
                    (perEventUs - rawUs) / rawUs,
                    cpuPerEventUs,
                    cpuRawUs,
                    (cpuPerEventUs - cpuRawUs) / cpuRawUs)))
        .withBaseline(
            new BenchResult(
                scenario,
                (long) Scenarios.PAGE,
                1 / rawPagesPerS,
                rawPagesPerS * Scenarios.PAGE,
                null,
                null,
                null,
                null,
                null,
                List.of("the raw normalization (format: raw) of the same page")));
  }
}
