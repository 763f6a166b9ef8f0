package io.github.docusigncollector.sink.splunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.docusigncollector.config.CollectorConfig.OutputConfig;
import io.github.docusigncollector.simulator.receivers.SplunkHecReceiver;
import io.github.docusigncollector.sink.DeadLetters;
import io.github.docusigncollector.sink.OutputParser;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkException;
import io.github.docusigncollector.sink.Sinks;
import io.github.docusigncollector.sink.remote.SinkTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The splunk_hec sink against the HEC receiver: envelopes, codes, acknowledgements. */
class SplunkHecSinkTest {
  private static final String TOKEN = "11111111-2222-3333-4444-555555555555";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final SinkTestSupport t = new SinkTestSupport();
  private final SplunkHecReceiver hec = new SplunkHecReceiver(TOKEN);
  private Sink sink;

  @AfterEach
  void stop() {
    if (sink != null) {
      sink.close();
    }
    hec.close();
  }

  private Sink open(String extra) throws Exception {
    return open(TOKEN, extra);
  }

  private Sink open(String token, String extra) throws Exception {
    hec.start();
    List<String> problems = new ArrayList<>();
    OutputConfig o =
        OutputParser.parse(
            new YAMLMapper()
                .readTree(
                    "{type: splunk_hec, url: '"
                        + hec.baseUrl()
                        + "', token: "
                        + token
                        + (extra.isEmpty() ? "" : ", " + extra)
                        + "}"),
            dir,
            Map.of(),
            dir,
            problems);
    assertThat(problems).isEmpty();
    sink = Sinks.open(o, t.context(dir));
    return sink;
  }

  @Test
  void envelopesCarryTimeSourcetypeAndTheEvent() throws Exception {
    open("index: main, source: docusign-collector, host: collector-1");
    List<String> events = SinkTestSupport.events(0, 10);
    sink.deliver(SinkTestSupport.batch(events));
    assertThat(hec.envelopes()).hasSize(10);
    JsonNode first = JSON.readTree(hec.envelopes().get(0));
    assertThat(first.get("time").decimalValue().toPlainString()).isEqualTo("1767225600.123");
    assertThat(first.get("sourcetype").asText()).isEqualTo("docusign:customer_events");
    assertThat(first.get("index").asText()).isEqualTo("main");
    assertThat(first.get("source").asText()).isEqualTo("docusign-collector");
    assertThat(first.get("host").asText()).isEqualTo("collector-1");
    assertThat(first.get("event")).isEqualTo(JSON.readTree(events.get(0)));
    JsonNode second = JSON.readTree(hec.envelopes().get(1));
    assertThat(second.get("sourcetype").asText()).isEqualTo("docusign:audit_users");
    assertThat(second.get("time").asLong()).isEqualTo(1767225601L);
    assertThat(hec.requests().get(0).header("Authorization")).isEqualTo("Splunk " + TOKEN);
    assertThat(hec.requests().get(0).path()).isEqualTo("/services/collector/event");
  }

  @Test
  void aFixedSourcetypeReplacesTheDefault() throws Exception {
    open("sourcetype: 'docusign:json'");
    sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 2)));
    assertThat(hec.envelopes())
        .allSatisfy(
            e ->
                assertThat(JSON.readTree(e).get("sourcetype").asText()).isEqualTo("docusign:json"));
  }

  @Test
  void code6DeadLettersThatEventAndSendsTheRestAgain() throws Exception {
    open("");
    hec.rejectEvents(e -> e.contains("\"ev-4\"") || e.contains("\"ev-10\""));
    List<String> events = SinkTestSupport.events(0, 20);
    Sink.Ack ack = sink.deliver(SinkTestSupport.batch(events));
    assertThat(ack.events()).isEqualTo(20);
    assertThat(hec.eventCount()).isEqualTo(18);
    List<String> dead = Files.readAllLines(dir.resolve(DeadLetters.FILE_NAME));
    assertThat(dead).hasSize(2);
    assertThat(dead)
        .allSatisfy(
            d -> {
              JsonNode n = JSON.readTree(d);
              assertThat(n.get("sink").asText()).isEqualTo("splunk_hec");
              assertThat(n.get("reason").asText()).contains("HEC code 6");
              assertThat(n.get("event").get("eventId").asText()).isIn("ev-4", "ev-10");
            });
    assertThat(t.sleeps).isEmpty();
  }

  @Test
  void withAckABatchCountsOnlyOnceAcknowledged() throws Exception {
    hec.ackEnabled(true).ackAfterPolls(3);
    open("ack: true, batch_max_events: 5");
    sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 12)));
    assertThat(hec.eventCount()).isEqualTo(12);
    // The three parts' ackIds are polled together, once the three were sent: each turns true at
    // the fourth poll asking for it, so four polls in all (not four per part).
    assertThat(hec.ackPolls()).isEqualTo(4);
    // Each poll's body is {"acks":[0,1,2]}.
    assertThat(hec.requests().stream().filter(r -> r.path().endsWith("/ack")))
        .hasSize(4)
        .allSatisfy(
            r ->
                assertThat(r.bodyBytes())
                    .isEqualTo("{\"acks\":[0,1,2]}".getBytes(StandardCharsets.UTF_8).length));
    assertThat(hec.requests().stream().filter(r -> r.path().endsWith("/event")).count())
        .isEqualTo(3);
    String channel = hec.requests().get(0).header("X-Splunk-Request-Channel");
    assertThat(channel).matches("[0-9a-f-]{36}");
  }

  @Test
  void onlyThePartWhoseAckIsLostIsSentAgain() throws Exception {
    hec.ackEnabled(true).loseAck(1);
    open("ack: true, batch_max_events: 5, retry_for: 30s");
    Sink.Ack ack = sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 12)));
    assertThat(ack.events()).isEqualTo(12);
    // Parts 0-4 and 10-11 were confirmed and went once; 5-9 (ackId 1, never confirmed) went
    // again, under ackId 3, which was.
    assertThat(hec.requests().stream().filter(r -> r.path().endsWith("/event"))).hasSize(4);
    List<String> got = hec.events();
    assertThat(got.stream().filter(e -> e.contains("\"ev-0\""))).hasSize(1);
    assertThat(got.stream().filter(e -> e.contains("\"user-11\""))).hasSize(1);
    assertThat(got.stream().filter(e -> e.contains("\"ev-6\"")).count()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void lostAcksAreResentWithinRetryForThenFail() throws Exception {
    hec.ackEnabled(true).loseAcks(true);
    open("ack: true, retry_for: 30s");
    assertThatThrownBy(() -> sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 3))))
        .isInstanceOf(SinkException.class)
        .hasMessageContaining("not yet acknowledged");
    assertThat(
            hec.requests().stream()
                .filter(r -> r.path().equals("/services/collector/event"))
                .count())
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void ackOnWithoutAckOnTheTokenIsNamed() throws Exception {
    open("ack: true");
    // the token has acknowledgement off: answers carry no ackId, a 200 counts
    sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 3)));
    assertThat(hec.eventCount()).isEqualTo(3);
  }

  @Test
  void aWrongTokenIsCode4NamingTheKey() throws Exception {
    open("99999999-2222-3333-4444-555555555555", "");
    assertThatThrownBy(() -> sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 3))))
        .hasMessageContaining("HEC code 4")
        .hasMessageContaining("output.token")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("99999999-2222"));
  }

  @Test
  void anUnknownIndexIsCode7NamingTheKey() throws Exception {
    hec.indexes(Set.of("main"));
    open("index: nosuch");
    assertThatThrownBy(() -> sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 3))))
        .hasMessageContaining("HEC code 7")
        .hasMessageContaining("output.index");
  }

  @Test
  void busyIsRetried() throws Exception {
    open("");
    hec.failNext(2, 503, "{\"text\":\"Server is busy\",\"code\":9}");
    sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 3)));
    assertThat(hec.eventCount()).isEqualTo(3);
    assertThat(t.sleeps).hasSize(2);
  }

  @Test
  void aBodyAboveMaxContentLengthIsSplit() throws Exception {
    hec.maxBodyBytes(4000);
    open("batch_max_bytes: 1000000");
    sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 200)));
    assertThat(hec.eventCount()).isEqualTo(200);
    assertThat(hec.largestAccepted()).isLessThanOrEqualTo(4000);
  }

  @Test
  void anUnreadable2xxIsNoAcknowledgement() throws Exception {
    open("");
    hec.failNext(1, 200, "<html>proxy</html>");
    sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 3)));
    assertThat(hec.eventCount()).isEqualTo(3);
    assertThat(t.sleeps).hasSize(1);
  }
}
