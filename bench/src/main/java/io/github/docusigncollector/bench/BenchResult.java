package io.github.docusigncollector.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scenario's figures (ours or the baseline's). Figures that do not apply are {@code null}.
 *
 * @param wallS wall time in seconds
 * @param eventsPerS events delivered per second of wall time
 * @param apiCalls requests the simulator served
 * @param peakHeapMb peak heap in use of the collector's JVM (MiB); null when not measured
 * @param peakRssMb peak resident set of the collector's process (MiB); null when not measured
 * @param lagS largest lag behind the newest event (steady only)
 * @param baseline the same scenario run by the peer-like baseline (null on the baseline itself)
 * @param notes what else was measured (real-world figures, the heap of other sizes, targets)
 * @param extra figures of one scenario only, added to its JSON row under their names (e.g. {@code
 *     accounts}, {@code monitor_calls_per_cycle})
 */
public record BenchResult(
    String scenario,
    Long events,
    Double wallS,
    Double eventsPerS,
    Long apiCalls,
    Double peakHeapMb,
    Double peakRssMb,
    Double lagS,
    BenchResult baseline,
    List<String> notes,
    Map<String, Double> extra) {

  public BenchResult {
    notes = notes == null ? List.of() : List.copyOf(notes);
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** Without scenario-specific figures. */
  public BenchResult(
      String scenario,
      Long events,
      Double wallS,
      Double eventsPerS,
      Long apiCalls,
      Double peakHeapMb,
      Double peakRssMb,
      Double lagS,
      BenchResult baseline,
      List<String> notes) {
    this(
        scenario,
        events,
        wallS,
        eventsPerS,
        apiCalls,
        peakHeapMb,
        peakRssMb,
        lagS,
        baseline,
        notes,
        Map.of());
  }

  /** A copy with the baseline's figures attached. */
  public BenchResult withBaseline(BenchResult b) {
    return new BenchResult(
        scenario,
        events,
        wallS,
        eventsPerS,
        apiCalls,
        peakHeapMb,
        peakRssMb,
        lagS,
        b,
        notes,
        extra);
  }

  /** A copy with more notes. */
  public BenchResult withNotes(List<String> more) {
    List<String> all = new java.util.ArrayList<>(notes);
    all.addAll(more);
    return new BenchResult(
        scenario,
        events,
        wallS,
        eventsPerS,
        apiCalls,
        peakHeapMb,
        peakRssMb,
        lagS,
        baseline,
        all,
        extra);
  }

  static Double mb(long bytes) {
    return bytes < 0 ? null : bytes / (1024.0 * 1024.0);
  }

  static Double perSecond(long events, double wallS) {
    return wallS <= 0 ? null : events / wallS;
  }
}
