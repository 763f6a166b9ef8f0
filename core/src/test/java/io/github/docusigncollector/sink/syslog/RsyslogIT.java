package io.github.docusigncollector.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.simulator.SelfSignedCertificate;
import io.github.docusigncollector.simulator.syslog.Rfc5424;
import io.github.docusigncollector.simulator.syslog.Rsyslogd;
import io.github.docusigncollector.sink.syslog.SyslogSettings.Framing;
import io.github.docusigncollector.sink.syslog.SyslogSettings.Protocol;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's rsyslogd receives every event of a backlog, each a valid RFC 5424 message. */
class RsyslogIT {
  @TempDir Path tmp;

  @Test
  void rsyslogReceivesEveryEventOverTcp() throws Exception {
    try (Rsyslogd rsyslog = Rsyslogd.tcp(tmp.resolve("rsyslog"))) {
      deliverAndCheck(
          rsyslog,
          SyslogSenderTest.settings(Protocol.TCP, Framing.OCTET_COUNTING, rsyslog.port(), null));
    }
  }

  @Test
  void rsyslogReceivesEveryEventOverTls() throws Exception {
    SelfSignedCertificate cert =
        SelfSignedCertificate.create("changeit-" + System.nanoTime(), true);
    Path dir = tmp.resolve("rsyslog");
    try (Rsyslogd rsyslog = Rsyslogd.tls(dir, cert)) {
      deliverAndCheck(
          rsyslog,
          SyslogSenderTest.settings(
              Protocol.TLS, Framing.OCTET_COUNTING, rsyslog.port(), dir.resolve("cert.pem")));
    }
  }

  private static void deliverAndCheck(Rsyslogd rsyslog, SyslogSettings settings) throws Exception {
    List<String> all = new ArrayList<>();
    try (SyslogSender s = new SyslogSender(settings, "collector-host")) {
      for (int b = 0; b < 4; b++) {
        List<String> events = SyslogEvents.backlog(b * 500, 500);
        all.addAll(events);
        assertThat(s.send(SyslogEvents.batch(events))).isEmpty();
      }
      // one event larger than rsyslog's 8 KiB default, which the configuration raises
      String large =
          "{\"eventId\":\"large\",\"pad\":\""
              + "y".repeat(40_000)
              + "\",\"_time\":\"2026-05-01T10:00:00Z\",\"source_log_type\":\"customerevent\"}";
      all.add(large);
      assertThat(s.send(SyslogEvents.batch(List.of(large)))).isEmpty();
    }
    assertThat(rsyslog.await(all.size(), 20_000)).isTrue();
    List<Rsyslogd.Received> received = rsyslog.received();
    assertThat(received).hasSize(all.size());
    List<String> got = new ArrayList<>();
    for (Rsyslogd.Received r : received) {
      // rsyslog's own parse of the header
      assertThat(r.version()).isEqualTo("1");
      assertThat(r.appName()).isEqualTo("docusign");
      Rfc5424 m = Rfc5424.parse(r.raw());
      assertThat(r.msgId()).isEqualTo(m.msgId());
      assertThat(r.pri()).isEqualTo(m.facility() * 8 + m.severity());
      assertThat(m.facility()).isEqualTo(16);
      assertThat(m.hostname()).isEqualTo("collector-host");
      assertThat(m.bom()).isTrue();
      got.add(m.msg());
    }
    assertThat(got).containsExactlyElementsOf(all);
    assertThat(received.stream().map(Rsyslogd.Received::msgId).distinct())
        .containsExactlyInAnyOrder("customerevent", "auditusers");
  }
}
