package io.github.docusigncollector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.monitor.EventTime;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.SimClock;
import io.github.docusigncollector.sink.FileSink;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A simulator on loopback with an injected clock, a config pointing at it, and a state dir. */
final class Harness implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant START = Instant.parse("2026-05-01T12:00:00Z");

  final SimClock clock = SimClock.fixed(START);
  final DocuSignSimulator sim;
  final Path dir;
  final CollectorConfig config;
  final StateStore state;
  private final List<AutoCloseable> open = new ArrayList<>();

  /** Limits so high that only the test's own faults throttle. */
  static final String NO_LIMITS = "api_budget_per_hour: 100000\napi_burst_per_30s: 100000\n";

  Harness(Path dir, Consumer<DocuSignSimulator.Builder> sim, String extraYaml) {
    this(dir, sim, extraYaml, NO_LIMITS);
  }

  /** {@code limitsYaml} replaces {@link #NO_LIMITS} ("" = the collector's defaults). */
  Harness(Path dir, Consumer<DocuSignSimulator.Builder> sim, String extraYaml, String limitsYaml) {
    this.dir = dir;
    DocuSignSimulator.Builder b =
        DocuSignSimulator.builder()
            .clock(clock)
            .consent(true)
            .hourlyLimit(1_000_000)
            .burstLimit(1_000_000);
    sim.accept(b);
    this.sim = b.start();
    try {
      Path key = dir.resolve("key.pem");
      Files.writeString(key, this.sim.privateKeyPkcs8Pem());
      Path yaml = dir.resolve("docusign-collector.yaml");
      Files.writeString(
          yaml,
          this.sim.collectorConfigYaml(key)
              + "first_fetch: 1h\n"
              + limitsYaml
              + "state_dir: "
              + dir.resolve("state")
              + "\n"
              + extraYaml);
      this.config = ConfigLoader.load(yaml, Map.of(), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.state = new StateStore(config.stateDir());
  }

  DocuSignClient client() {
    DocuSignClient c = new DocuSignClient(config, state, clock, clock::advance);
    open.add(c);
    return c;
  }

  Path eventsFile() {
    return config.output().path();
  }

  FileSink fileSink() {
    FileSink s =
        new FileSink(config.output().path(), config.output().rotateBytes(), config.output().keep());
    open.add(s);
    return s;
  }

  Collector collector(Sink sink) {
    return new Collector(config, client(), state, sink, clock, Progress.NONE);
  }

  Collector collector() {
    return collector(fileSink());
  }

  List<JsonNode> delivered() {
    try {
      List<JsonNode> out = new ArrayList<>();
      // rotated files first, oldest (highest number) first, then the live file
      List<Path> files = new ArrayList<>();
      for (int i = config.output().keep(); i >= 1; i--) {
        files.add(eventsFile().resolveSibling(eventsFile().getFileName() + "." + i));
      }
      files.add(eventsFile());
      for (Path f : files) {
        if (!Files.exists(f)) {
          continue;
        }
        for (String line : Files.readAllLines(f)) {
          out.add(JSON.readTree(line));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every user of the simulator was delivered, and the last record delivered for each carries its
   * current modification time.
   */
  void assertEveryUserInItsLatestState() {
    Map<String, JsonNode> latest = new HashMap<>();
    for (JsonNode n : delivered()) {
      latest.put(n.path("id").asText(), n);
    }
    assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(sim.userIds());
    sim.userModifiedAt()
        .forEach(
            (id, at) ->
                assertThat(latest.get(id).path("_time").asText())
                    .as("user %s", id)
                    .isEqualTo(
                        EventTime.format(at.truncatedTo(ChronoUnit.SECONDS).getEpochSecond())));
  }

  List<String> deliveredIds(String field) {
    return delivered().stream().map(n -> n.path(field).asText()).toList();
  }

  long requests(Endpoint... endpoints) {
    List<Endpoint> list = List.of(endpoints);
    return sim.requests().stream().filter(r -> list.contains(r.endpoint())).count();
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    sim.close();
  }
}
