package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench} in-process (no fat jar: the collector runs in-process, heap is not measured). */
class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void anUnknownScenarioIsAUsageError() {
    CliRun r = CliRun.run(dir, Map.of(), "bench", "--scenario", "fastest");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--scenario fastest", "users-incremental");
  }

  @Test
  void aKafkaBootstrapThatIsNotHostAndPortIsAUsageError() {
    CliRun r =
        CliRun.run(dir, Map.of(), "bench", "--scenario", "sinks", "--kafka-bootstrap", "broker");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--kafka-bootstrap broker", "HOST:PORT");
  }

  @Test
  void jsonIsOneArrayOnStdoutWithOursAndTheBaseline() throws Exception {
    CliRun r = CliRun.run(dir, Map.of(), "bench", "--scenario", "users-incremental", "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode a = new ObjectMapper().readTree(r.out());
    assertThat(a.isArray()).isTrue();
    assertThat(a).hasSize(1);
    JsonNode row = a.get(0);
    assertThat(row.path("scenario").asText()).isEqualTo("users-incremental");
    assertThat(row.path("events").asLong()).isEqualTo(10);
    assertThat(row.path("api_calls").asLong()).isBetween(11L, 14L);
    assertThat(row.path("lag_s").isNull()).isTrue();
    assertThat(row.path("baseline").path("api_calls").asLong()).isEqualTo(13);
    assertThat(r.err()).contains("users-incremental", "ratio");
  }
}
