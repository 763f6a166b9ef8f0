package io.github.docusigncollector.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a row's CPU went, by thread group (the collector's delivering thread, its page reader, the
 * simulator, the receiver, the HTTP clients). Threads are polled every 100 ms, so a thread that
 * ends between two polls loses at most its last 100 ms; threads are told apart by their names.
 */
final class ThreadCpu implements AutoCloseable {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, long[]> first = new HashMap<>();
  private final Map<Long, long[]> last = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private final Thread poller;
  private volatile boolean running = true;

  ThreadCpu() {
    poll(true);
    poller =
        new Thread(
            () -> {
              while (running) {
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
                poll(false);
              }
            },
            "bench-cpu-poller");
    poller.setDaemon(true);
    poller.start();
  }

  private synchronized void poll(boolean start) {
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long id = info.getThreadId();
      long cpu = THREADS.getThreadCpuTime(id);
      if (cpu < 0) {
        continue;
      }
      names.putIfAbsent(id, info.getThreadName());
      if (start) {
        first.put(id, new long[] {cpu});
      } else {
        first.putIfAbsent(id, new long[] {0});
      }
      last.put(id, new long[] {cpu});
    }
  }

  /** Stops polling; the CPU seconds per group, largest first in the text of {@link #toString}. */
  @Override
  public synchronized void close() {
    running = false;
    poller.interrupt();
    poll(false);
  }

  /** CPU seconds by thread group. */
  synchronized Map<String, Double> byGroup() {
    Map<String, Double> out = new TreeMap<>();
    for (Map.Entry<Long, long[]> e : last.entrySet()) {
      String name = names.get(e.getKey());
      if (name.equals("bench-cpu-poller")) {
        continue;
      }
      double s = (e.getValue()[0] - first.get(e.getKey())[0]) / 1e9;
      out.merge(group(name), s, Double::sum);
    }
    return out;
  }

  /** "main 7.3 s, reader 3.1 s, …", groups above 0.1 s, largest first. */
  String describe() {
    StringBuilder b = new StringBuilder();
    byGroup().entrySet().stream()
        .filter(e -> e.getValue() >= 0.1)
        .sorted((x, y) -> Double.compare(y.getValue(), x.getValue()))
        .forEach(
            e ->
                b.append(b.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue())));
    return b.toString();
  }

  private static String group(String name) {
    if (name.equals("main")) {
      return "delivering thread";
    }
    if (name.startsWith("monitor-reader")) {
      return "page reader";
    }
    if (name.startsWith("docusign-sim")) {
      return "simulator";
    }
    if (name.startsWith("receiver") || name.startsWith("syslog-receiver")) {
      return "receiver";
    }
    if (name.startsWith("HttpClient")) {
      return "HTTP clients";
    }
    if (name.startsWith("C1 ") || name.startsWith("C2 ")) {
      return "JIT";
    }
    if (name.startsWith("G1 ") || name.startsWith("GC ") || name.contains("GC")) {
      return "GC";
    }
    return "other";
  }
}
