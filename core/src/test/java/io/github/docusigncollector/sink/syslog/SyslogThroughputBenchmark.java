package io.github.docusigncollector.sink.syslog;

import io.github.docusigncollector.simulator.syslog.SyslogReceiver;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.TransportSink;
import io.github.docusigncollector.sink.syslog.SyslogSettings.Framing;
import io.github.docusigncollector.sink.syslog.SyslogSettings.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The syslog sink over TCP into the in-process receiver: pages of 2000 realistic events (about 1 KB
 * each) through the sink's machinery, and prints events per second. Run with {@code java -cp ...
 * SyslogThroughputBenchmark [events]}.
 */
public final class SyslogThroughputBenchmark {
  private SyslogThroughputBenchmark() {}

  static List<Batch> pages(int events, int perPage) {
    List<Batch> pages = new ArrayList<>();
    for (int first = 0; first < events; first += perPage) {
      List<String> lines = new ArrayList<>();
      for (int i = first; i < Math.min(events, first + perPage); i++) {
        lines.add(
            "{\"timestamp\":\"2026-05-01T10:00:00.1234567Z\",\"eventId\":\"4f1c2d3e-5a6b-7c8d-9e0f-"
                + String.format(Locale.ROOT, "%012d", i)
                + "\",\"site\":\"NA3\",\"accountId\":\"93a15559-0000-4000-8000-000000000001\","
                + "\"organizationId\":\"\",\"userId\":\"fc8d7d8c-0000-4000-8000-000000000002\","
                + "\"integratorKey\":\"\",\"userAgent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64)"
                + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36\","
                + "\"userAgentClientInfo\":{\"browser\":{\"family\":\"Chrome\",\"version\":{\"major\":"
                + "\"126\",\"minor\":\"0\",\"patch\":\"0\"}},\"device\":{\"family\":\"Other\"},"
                + "\"os\":{\"family\":\"Windows\",\"version\":{\"major\":\"10\"}}},\"ipAddress\":"
                + "\"162.248.186.11\",\"ipAddressLocation\":{\"latitude\":47.6,\"longitude\":-122.33,"
                + "\"country\":\"united states\",\"state\":\"washington\",\"city\":\"seattle\"},"
                + "\"object\":\"Envelope\",\"action\":\"Sent\",\"property\":\"\",\"field\":\"\","
                + "\"result\":\"\",\"source\":\"Web\",\"data\":{\"EnvelopeId\":"
                + "\"7d3d1d7a-0000-4000-8000-000000000003\"},\"_time\":\"2026-05-01T10:00:00Z\","
                + "\"source_log_type\":\"customerevent\"}");
      }
      pages.add(SyslogEvents.batch(lines));
    }
    return pages;
  }

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
    List<Batch> pages = pages(events, 2000);
    Path state = Files.createTempDirectory("syslog-bench");
    try (SyslogReceiver receiver = SyslogReceiver.counting()) {
      SyslogSettings s =
          new SyslogSettings(
              "127.0.0.1",
              receiver.port(),
              Protocol.TCP,
              Framing.OCTET_COUNTING,
              16,
              "docusign",
              65536,
              false,
              null,
              Duration.ofSeconds(5));
      try (TransportSink sink =
          new TransportSink(
              "syslog",
              new SyslogSender(s, "bench-host"),
              1000,
              4 << 20,
              Duration.ofMinutes(1),
              SinkContext.of(state, System.out))) {
        for (int round = 0; round < 2; round++) {
          long base = receiver.count();
          long t0 = System.nanoTime();
          for (Batch b : pages) {
            sink.deliver(b);
          }
          double sent = (System.nanoTime() - t0) / 1e9;
          receiver.await(base + events, 60_000);
          double all = (System.nanoTime() - t0) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "%s: syslog tcp %d events: %.0f events/s written and flushed, %.0f events/s received%n",
              round == 0 ? "warm-up" : "measured",
              events,
              events / sent,
              events / all);
        }
      }
    }
  }
}
