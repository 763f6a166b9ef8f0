package io.github.docusigncollector.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.simulator.syslog.Rfc5424;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SyslogFormatTest {
  private final SyslogFormat format = new SyslogFormat(16, "collector-host", "docusign");

  private Rfc5424 parse(String event) {
    return Rfc5424.parse(format.message(event.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void customerEventHeaderComesFromItsFieldsAndTheMessageIsTheJsonAfterABom() {
    String event = SyslogEvents.event(3, "Sent");
    Rfc5424 m = parse(event);
    assertThat(m.facility()).isEqualTo(16);
    assertThat(m.severity()).isEqualTo(SyslogFormat.INFORMATIONAL);
    assertThat(m.timestamp()).isEqualTo("2026-05-01T10:00:03Z");
    assertThat(m.hostname()).isEqualTo("collector-host");
    assertThat(m.appName()).isEqualTo("docusign");
    assertThat(m.procId()).isEqualTo("-");
    assertThat(m.msgId()).isEqualTo("customerevent");
    assertThat(m.structuredData()).isEqualTo("-");
    assertThat(m.bom()).isTrue();
    assertThat(m.msg()).isEqualTo(event);
  }

  @Test
  void exactBytesOfOneMessage() {
    String event = "{\"_time\":\"2026-05-01T10:00:00Z\",\"source_log_type\":\"auditusers\"}";
    byte[] msg = format.message(event.getBytes(StandardCharsets.UTF_8));
    byte[] head =
        "<134>1 2026-05-01T10:00:00Z collector-host docusign - auditusers - "
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(msg).startsWith(head);
    assertThat(msg[head.length] & 0xff).isEqualTo(0xEF);
    assertThat(msg[head.length + 1] & 0xff).isEqualTo(0xBB);
    assertThat(msg[head.length + 2] & 0xff).isEqualTo(0xBF);
    assertThat(
            new String(msg, head.length + 3, msg.length - head.length - 3, StandardCharsets.UTF_8))
        .isEqualTo(event);
  }

  @Test
  void alertsAndFailuresAreWarnings() {
    assertThat(parse(SyslogEvents.event(1, "LoginFailed")).severity())
        .isEqualTo(SyslogFormat.WARNING);
    assertThat(SyslogFormat.severity("Alert", "SameSenderAndSigner", "")).isEqualTo(4);
    assertThat(SyslogFormat.severity("Account", "Login", "Failed")).isEqualTo(4);
    assertThat(SyslogFormat.severity("Envelope", "Created", "Success")).isEqualTo(6);
    assertThat(SyslogFormat.severity(null, null, null)).isEqualTo(6);
  }

  @Test
  void fieldsRfc5424CannotCarryBecomeNilOrAreCleaned() {
    Rfc5424 noTime = parse("{\"eventId\":\"x\"}");
    assertThat(noTime.timestamp()).isEqualTo("-");
    assertThat(noTime.msgId()).isEqualTo("-");
    // seven fraction digits are more than RFC 5424 allows
    assertThat(parse("{\"_time\":\"2026-05-01T10:00:00.1234567Z\"}").timestamp()).isEqualTo("-");
    assertThat(parse("{\"_time\":\"2026-05-01T10:00:00.123+02:00\"}").timestamp())
        .isEqualTo("2026-05-01T10:00:00.123+02:00");
    assertThat(
            parse("{\"source_log_type\":\"a very long type name with spaces, more than 32\"}")
                .msgId())
        .isEqualTo("a_very_long_type_name_with_space");
    Rfc5424 notJson = parse("not json");
    assertThat(notJson.msg()).isEqualTo("not json");
    SyslogFormat odd = new SyslogFormat(0, "host name ü", "app");
    assertThat(Rfc5424.parse(odd.message("{}".getBytes(StandardCharsets.UTF_8))).hostname())
        .isEqualTo("host_name__");
  }
}
