package io.github.docusigncollector.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap use of this JVM, for a benchmark that runs the collector as a child process: the heap
 * in use just before each collection (where it peaks between collections) and at exit. Enabled by
 * the environment variable {@value #ENV}; prints one line prefixed {@value #PREFIX} on stderr.
 */
public final class HeapStats {
  /** Set to {@code 1} to have the process print its heap figures at exit. */
  public static final String ENV = "DOCUSIGN_BENCH_STATS";

  /** The stderr line carrying the figures as JSON. */
  public static final String PREFIX = "bench-stats ";

  /**
   * The value of {@value #ENV} that also measures the heap retained at exit, by full collections
   * that add to the run's wall time (tens of milliseconds): for the backlog runs, not startup.
   */
  public static final String RETAINED_MODE = "retained";

  private static volatile boolean retainedRequested;

  private static final AtomicLong PEAK_BEFORE_GC = new AtomicLong();
  private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();

  private HeapStats() {}

  /** Starts watching when {@code env} asks for it; returns whether it does. */
  public static boolean installIfRequested(Map<String, String> env) {
    String mode = env.get(ENV);
    if (!"1".equals(mode) && !RETAINED_MODE.equals(mode)) {
      return false;
    }
    retainedRequested = RETAINED_MODE.equals(mode);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (n, h) -> {
              if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                  n.getType())) {
                return;
              }
              GarbageCollectionNotificationInfo info =
                  GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
              long used = 0;
              for (MemoryUsage u : info.getGcInfo().getMemoryUsageBeforeGc().values()) {
                used += u.getUsed();
              }
              // Non-heap pools are in that map too; subtract them to keep the heap alone.
              used -= nonHeapUsed(info.getGcInfo().getMemoryUsageBeforeGc());
              PEAK_BEFORE_GC.accumulateAndGet(used, Math::max);
              long live = 0;
              for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                live += u.getUsed();
              }
              live -= nonHeapUsed(info.getGcInfo().getMemoryUsageAfterGc());
              PEAK_AFTER_GC.accumulateAndGet(live, Math::max);
            },
            null,
            null);
      }
    }
    return true;
  }

  /**
   * The heap still in use after full collections: what the run holds once its garbage is gone,
   * comparable between a short run that never collected and a long one, where the peaks also count
   * garbage awaiting collection. Serial's full collection may leave up to 5 % of a space as dead
   * filler unless it compacts fully, which it does at least every fourth time; eden is left out,
   * because its "used" counts whole allocation buffers handed to threads since, not objects.
   */
  private static long retained() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      long used = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP && !pool.getName().contains("Eden")) {
          used += pool.getUsage().getUsed();
        }
      }
      least = Math.min(least, used);
    }
    return least;
  }

  private static long nonHeapUsed(Map<String, MemoryUsage> usage) {
    long n = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.NON_HEAP) {
        MemoryUsage u = usage.get(pool.getName());
        if (u != null) {
          n += u.getUsed();
        }
      }
    }
    return n;
  }

  /**
   * Prints the figures line: peak heap in use (bytes, garbage included), the most heap still in use
   * after a collection (the live set), the sum of the heap pools' peaks, the heap's maximum, and
   * the number of collections.
   */
  public static void print(PrintStream err) {
    long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long poolPeaks = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        poolPeaks += pool.getPeakUsage().getUsed();
      }
    }
    long gcs = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcs += Math.max(0, gc.getCollectionCount());
    }
    long max = Runtime.getRuntime().maxMemory();
    long cpu = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      cpu = os.getProcessCpuTime();
    }
    long peak = Math.max(PEAK_BEFORE_GC.get(), now);
    long peakLive = PEAK_AFTER_GC.get();
    // What the run still holds once its garbage is gone: comparable between a short run that never
    // collected and a long one, where the peaks above also count garbage awaiting collection.
    long retained = retainedRequested ? retained() : -1;
    err.printf(
        Locale.ROOT,
        "%s{\"peak_heap_bytes\":%d,\"peak_live_bytes\":%d,\"retained_bytes\":%d,"
            + "\"pool_peaks_bytes\":%d,\"max_heap_bytes\":%d,\"gcs\":%d,\"cpu_ns\":%d}%n",
        PREFIX,
        peak,
        peakLive,
        retained,
        poolPeaks,
        max,
        gcs,
        cpu);
    err.flush();
  }
}
