package io.github.docusigncollector.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.sink.EnvelopeFields;
import io.github.docusigncollector.sink.kafka.RecordKeys.Keyed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The record key's fast path answers as {@link EnvelopeFields} does, whatever the event's shape.
 */
class RecordKeysTest {
  private static final List<String> EVENTS =
      List.of(
          // raw customer events and audit users, as collected
          "{\"timestamp\":\"2026-05-01T10:00:00Z\",\"eventId\":\"e-1\",\"userId\":\"u-9\","
              + "\"data\":{\"eventId\":\"nested\",\"list\":[1,{\"id\":\"x\"},\"]}\"]},"
              + "\"_time\":\"2026-05-01T10:00:00Z\",\"source_log_type\":\"customerevent\"}",
          "{\"id\":\"user-7\",\"userId\":\"other\",\"email\":\"a@b\",\"source_log_type\":\"auditusers\"}",
          "{\"userId\":\"first\",\"userId\":\"second\",\"source_log_type\":\"auditusers\"}",
          "{\"userId\":\"only\",\"source_log_type\":\"auditusers\"}",
          "{\"userId\":\"u\",\"id\":\"later-id\",\"source_log_type\":\"auditusers\"}",
          "{\"eventId\":\"a\",\"eventId\":\"b\",\"source_log_type\":\"customerevent\"}",
          // values the fast path leaves to the parser
          "{\"eventId\":\"with \\\"quote\\\" and \\u00e9\",\"source_log_type\":\"customerevent\"}",
          "{\"eventId\":null,\"source_log_type\":\"customerevent\"}",
          "{\"eventId\":12345,\"source_log_type\":\"customerevent\"}",
          "{\"id\":null,\"userId\":\"u-2\",\"source_log_type\":\"auditusers\"}",
          "{ \"eventId\" : \"spaced\" , \"n\" : -1.5e3 , \"t\" : true , \"source_log_type\" : \"x\" }",
          "{\"note\":\"a \\\\ backslash \\\" and } { ] [\",\"eventId\":\"after-escapes\"}",
          "{\"eventId\":\"ünïcödé-ключ\",\"source_log_type\":\"customerevent\"}",
          // OCSF and ECS keep the collected record: read from there
          "{\"class_uid\":3002,\"unmapped\":{\"eventId\":\"ocsf-1\",\"source_log_type\":\"customerevent\"}}",
          "{\"event\":{\"id\":\"ecs\"},\"docusign\":{\"id\":\"user-3\",\"source_log_type\":\"auditusers\"}}",
          // no key, or not an object at all
          "{\"source_log_type\":\"customerevent\"}",
          "{}",
          "[1,2]",
          "{\"eventId\":\"cut",
          "not json");

  @Test
  void theFastPathAndTheParserGiveTheSameKeyAndType() {
    RecordKeys keys = new RecordKeys();
    for (String e : EVENTS) {
      byte[] b = e.getBytes(StandardCharsets.UTF_8);
      EnvelopeFields f = new EnvelopeFields(null);
      f.scan(b, 0, b.length);
      boolean audit = "auditusers".equals(f.sourceLogType());
      String expected = audit ? f.userId() : f.eventId();
      Keyed k = keys.keyed(b);
      assertThat(k.audit()).as(e).isEqualTo(audit);
      assertThat(k.key() == null ? null : new String(k.key(), StandardCharsets.UTF_8))
          .as(e)
          .isEqualTo(expected);
    }
  }

  @Test
  void theKeysAreThoseOfTheIssue() {
    RecordKeys keys = new RecordKeys();
    assertThat(key(keys, EVENTS.get(0))).isEqualTo("e-1");
    assertThat(key(keys, EVENTS.get(1))).isEqualTo("user-7");
    assertThat(key(keys, EVENTS.get(3))).isEqualTo("only");
    assertThat(key(keys, EVENTS.get(13))).isEqualTo("ocsf-1");
    assertThat(key(keys, EVENTS.get(14))).isEqualTo("user-3");
  }

  private static String key(RecordKeys keys, String event) {
    byte[] k = keys.keyed(event.getBytes(StandardCharsets.UTF_8)).key();
    return k == null ? null : new String(k, StandardCharsets.UTF_8);
  }
}
