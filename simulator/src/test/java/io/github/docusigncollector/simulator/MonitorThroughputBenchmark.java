package io.github.docusigncollector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pages through a Monitor backlog over loopback and prints events per second. Run with {@code java
 * -cp ... MonitorThroughputBenchmark [events] [client]} where client is {@code httpclient} (JDK
 * HttpClient, the default) or {@code urlconnection}.
 */
public final class MonitorThroughputBenchmark {
  private static final Pattern END = Pattern.compile("\"endCursor\":\"([^\"]+)\"");
  private static final byte[] KEY = "\"eventId\"".getBytes(StandardCharsets.US_ASCII);

  private MonitorThroughputBenchmark() {}

  /** One measured run. */
  record Result(
      long events,
      long pages,
      long bytes,
      double seconds,
      double cpuSeconds,
      double serverCpuSeconds) {
    double eventsPerServerCpuSecond() {
      return events / serverCpuSeconds;
    }

    double eventsPerSecond() {
      return events / seconds;
    }

    @Override
    public String toString() {
      return String.format(
          "%d events, %d pages, %.1f MiB in %.2f s = %.0f events/s (%.0f MiB/s); client and"
              + " server used %.2f CPU s = %.0f events per CPU second; the simulator's threads"
              + " %.2f CPU s = %.0f events per CPU second",
          events,
          pages,
          bytes / 1048576.0,
          seconds,
          eventsPerSecond(),
          bytes / 1048576.0 / seconds,
          cpuSeconds,
          events / cpuSeconds,
          serverCpuSeconds,
          eventsPerServerCpuSecond());
    }
  }

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    boolean urlConnection = args.length > 1 && args[1].equals("urlconnection");
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder()
            .clock(SimClock.fixed(Instant.parse("2026-03-02T10:15:00Z")))
            .events(total)
            .users(1000)
            .consent(true)
            .hourlyLimit(0)
            .burstLimit(0)
            .start()) {
      String token = new SimHttp(sim).allScopesToken();
      HttpClient client = HttpClient.newHttpClient();
      run(sim, token, client, urlConnection, Math.min(total, 40_000));
      for (int i = 0; i < 3; i++) {
        System.out.println(run(sim, token, client, urlConnection, total));
      }
    }
  }

  static Result run(
      DocuSignSimulator sim, String token, HttpClient client, boolean urlConnection, int max)
      throws IOException, InterruptedException {
    long events = 0;
    long pages = 0;
    long bytes = 0;
    String cursor = "2026-03-01T00:00:00Z";
    long t = System.nanoTime();
    long cpu = cpuNanos();
    long serverCpu = serverCpuNanos();
    while (events < max) {
      URI uri =
          URI.create(
              sim.baseUrl()
                  + "/api/v2.0/datasets/monitor/stream?limit=2000&cursor="
                  + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      byte[] body;
      if (urlConnection) {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setRequestProperty("Authorization", "Bearer " + token);
        try (InputStream in = c.getInputStream()) {
          body = in.readAllBytes();
        }
      } else {
        HttpRequest req =
            HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build();
        body = client.send(req, HttpResponse.BodyHandlers.ofByteArray()).body();
      }
      bytes += body.length;
      pages++;
      Matcher m =
          END.matcher(new String(body, 0, Math.min(body.length, 200), StandardCharsets.US_ASCII));
      if (!m.find()) {
        throw new IllegalStateException("no endCursor in a page");
      }
      long n = count(body);
      if (n == 0) {
        break;
      }
      events += n;
      cursor = m.group(1);
    }

    return new Result(
        events,
        pages,
        bytes,
        (System.nanoTime() - t) / 1e9,
        (cpuNanos() - cpu) / 1e9,
        (serverCpuNanos() - serverCpu) / 1e9);
  }

  /** CPU time of the whole JVM (client and server threads): robust against a busy machine. */
  /** CPU time of the simulator's worker threads. */
  static long serverCpuNanos() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (ti != null && ti.getThreadName().startsWith("docusign-sim-")) {
        sum += Math.max(0, mx.getThreadCpuTime(ti.getThreadId()));
      }
    }
    return sum;
  }

  static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return System.nanoTime();
  }

  /** Counts events by their eventId keys, without parsing. */
  static long count(byte[] body) {
    long n = 0;
    int last = body.length - KEY.length;
    for (int i = 0; i <= last; i++) {
      if (body[i] == '"' && body[i + 1] == 'e' && body[i + 2] == 'v') {
        boolean match = true;
        for (int j = 3; j < KEY.length; j++) {
          if (body[i + j] != KEY[j]) {
            match = false;
            break;
          }
        }
        if (match) {
          n++;
          i += KEY.length - 1;
        }
      }
    }
    return n;
  }
}
