package io.github.docusigncollector.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.docusigncollector.simulator.SelfSignedCertificate;
import io.github.docusigncollector.simulator.syslog.Rfc5424;
import io.github.docusigncollector.simulator.syslog.SyslogReceiver;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.SinkException;
import io.github.docusigncollector.sink.TransportSink;
import io.github.docusigncollector.sink.syslog.SyslogSettings.Framing;
import io.github.docusigncollector.sink.syslog.SyslogSettings.Protocol;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver that accepts the connection and then stops reading (a hung daemon): the sender's write
 * blocks once the socket buffers are full, and must fail after the write time-out instead of
 * hanging the collector; the part is then sent again on a new connection within {@code retry_for}.
 */
class SyslogWriteTimeoutTest {
  private static final Duration WRITE_TIMEOUT = Duration.ofMillis(400);

  @TempDir Path tmp;

  private static SyslogSettings settings(Protocol protocol, int port, Path caFile) {
    return new SyslogSettings(
        "127.0.0.1",
        port,
        protocol,
        Framing.OCTET_COUNTING,
        16,
        "docusign",
        SyslogSettings.DEFAULT_MAX_MESSAGE_BYTES,
        false,
        caFile,
        Duration.ofSeconds(5),
        WRITE_TIMEOUT);
  }

  /** About 10 MB of events: more than the socket buffers between sender and receiver hold. */
  private static List<String> big(int first) {
    List<String> events = SyslogEvents.backlog(first, 9000);
    String pad = "x".repeat(900);
    return events.stream()
        .map(e -> e.replace("\"_time\"", "\"pad\":\"" + pad + "\",\"_time\""))
        .toList();
  }

  private static Set<String> received(SyslogReceiver r) {
    Set<String> out = new HashSet<>();
    for (byte[] m : r.messages()) {
      out.add(Rfc5424.parse(m).msg());
    }
    return out;
  }

  @Test
  void overTcpAWriteToAReceiverThatStoppedReadingFailsAfterTheTimeoutAndGoesAgainLater()
      throws Exception {
    try (SyslogReceiver r = SyslogReceiver.withReceiveBuffer(null, 8192)) {
      stallThenResume(r, null);
    }
  }

  @Test
  void overTlsTheSame() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create("changeit-" + System.nanoTime());
    Path ca = tmp.resolve("ca.pem");
    cert.writePem(ca, tmp.resolve("key.pem"));
    SSLContext server = cert.sslContext();
    try (SyslogReceiver r = SyslogReceiver.withReceiveBuffer(server, 8192)) {
      stallThenResume(r, ca);
    }
  }

  private void stallThenResume(SyslogReceiver r, Path ca) throws Exception {
    Protocol protocol = ca == null ? Protocol.TCP : Protocol.TLS;
    try (SyslogSender s = new SyslogSender(settings(protocol, r.port(), ca), "host")) {
      List<String> first = SyslogEvents.backlog(0, 10);
      s.send(SyslogEvents.batch(first));
      assertThat(r.await(10, 5000)).isTrue();

      r.pauseReading();
      List<String> events = big(10);
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.send(SyslogEvents.batch(events)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("took no data for 400 ms");
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(millis).isGreaterThanOrEqualTo(WRITE_TIMEOUT.toMillis()).isLessThan(15_000);

      r.resumeReading();
      s.send(SyslogEvents.batch(events)); // again, whole, on a new connection
      assertThat(s.connects()).isEqualTo(2);
      // every event arrives; those of the first attempt that got through may be there twice
      Set<String> missing = new HashSet<>(events);
      missing.addAll(first);
      long end = System.nanoTime() + 30_000_000_000L;
      while (!missing.isEmpty() && System.nanoTime() < end) {
        r.await(10 + events.size(), 5_000);
        missing.removeAll(received(r));
        if (!missing.isEmpty()) {
          Thread.sleep(200);
        }
      }
      assertThat(missing.size()).as("events that never arrived").isZero();
    }
  }

  @Test
  void throughTheSinkAReceiverThatNeverReadsAgainFailsTheBatchOnceRetryForHasPassed() {
    try (SyslogReceiver r = SyslogReceiver.withReceiveBuffer(null, 8192)) {
      r.pauseReading();
      SyslogSender sender = new SyslogSender(settings(Protocol.TCP, r.port(), null), "host");
      try (TransportSink sink =
          new TransportSink(
              "syslog",
              sender,
              20_000,
              64L << 20,
              Duration.ofSeconds(2),
              SinkContext.of(tmp, System.out))) {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> sink.deliver(SyslogEvents.batch(big(0))))
            .isInstanceOf(SinkException.class)
            .hasMessageContaining("output.retry_for")
            .hasMessageContaining("took no data for");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(30_000);
        assertThat(sink.retries()).isPositive();
      }
    }
  }
}
