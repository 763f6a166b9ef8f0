package io.github.docusigncollector.sink.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.docusigncollector.config.CollectorConfig.OutputConfig;
import io.github.docusigncollector.simulator.receivers.XsiamReceiver;
import io.github.docusigncollector.sink.DeadLetters;
import io.github.docusigncollector.sink.OutputParser;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkException;
import io.github.docusigncollector.sink.Sinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared delivery machinery, over loopback HTTP against the XSIAM receiver. */
class RemoteSinkTest {
  private static final String KEY = "xsiam-api-key-0123456789abcdef";

  @TempDir Path dir;
  private final SinkTestSupport t = new SinkTestSupport();
  private final XsiamReceiver receiver = new XsiamReceiver(KEY);
  private Sink sink;

  @AfterEach
  void stop() {
    if (sink != null) {
      sink.close();
    }
    receiver.close();
  }

  private Sink open(String extra) throws Exception {
    receiver.start();
    String yaml =
        "{type: xsiam, url: '"
            + receiver.baseUrl()
            + "/logs/v1/event', api_key: "
            + KEY
            + (extra.isEmpty() ? "" : ", " + extra)
            + "}";
    List<String> problems = new ArrayList<>();
    JsonNode node = new YAMLMapper().readTree(yaml);
    OutputConfig o = OutputParser.parse(node, dir, Map.of(), dir, problems);
    assertThat(problems).isEmpty();
    sink = Sinks.open(o, t.context(dir));
    return sink;
  }

  @Test
  void deliversEveryEventOnceSplitByEventsAndBytesGzipped() throws Exception {
    open("batch_max_events: 300, batch_max_bytes: 20000");
    List<String> events = SinkTestSupport.events(0, 2000);
    Sink.Ack ack = sink.deliver(SinkTestSupport.batch(events));
    assertThat(ack.events()).isEqualTo(2000);
    assertThat(receiver.events()).containsExactlyElementsOf(events);
    assertThat(receiver.requests())
        .allSatisfy(r -> assertThat(r.header("Content-Encoding")).isEqualTo("gzip"));
    assertThat(receiver.requests())
        .allSatisfy(r -> assertThat(r.bodyBytes()).isLessThanOrEqualTo(20000));
    assertThat(receiver.requests())
        .allSatisfy(r -> assertThat(r.wireBytes()).isLessThan(r.bodyBytes()));
    assertThat(receiver.requests().size()).isGreaterThanOrEqualTo(2000 / 300 + 1);
    assertThat(receiver.requests().get(0).header("Authorization")).isEqualTo(KEY);
  }

  @Test
  void aLargePageThatFitsOneRequestGoesAsTwoInOrder() throws Exception {
    open("batch_max_events: 100000, batch_max_bytes: 100000000");
    List<String> events = new ArrayList<>();
    String pad = "x".repeat(900);
    for (int i = 0; i < 1500; i++) {
      events.add("{\"n\":" + i + ",\"pad\":\"" + pad + "\"}");
    }
    sink.deliver(SinkTestSupport.batch(events));
    assertThat(receiver.events()).containsExactlyElementsOf(events);
    assertThat(receiver.requests()).hasSize(2);
    // A small page stays one request.
    receiver.clear();
    sink.deliver(SinkTestSupport.batch(events.subList(0, 100)));
    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void theCheckpointBarrierRunsOnceWithTheFirstPartReadyAndNothingSent() throws Exception {
    open("batch_max_events: 300");
    List<String> events = SinkTestSupport.events(0, 1000);
    List<Integer> requestsAtBarrier = new ArrayList<>();
    sink.deliver(
        SinkTestSupport.batch(events), () -> requestsAtBarrier.add(receiver.requests().size()));
    assertThat(requestsAtBarrier).containsExactly(0);
    assertThat(receiver.events()).containsExactlyElementsOf(events);
    assertThat(receiver.requests()).hasSize(4);

    // A barrier that fails (the checkpoint could not be written): nothing of the batch leaves.
    receiver.clear();
    assertThatThrownBy(
            () ->
                sink.deliver(
                    SinkTestSupport.batch(events),
                    () -> {
                      throw new IllegalStateException("checkpoint not written (test)");
                    }))
        .hasMessage("checkpoint not written (test)");
    assertThat(receiver.requests()).isEmpty();
    assertThat(t.context(dir).deadLetterFile()).doesNotExist();
  }

  @Test
  void uncompressedWhenAsked() throws Exception {
    receiver.gzipConfigured(false);
    open("compression: none");
    sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 10)));
    assertThat(receiver.eventCount()).isEqualTo(10);
    assertThat(receiver.requests().get(0).header("Content-Encoding")).isNull();
  }

  @Test
  void transientFailuresAreRetriedHonouringRetryAfter() throws Exception {
    open("");
    receiver.failNext(3, 503, "{\"error\":\"busy\"}", Duration.ofSeconds(7));
    sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 50)));
    assertThat(receiver.eventCount()).isEqualTo(50);
    assertThat(t.sleeps)
        .hasSize(3)
        .allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(7)));
  }

  @Test
  void aTwoHundredThatIsNotTheCollectorsAnswerIsSentAgain() throws Exception {
    open("");
    receiver.failNext(1, 200, "<html>captive portal</html>");
    sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 5)));
    assertThat(receiver.eventCount()).isEqualTo(5);
    assertThat(t.sleeps).hasSize(1);
  }

  @Test
  void everyTransientStatusIsRetried() throws Exception {
    open("");
    for (int status : new int[] {429, 500, 502, 503, 504}) {
      receiver.failNext(1, status, "");
      sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(status, 1)));
    }
    assertThat(receiver.eventCount()).isEqualTo(5);
  }

  @Test
  void aReceiverDownForLessThanRetryForStillGetsEverything() throws Exception {
    open("retry_for: 2m");
    receiver.down();
    java.time.Instant back = t.clock.instant().plus(Duration.ofSeconds(90));
    t.onSleep =
        () -> {
          if (!t.clock.instant().isBefore(back)) {
            receiver.up();
          }
        };
    sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 100)));
    assertThat(receiver.eventCount()).isEqualTo(100);
    assertThat(t.sleeps.size()).isGreaterThan(2);
  }

  @Test
  void aReceiverDownForLongerThanRetryForFailsTheDeliveryNamingTheSink() throws Exception {
    open("retry_for: 1m");
    receiver.down();
    assertThatThrownBy(() -> sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 10))))
        .isInstanceOf(SinkException.class)
        .hasMessageContaining("xsiam sink")
        .hasMessageContaining("output.retry_for")
        .hasMessageContaining("connection refused");
    Duration slept = t.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(slept).isEqualTo(Duration.ofMinutes(1));
    assertThat(receiver.eventCount()).isZero();
  }

  @Test
  void tooLargeSplitsDownAndNoAcceptedRequestIsAboveTheLimit() throws Exception {
    open("batch_max_bytes: 1000000");
    receiver.maxBodyBytes(5000);
    List<String> events = SinkTestSupport.events(0, 400);
    sink.deliver(SinkTestSupport.batch(events));
    assertThat(receiver.events()).containsExactlyInAnyOrderElementsOf(events);
    assertThat(receiver.requests()).anySatisfy(r -> assertThat(r.status()).isEqualTo(413));
    assertThat(receiver.requests().stream().filter(r -> r.status() == 200))
        .allSatisfy(r -> assertThat(r.bodyBytes()).isLessThanOrEqualTo(5000));
  }

  @Test
  void aSingleEventTooLargeGoesToTheDeadLetters() throws Exception {
    open("");
    receiver.maxBodyBytes(300);
    List<String> events = new ArrayList<>(SinkTestSupport.events(0, 4));
    String big = "{\"eventId\":\"big\",\"pad\":\"" + "y".repeat(1000) + "\"}";
    events.add(2, big);
    Sink.Ack ack = sink.deliver(SinkTestSupport.batch(events));
    assertThat(ack.events()).isEqualTo(5);
    assertThat(receiver.events()).hasSize(4).doesNotContain(big);
    List<String> dead = Files.readAllLines(dir.resolve(DeadLetters.FILE_NAME));
    assertThat(dead).hasSize(1);
    JsonNode d = new ObjectMapper().readTree(dead.get(0));
    assertThat(d.get("sink").asText()).isEqualTo("xsiam");
    assertThat(d.get("reason").asText()).contains("too large");
    assertThat(d.get("event").get("eventId").asText()).isEqualTo("big");
    assertThat(d.get("time").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(DeadLetters.count(dir)).isEqualTo(1);
  }

  @Test
  void aRefusedCredentialFailsNamingTheKeyWithoutShowingIt() throws Exception {
    receiver.start();
    List<String> problems = new ArrayList<>();
    String wrong = "wrong-key-abcdefghijkl";
    OutputConfig o =
        OutputParser.parse(
            new YAMLMapper()
                .readTree(
                    "{type: xsiam, url: '"
                        + receiver.baseUrl()
                        + "/logs/v1/event', api_key: "
                        + wrong
                        + "}"),
            dir,
            Map.of(),
            dir,
            problems);
    sink = Sinks.open(o, t.context(dir));
    assertThatThrownBy(() -> sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 3))))
        .isInstanceOf(SinkException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("output.api_key")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong))
        .satisfies(e -> assertThat(((SinkException) e).exitCode()).isEqualTo(1));
    assertThat(t.sleeps).isEmpty();
  }

  @Test
  void aWrongPathFailsNamingTheUrl() throws Exception {
    receiver.start();
    List<String> problems = new ArrayList<>();
    OutputConfig o =
        OutputParser.parse(
            new YAMLMapper()
                .readTree(
                    "{type: xsiam, url: '" + receiver.baseUrl() + "/nope', api_key: " + KEY + "}"),
            dir,
            Map.of(),
            dir,
            problems);
    sink = Sinks.open(o, t.context(dir));
    assertThatThrownBy(() -> sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 3))))
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("output.url");
  }

  @Test
  void aReceiverOverHttpsIsTrustedThroughCaFile() throws Exception {
    try (XsiamReceiver tls = new XsiamReceiver(KEY, true, 0)) {
      tls.start();
      Path ca = dir.resolve("ca.pem");
      Files.writeString(ca, tls.certificatePem());
      List<String> problems = new ArrayList<>();
      String base = "{type: xsiam, url: '" + tls.baseUrl() + "/logs/v1/event', api_key: " + KEY;
      OutputConfig withCa =
          OutputParser.parse(
              new YAMLMapper().readTree(base + ", ca_file: ca.pem}"), dir, Map.of(), dir, problems);
      OutputConfig without =
          OutputParser.parse(new YAMLMapper().readTree(base + "}"), dir, Map.of(), dir, problems);
      assertThat(problems).isEmpty();
      try (Sink s = Sinks.open(withCa, t.context(dir))) {
        s.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 5)));
      }
      assertThat(tls.eventCount()).isEqualTo(5);
      try (Sink s = Sinks.open(without, t.context(dir))) {
        assertThatThrownBy(() -> s.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 5))))
            .hasMessageContaining("output.ca_file");
      }
    }
  }
}
