package io.github.docusigncollector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.format.EventRewriter;
import io.github.docusigncollector.format.OutputFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The envelope fields of an event are the same whether it is delivered raw, in OCSF or in ECS. */
class EnvelopeFieldsTest {
  private static final String EVENT =
      "{\"timestamp\":\"2026-05-01T11:59:58.1234567Z\",\"eventId\":\"5f0c9a1e-0000-4000-8000-000000000001\","
          + "\"site\":\"NA3\",\"accountId\":\"a1\",\"organizationId\":\"o1\",\"userId\":\"u1\","
          + "\"integratorKey\":\"\",\"userAgent\":\"Mozilla/5.0\",\"ipAddress\":\"203.0.113.9\","
          + "\"geoLocation\":{\"latitude\":0,\"longitude\":0},\"object\":\"Login\","
          + "\"action\":\"Login\",\"property\":\"\",\"field\":\"\",\"result\":\"Failed\","
          + "\"data\":{},\"_time\":\"2026-05-01T11:59:58Z\",\"source_log_type\":\"customerevent\"}";
  private static final String USER =
      "{\"id\":\"7c1e0000-0000-4000-8000-000000000002\",\"user_name\":\"Ann Lee\","
          + "\"email\":\"ann@example.com\",\"user_status\":\"active\","
          + "\"userSettings\":{\"modifiedDate\":\"5/1/2026 11:00:00 AM\"},"
          + "\"_time\":\"2026-05-01T11:00:00Z\",\"source_log_type\":\"auditusers\"}";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest
  @EnumSource(OutputFormat.class)
  void aCustomerEventGivesItsFieldsInEveryFormat(OutputFormat format) {
    EnvelopeFields f = scan(map(format, EventType.CUSTOMER_EVENTS, EVENT), "@timestamp");
    assertThat(f.isObject()).isTrue();
    assertThat(f.time()).isEqualTo("2026-05-01T11:59:58Z");
    assertThat(f.sourceLogType()).isEqualTo("customerevent");
    assertThat(f.eventId()).isEqualTo("5f0c9a1e-0000-4000-8000-000000000001");
    assertThat(f.object()).isEqualTo("Login");
    assertThat(f.action()).isEqualTo("Login");
    assertThat(f.result()).isEqualTo("Failed");
    // ECS events carry @timestamp of their own; raw and OCSF events get it from the sink.
    assertThat(f.hasExtra()).isEqualTo(format == OutputFormat.ECS);
  }

  @ParameterizedTest
  @EnumSource(OutputFormat.class)
  void anAuditUserGivesItsIdInEveryFormat(OutputFormat format) {
    EnvelopeFields f = scan(map(format, EventType.AUDIT_USERS, USER), "TimeGenerated");
    assertThat(f.time()).isEqualTo("2026-05-01T11:00:00Z");
    assertThat(f.sourceLogType()).isEqualTo("auditusers");
    assertThat(f.userId()).isEqualTo("7c1e0000-0000-4000-8000-000000000002");
    assertThat(f.hasExtra()).isFalse();
  }

  @Test
  void notAnObjectIsSaidSo() {
    EnvelopeFields f = scan("[1,2]", null);
    assertThat(f.isObject()).isFalse();
    assertThat(f.time()).isNull();
    f = scan("{\"_time\":\"2026-05-01T11:00:00Z\",", null);
    assertThat(f.isObject()).isFalse();
  }

  @Test
  void theByteScannerReadsWhatTheParserReads() {
    EnvelopeFields f = scan("{\"eventId\":\"a\\\"b\",\"_time\":\"t\"}", null);
    assertThat(f.eventId()).isEqualTo("a\"b"); // an escape: read by the parser
    assertThat(f.time()).isEqualTo("t");
    f = scan("{ \"eventId\" : 123 , \"source_log_type\":null,\"id\":null,\"userId\":\"u\"}", null);
    assertThat(f.eventId()).isEqualTo("123");
    assertThat(f.sourceLogType()).isEqualTo("null");
    assertThat(f.userId()).isEqualTo("u");
    f =
        scan(
            "{\"x\":{\"_time\":\"nested\",\"y\":[1,-2.5E+3,true,false,null,\"\\u00e9\"]},\"_time\":\"top\"}",
            null);
    assertThat(f.isObject()).isTrue();
    assertThat(f.time()).isEqualTo("top");
    f = scan("{\"_time\":1,\"object\":\"é\",\"TimeGenerated\":{\"a\":1}}", "TimeGenerated");
    assertThat(f.time()).isNull();
    assertThat(f.object()).isEqualTo("é");
    assertThat(f.hasExtra()).isTrue();
    f =
        scan(
            "{\"unmapped\":{\"eventId\":\"e\",\"TimeGenerated\":\"x\",\"n\":{}},\"TimeGenerated\":\"y\"}",
            "TimeGenerated");
    assertThat(f.eventId()).isEqualTo("e");
    assertThat(f.hasExtra()).isTrue();
    f = scan("{\"unmapped\":{\"TimeGenerated\":\"x\"}}", "TimeGenerated");
    assertThat(f.hasExtra()).isFalse();
    assertThat(scan("{\"a\":01}", null).isObject()).isFalse();
    assertThat(scan("{\"a\":tru}", null).isObject()).isFalse();
    assertThat(scan("{\"a\":\"x\" \"b\":1}", null).isObject()).isFalse();
    assertThat(scan("{\"a\":[1,]}", null).isObject()).isFalse();
    assertThat(scan(" {} ", null).isObject()).isTrue();
  }

  private static String map(OutputFormat format, EventType type, String line) {
    byte[] in = (line + "\n").getBytes(StandardCharsets.UTF_8);
    Batch mapped =
        new EventRewriter(format, null, CLOCK)
            .rewrite(type, new Batch(in, in.length, 1), new LineBuffer(1024));
    String out = new String(mapped.data(), 0, mapped.length(), StandardCharsets.UTF_8).trim();
    if (format != OutputFormat.RAW) {
      assertThat(out).doesNotStartWith("{\"_time\"").isNotEqualTo(line);
    }
    return out;
  }

  private static EnvelopeFields scan(String line, String extra) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    EnvelopeFields f = new EnvelopeFields(extra);
    f.scan(b, 0, b.length);
    return f;
  }
}
