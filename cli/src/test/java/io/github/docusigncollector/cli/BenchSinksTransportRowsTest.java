package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.bench.BenchOptions;
import io.github.docusigncollector.sink.kafka.KafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --scenario sinks} in-process on a small backlog: the syslog row (into the
 * simulator's receiver) always, and the kafka row when {@code --kafka-bootstrap} names a broker
 * (here the real in-process KRaft broker), every event of the backlog delivered in each.
 */
class BenchSinksTransportRowsTest {
  @TempDir Path dir;

  @Test
  void syslogAlwaysAndKafkaWhenABrokerIsGiven() throws Exception {
    try (KafkaBroker broker = new KafkaBroker()) {
      broker.createTopics(BenchOptions.KAFKA_TOPIC);
      CliRun r =
          CliRun.run(
              dir,
              Map.of(),
              "bench",
              "--scenario",
              "sinks",
              "--events",
              "3000",
              "--json",
              "--kafka-bootstrap",
              broker.bootstrap());

      assertThat(r.exitCode()).as(r.err()).isZero();
      JsonNode rows = new ObjectMapper().readTree(r.out());
      List<String> names = new ArrayList<>();
      rows.forEach(n -> names.add(n.path("scenario").asText()));
      assertThat(names).contains("sinks-file", "sinks-syslog", "sinks-kafka");
      for (JsonNode row : rows) {
        String name = row.path("scenario").asText();
        if (name.equals("sinks-syslog") || name.equals("sinks-kafka")) {
          assertThat(row.path("events").asLong()).as(name).isEqualTo(3000);
          assertThat(row.path("events_per_s").asDouble()).as(name).isPositive();
          assertThat(row.path("wall_s").asDouble()).as(name).isPositive();
        }
      }
      // the bench's own check: what the collector counted as delivered is what the topic holds
      assertThat(broker.readAll(BenchOptions.KAFKA_TOPIC, 3000)).hasSize(3000);
    }
  }
}
