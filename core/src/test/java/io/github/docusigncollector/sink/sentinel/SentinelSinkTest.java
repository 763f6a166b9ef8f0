package io.github.docusigncollector.sink.sentinel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.simulator.receivers.SentinelReceiver;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkSettings;
import io.github.docusigncollector.sink.remote.SinkTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sentinel sink against the embedded token endpoint + Logs Ingestion API, batch by batch. */
class SentinelSinkTest {
  private static final String SECRET = "core~test.secret-" + 42;

  @TempDir Path dir;
  private final SinkTestSupport support = new SinkTestSupport();
  private SentinelReceiver az;

  @BeforeEach
  void start() {
    az = new SentinelReceiver(SECRET, false, 0, support.clock);
    az.start();
  }

  @AfterEach
  void stop() {
    az.close();
  }

  private Sink open(String extra) throws Exception {
    ObjectNode node =
        (ObjectNode)
            new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(az.outputYaml(SECRET) + extra)
                .get("output")
                .deepCopy();
    SentinelSinkType type = new SentinelSinkType();
    List<String> problems = new ArrayList<>();
    SinkSettings s = type.keys().parse("sentinel", node, Map.of(), dir, problems);
    type.validate(s, problems);
    assertThat(problems).isEmpty();
    return type.open(s, support.context(dir));
  }

  @Test
  void aRevokedTokenIsReplacedOnceAndTheBatchDelivered() throws Exception {
    try (Sink sink = open("")) {
      sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 50)));
      az.ingestion().revokeTokens();
      sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(50, 50)));
    }
    assertThat(az.ingestion().rows()).hasSize(100);
    assertThat(az.ingestion().tokensIssued()).isEqualTo(2);
    assertThat(az.requests().stream().filter(q -> q.status() == 401)).hasSize(1);
  }

  @Test
  void aTokenIsReusedUntilShortlyBeforeItExpires() throws Exception {
    try (Sink sink = open("")) {
      for (int i = 0; i < 5; i++) {
        sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(i * 10, 10)));
        support.clock.advance(java.time.Duration.ofMinutes(10)); // 50 minutes in all
      }
      assertThat(az.ingestion().tokensIssued()).isEqualTo(1);
      support.clock.advance(java.time.Duration.ofMinutes(5)); // within 5 minutes of the end
      sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(100, 10)));
    }
    assertThat(az.ingestion().tokensIssued()).isEqualTo(2);
    assertThat(az.requests()).noneSatisfy(q -> assertThat(q.status()).isEqualTo(401));
  }

  @Test
  void aLoneEventAboveTheLimitIsADeadLetterWithoutACall() throws Exception {
    List<String> events = new ArrayList<>(SinkTestSupport.events(0, 20));
    // 1.1 MB of text that gzip shrinks a lot: the uncompressed size alone is over the limit
    events.add(
        5,
        "{\"eventId\":\"huge\",\"_time\":\"2026-01-01T00:00:00Z\",\"pad\":\""
            + "y".repeat(1_100_000)
            + "\"}");
    try (Sink sink = open("  batch_max_bytes: 1040000\n")) {
      sink.deliver(SinkTestSupport.batch(events));
    }
    assertThat(az.ingestion().rows()).hasSize(20);
    List<String> dead = Files.readAllLines(dir.resolve("dead-letter.jsonl"));
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0)).contains("\"huge\"").contains("1048576");
    assertThat(az.requests()).noneSatisfy(q -> assertThat(q.bodyBytes()).isGreaterThan(1_048_576));
    assertThat(az.requests()).noneSatisfy(q -> assertThat(q.status()).isEqualTo(413));
  }
}
