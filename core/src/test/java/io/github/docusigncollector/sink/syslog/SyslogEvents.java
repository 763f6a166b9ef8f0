package io.github.docusigncollector.sink.syslog;

import io.github.docusigncollector.sink.Batch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Event lines shaped as the collector delivers them, for the syslog tests. */
final class SyslogEvents {
  private SyslogEvents() {}

  /** {@code n} events from {@code first} on: customer events, every fifth an audit user. */
  static List<String> backlog(int first, int n) {
    List<String> lines = new ArrayList<>();
    for (int i = first; i < first + n; i++) {
      lines.add(i % 5 == 4 ? user(i) : event(i, i % 7 == 0 ? "LoginFailed" : "Sent"));
    }
    return lines;
  }

  static String event(int i, String action) {
    return "{\"timestamp\":\"2026-05-01T10:00:00.1234567Z\",\"eventId\":\"ev-"
        + i
        + "\",\"object\":\"Envelope\",\"action\":\""
        + action
        + "\",\"data\":{\"note\":\"ünïcödé \\\"quoted\\\" and a tab\\t\"},\"_time\":\"2026-05-01T10:00:"
        + String.format("%02d", i % 60)
        + "Z\",\"source_log_type\":\"customerevent\"}";
  }

  static String user(int i) {
    return "{\"id\":\"user-"
        + i
        + "\",\"email\":\"u"
        + i
        + "@example.com\",\"_time\":\"2026-05-01T09:00:00Z\",\"source_log_type\":\"auditusers\"}";
  }

  static Batch batch(List<String> lines) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String l : lines) {
      b.writeBytes(l.getBytes(StandardCharsets.UTF_8));
      b.write('\n');
    }
    byte[] data = b.toByteArray();
    return new Batch(data, data.length, lines.size());
  }
}
