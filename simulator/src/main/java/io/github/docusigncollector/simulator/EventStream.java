package io.github.docusigncollector.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Monitor stream: a list of ingestion batches; every event is generated on demand from (seed,
 * index), so a backlog of millions costs a few bytes.
 */
final class EventStream {
  static final long EVENT_STREAM = 11;
  private static final Pattern OPAQUE = Pattern.compile("aa_(\\d{1,19})_(\\d{1,19})_(\\d{1,19})");
  private static final long TICKS_AT_EPOCH = 621_355_968_000_000_000L;

  /** Events [start, start+count) ingested evenly in (t0, t1], with the quirks in force then. */
  record Batch(long start, long count, long t0Nanos, long t1Nanos, long lagNanos, boolean odd) {
    long end() {
      return start + count;
    }

    long ingestionNanos(long index) {
      long k = index - start + 1;
      if (t1Nanos == t0Nanos || k >= count) {
        return t1Nanos;
      }
      return t0Nanos + (long) ((double) (t1Nanos - t0Nanos) * k / count);
    }
  }

  /** A parsed request: where the page starts, and whether the cursor was an opaque one. */
  record Position(long index, boolean opaque) {}

  /** The answer to a page request, already written. */
  record Page(long start, long end, String endCursor) {}

  private final long seed;
  private final EventWriter writer;

  /** The batches [0, size) of arr; arr is only ever appended to, so a snapshot stays valid. */
  private static final class Snapshot {
    private final Batch[] arr;
    private final int size;

    Snapshot(Batch[] arr, int size) {
      this.arr = arr;
      this.size = size;
    }

    Batch[] arr() {
      return arr;
    }

    int size() {
      return size;
    }
  }

  private volatile Snapshot batches = new Snapshot(new Batch[16], 0);
  private final Set<Long> movedPositions = ConcurrentHashMap.newKeySet();
  private final AtomicLong moves = new AtomicLong();

  EventStream(long seed, EventWriter writer) {
    this.seed = seed;
    this.writer = writer;
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** Adds n events ingested evenly over (from, to]. */
  synchronized void add(long n, Instant from, Instant to, Duration lag, boolean odd) {
    if (n <= 0) {
      return;
    }
    Snapshot old = batches;
    long start = 0;
    long t0 = nanos(from);
    long t1 = nanos(to);
    if (old.size() > 0) {
      Batch last = old.arr()[old.size() - 1];
      start = last.end();
      // Ingestion order is stream order: never let a new batch sit before the previous one.
      t0 = Math.max(t0, last.t1Nanos());
      t1 = Math.max(t1, t0);
    }
    Batch[] arr = old.arr();
    if (old.size() == arr.length) {
      arr = Arrays.copyOf(arr, arr.length * 2);
    }
    arr[old.size()] = new Batch(start, n, t0, t1, lag.toNanos(), odd);
    batches = new Snapshot(arr, old.size() + 1);
  }

  long total() {
    Snapshot b = batches;
    return b.size() == 0 ? 0 : b.arr()[b.size() - 1].end();
  }

  private static Batch batchOf(Snapshot snap, long index) {
    return snap.arr()[indexOfBatch(snap, index)];
  }

  long ingestionNanos(long index) {
    Snapshot b = batches;
    return batchOf(b, index).ingestionNanos(index);
  }

  /** The first index whose ingestion time is at or after t (or after t when strict). */
  private long firstAtOrAfter(long tNanos, boolean strict) {
    Snapshot b = batches;
    long lo = 0;
    long hi = b.size() == 0 ? 0 : b.arr()[b.size() - 1].end();
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      long t = batchOf(b, mid).ingestionNanos(mid);
      if (strict ? t > tNanos : t >= tNanos) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Events ingested at or before now. */
  long visible(Instant now) {
    return firstAtOrAfter(nanos(now), true);
  }

  List<String> ids(long count) {
    List<String> out = new ArrayList<>((int) Math.min(count, Integer.MAX_VALUE - 8));
    for (long i = 0; i < count; i++) {
      out.add(Mix.guid(seed, EVENT_STREAM, i).toString());
    }
    return out;
  }

  String cursorFor(long position) {
    long ticks =
        position == 0
            ? TICKS_AT_EPOCH + nanosOfFirst() / 100
            : TICKS_AT_EPOCH + ingestionNanos(position - 1) / 100;
    long second =
        ticks - 600_000_000L - Long.remainderUnsigned(Mix.mix(seed, 97, position), 9_000_000_000L);
    return "aa_" + ticks + "_" + second + "_" + position;
  }

  private long nanosOfFirst() {
    Snapshot b = batches;
    return b.size() == 0 ? 0 : b.arr()[0].t0Nanos();
  }

  /**
   * Resolves a request's cursor: null/blank = seven days ago; an opaque cursor; or an ISO instant.
   * Returns null when the cursor is not understood.
   */
  Position resolve(String cursor, Instant now) {
    if (cursor == null || cursor.isBlank()) {
      return new Position(firstAtOrAfter(nanos(now.minus(Duration.ofDays(7))), false), false);
    }
    Matcher m = OPAQUE.matcher(cursor);
    if (m.matches()) {
      try {
        return new Position(Long.parseLong(m.group(3)), true);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    Instant t = parseInstant(cursor);
    return t == null ? null : new Position(firstAtOrAfter(nanos(t), false), false);
  }

  static Instant parseInstant(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Writes one page as {@code {"endCursor":...,"<arrayKey>":[...]}} into out. */
  Page page(
      String cursor,
      Position pos,
      int limit,
      Instant now,
      int overlap,
      boolean moving,
      String arrayKey,
      ByteSink out) {
    long visible = visible(now);
    long p = pos.index();
    long start = pos.opaque() ? Math.max(0, p - overlap) : p;
    start = Math.min(start, visible);
    long end = Math.min(visible, start + limit);
    String endCursor;
    if (end > start) {
      endCursor = cursorFor(end);
    } else if (moving && movedPositions.add(p)) {
      long ticks = TICKS_AT_EPOCH + nanos(now) / 100;
      endCursor = "aa_" + ticks + "_" + (ticks + 1 + moves.incrementAndGet()) + "_" + p;
    } else if (cursor != null && !cursor.isBlank()) {
      endCursor = cursor;
    } else {
      endCursor = cursorFor(p);
    }
    out.reset();
    out.ascii("{\"endCursor\":").str(endCursor).ascii(",\"").ascii(arrayKey).ascii("\":[");
    if (end > start) {
      Snapshot snap = batches;
      Batch[] b = snap.arr();
      int bi = indexOfBatch(snap, start);
      for (long i = start; i < end; i++) {
        while (b[bi].end() <= i) {
          bi++;
        }
        Batch batch = b[bi];
        writer.write(out, i, batch.ingestionNanos(i), batch.lagNanos(), batch.odd());
        out.ch(',');
      }
      out.dropLast();
    }
    out.ascii("]}");
    return new Page(start, end, endCursor);
  }

  private static int indexOfBatch(Snapshot snap, long index) {
    Batch[] b = snap.arr();
    int lo = 0;
    int hi = snap.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (b[mid].start() <= index) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  int batchCount() {
    return batches.size();
  }
}
