package io.github.docusigncollector.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Prints results as a table (ours, the baseline's, their ratio) or as one JSON array. */
public final class BenchReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchReport() {}

  /** One JSON array of objects with the keys; {@code baseline} holds the same keys. */
  public static String json(List<BenchResult> results) {
    ArrayNode a = JSON.createArrayNode();
    for (BenchResult r : results) {
      ObjectNode o = object(r);
      a.add(o);
      if (r.baseline() != null) {
        o.set("baseline", object(r.baseline()));
      } else {
        o.putNull("baseline");
      }
      ArrayNode notes = o.putArray("notes");
      r.notes().forEach(notes::add);
      if (r.baseline() != null) {
        r.baseline().notes().forEach(n -> notes.add("baseline: " + n));
      }
    }
    try {
      return JSON.writeValueAsString(a);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode object(BenchResult r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("scenario", r.scenario());
    putLong(o, "events", r.events());
    putDouble(o, "wall_s", r.wallS(), 3);
    putDouble(o, "events_per_s", r.eventsPerS(), 1);
    putLong(o, "api_calls", r.apiCalls());
    putDouble(o, "peak_heap_mb", r.peakHeapMb(), 1);
    putDouble(o, "peak_rss_mb", r.peakRssMb(), 1);
    putDouble(o, "lag_s", r.lagS(), 3);
    r.extra().forEach((k, v) -> putDouble(o, k, v, 3));
    return o;
  }

  private static void putLong(ObjectNode o, String k, Long v) {
    if (v == null) {
      o.putNull(k);
    } else {
      o.put(k, v);
    }
  }

  private static void putDouble(ObjectNode o, String k, Double v, int digits) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      o.putNull(k);
    } else {
      double f = Math.pow(10, digits);
      o.put(k, Math.round(v * f) / f);
    }
  }

  /** A table: per scenario one line per figure, ours, the baseline's, ours / baseline. */
  public static String table(List<BenchResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%-18s %-13s %14s %14s %9s%n",
            "scenario",
            "figure",
            "ours",
            "baseline",
            "ratio"));
    for (BenchResult r : results) {
      String name = r.scenario();
      name = row(sb, name, "events", r, b -> asDouble(b.events()), "%,.0f");
      name = row(sb, name, "wall_s", r, BenchResult::wallS, "%,.3f");
      name = row(sb, name, "events_per_s", r, BenchResult::eventsPerS, "%,.0f");
      name = row(sb, name, "api_calls", r, b -> asDouble(b.apiCalls()), "%,.0f");
      name = row(sb, name, "peak_heap_mb", r, BenchResult::peakHeapMb, "%,.1f");
      name = row(sb, name, "peak_rss_mb", r, BenchResult::peakRssMb, "%,.1f");
      name = row(sb, name, "lag_s", r, BenchResult::lagS, "%,.3f");
      java.util.Set<String> keys = new java.util.LinkedHashSet<>(r.extra().keySet());
      if (r.baseline() != null) {
        keys.addAll(r.baseline().extra().keySet());
      }
      for (String key : keys) {
        name = row(sb, name, key, r, b -> b.extra().get(key), "%,.3f");
      }
      for (String n : r.notes()) {
        sb.append("  - ").append(n).append('\n');
      }
      if (r.baseline() != null) {
        for (String n : r.baseline().notes()) {
          sb.append("  - baseline: ").append(n).append('\n');
        }
      }
    }
    return sb.toString();
  }

  private static Double asDouble(Long v) {
    return v == null ? null : v.doubleValue();
  }

  private static String row(
      StringBuilder sb,
      String name,
      String figure,
      BenchResult r,
      Function<BenchResult, Double> get,
      String fmt) {
    Double ours = get.apply(r);
    Double base = r.baseline() == null ? null : get.apply(r.baseline());
    if (ours == null && base == null) {
      return name;
    }
    String ratio =
        ours == null || base == null || base == 0
            ? "-"
            : String.format(Locale.ROOT, "%.3f", ours / base);
    sb.append(
        String.format(
            Locale.ROOT,
            "%-18s %-13s %14s %14s %9s%n",
            name,
            figure,
            ours == null ? "-" : String.format(Locale.ROOT, fmt, ours),
            base == null ? "-" : String.format(Locale.ROOT, fmt, base),
            ratio));
    return "";
  }
}
