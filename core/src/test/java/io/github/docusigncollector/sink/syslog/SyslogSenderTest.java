package io.github.docusigncollector.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.docusigncollector.simulator.SelfSignedCertificate;
import io.github.docusigncollector.simulator.syslog.Rfc5424;
import io.github.docusigncollector.simulator.syslog.SyslogReceiver;
import io.github.docusigncollector.sink.SinkException;
import io.github.docusigncollector.sink.TransportSink;
import io.github.docusigncollector.sink.syslog.SyslogSettings.Framing;
import io.github.docusigncollector.sink.syslog.SyslogSettings.Protocol;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogSenderTest {
  @TempDir Path tmp;

  static SyslogSettings settings(Protocol protocol, Framing framing, int port, Path caFile) {
    return new SyslogSettings(
        "127.0.0.1",
        port,
        protocol,
        framing,
        16,
        "docusign",
        SyslogSettings.DEFAULT_MAX_MESSAGE_BYTES,
        false,
        caFile,
        Duration.ofSeconds(5));
  }

  private static List<String> msgs(SyslogReceiver r) {
    List<String> out = new ArrayList<>();
    for (byte[] m : r.messages()) {
      out.add(Rfc5424.parse(m).msg());
    }
    return out;
  }

  @Test
  void octetCountedAndNewlineFramedBatchesArriveWhole() throws Exception {
    for (Framing framing : Framing.values()) {
      try (SyslogReceiver r = SyslogReceiver.tcp();
          SyslogSender s =
              new SyslogSender(settings(Protocol.TCP, framing, r.port(), null), "host")) {
        List<String> events = SyslogEvents.backlog(0, 500);
        assertThat(s.send(SyslogEvents.batch(events))).isEmpty();
        assertThat(r.await(500, 5000)).isTrue();
        assertThat(msgs(r)).containsExactlyElementsOf(events);
      }
    }
  }

  @Test
  void aReceiverThatClosedTheConnectionOrRestartedBetweenBatchesLosesNothing() throws Exception {
    try (SyslogReceiver r = SyslogReceiver.tcp();
        SyslogSender s =
            new SyslogSender(
                settings(Protocol.TCP, Framing.OCTET_COUNTING, r.port(), null), "host")) {
      List<String> all = new ArrayList<>();
      for (int b = 0; b < 6; b++) {
        List<String> events = SyslogEvents.backlog(b * 100, 100);
        all.addAll(events);
        s.send(SyslogEvents.batch(events));
        assertThat(r.await(all.size(), 5000)).isTrue();
        if (b % 2 == 0) {
          r.closeConnections();
        } else {
          r.stop();
          r.start();
        }
        Thread.sleep(50); // the FIN reaches the sender
      }
      assertThat(msgs(r)).containsExactlyElementsOf(all);
      assertThat(s.connects()).isEqualTo(6);
    }
  }

  @Test
  void aStoppedReceiverIsATransientFailureAndTheBatchGoesWholeOnceItIsBack() throws Exception {
    try (SyslogReceiver r = SyslogReceiver.tcp();
        SyslogSender s =
            new SyslogSender(
                settings(Protocol.TCP, Framing.OCTET_COUNTING, r.port(), null), "host")) {
      r.stop();
      List<String> events = SyslogEvents.backlog(0, 50);
      assertThatThrownBy(() -> s.send(SyslogEvents.batch(events))).isInstanceOf(IOException.class);
      r.start();
      s.send(SyslogEvents.batch(events));
      assertThat(r.await(50, 5000)).isTrue();
      assertThat(msgs(r)).containsExactlyElementsOf(events);
    }
  }

  @Test
  void anEventLongerThanMaxMessageBytesIsReturnedNotSent() throws Exception {
    try (SyslogReceiver r = SyslogReceiver.tcp()) {
      SyslogSettings small =
          new SyslogSettings(
              "127.0.0.1",
              r.port(),
              Protocol.TCP,
              Framing.OCTET_COUNTING,
              16,
              "docusign",
              1000,
              false,
              null,
              Duration.ofSeconds(5));
      String big = "{\"eventId\":\"big\",\"pad\":\"" + "x".repeat(1000) + "\"}";
      List<String> events = new ArrayList<>(SyslogEvents.backlog(0, 3));
      events.add(1, big);
      try (SyslogSender s = new SyslogSender(small, "host")) {
        List<TransportSink.Rejected> rejected = s.send(SyslogEvents.batch(events));
        assertThat(rejected).hasSize(1);
        assertThat(new String(rejected.get(0).event(), StandardCharsets.UTF_8)).isEqualTo(big);
        assertThat(rejected.get(0).reason()).contains("output.max_message_bytes");
      }
      assertThat(r.await(3, 5000)).isTrue();
      events.remove(1);
      assertThat(msgs(r)).containsExactlyElementsOf(events);
    }
  }

  @Test
  void tlsVerifiesTheReceiverAgainstCaFile() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create("changeit-" + System.nanoTime());
    Path ca = tmp.resolve("ca.pem");
    cert.writePem(ca, tmp.resolve("key.pem"));
    try (SyslogReceiver r = SyslogReceiver.tls(cert.sslContext())) {
      try (SyslogSender untrusted =
          new SyslogSender(
              settings(Protocol.TLS, Framing.OCTET_COUNTING, r.port(), null), "host")) {
        assertThatThrownBy(() -> untrusted.send(SyslogEvents.batch(SyslogEvents.backlog(0, 1))))
            .isInstanceOf(SinkException.class)
            .hasMessageContaining("output.ca_file")
            .hasMessageContaining("output.insecure");
      }
      List<String> events = SyslogEvents.backlog(0, 200);
      try (SyslogSender s =
          new SyslogSender(settings(Protocol.TLS, Framing.OCTET_COUNTING, r.port(), ca), "host")) {
        s.send(SyslogEvents.batch(events.subList(0, 100)));
        assertThat(r.await(100, 5000)).isTrue();
        r.closeConnections();
        Thread.sleep(50);
        s.send(SyslogEvents.batch(events.subList(100, 200)));
        assertThat(r.await(200, 5000)).isTrue();
        assertThat(s.connects()).isEqualTo(2);
      }
      assertThat(msgs(r)).containsExactlyElementsOf(events);
    }
  }

  @Test
  void tlsRefusesAReceiverWhoseCertificateNamesAnotherHost() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create("changeit-" + System.nanoTime());
    Path ca = tmp.resolve("ca.pem");
    cert.writePem(ca, tmp.resolve("key.pem"));
    try (SyslogReceiver r =
        SyslogReceiver.tls(cert.sslContext(), InetAddress.getByName("127.0.0.2"))) {
      // the certificate is for 127.0.0.1 and localhost, not for 127.0.0.2
      SyslogSettings other =
          new SyslogSettings(
              "127.0.0.2",
              r.port(),
              Protocol.TLS,
              Framing.OCTET_COUNTING,
              16,
              "docusign",
              65536,
              false,
              ca,
              Duration.ofSeconds(5));
      try (SyslogSender s = new SyslogSender(other, "host")) {
        assertThatThrownBy(() -> s.send(SyslogEvents.batch(SyslogEvents.backlog(0, 1))))
            .isInstanceOf(SinkException.class)
            .hasMessageContaining("TLS handshake failed");
      }
      assertThat(r.count()).isZero();
    }
  }

  @Test
  void udpSendsOneDatagramPerMessage() throws Exception {
    try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(5000);
      List<String> events = SyslogEvents.backlog(0, 5);
      try (SyslogSender s =
          new SyslogSender(
              settings(Protocol.UDP, Framing.OCTET_COUNTING, server.getLocalPort(), null),
              "host")) {
        s.send(SyslogEvents.batch(events));
      }
      List<String> got = new ArrayList<>();
      byte[] buf = new byte[65536];
      for (int i = 0; i < 5; i++) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        server.receive(p);
        byte[] m = java.util.Arrays.copyOf(p.getData(), p.getLength());
        got.add(Rfc5424.parse(m).msg());
      }
      assertThat(got).containsExactlyElementsOf(events);
    }
  }
}
