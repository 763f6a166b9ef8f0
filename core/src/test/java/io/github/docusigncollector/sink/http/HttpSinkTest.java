package io.github.docusigncollector.sink.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.CollectorConfig.OutputConfig;
import io.github.docusigncollector.simulator.receivers.HttpReceiver;
import io.github.docusigncollector.sink.OutputParser;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.Sinks;
import io.github.docusigncollector.sink.remote.SinkTestSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http sink against the generic receiver. */
class HttpSinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final SinkTestSupport t = new SinkTestSupport();
  private final HttpReceiver receiver = new HttpReceiver();
  private final List<String> problems = new ArrayList<>();
  private Sink sink;

  @AfterEach
  void stop() {
    if (sink != null) {
      sink.close();
    }
    receiver.close();
  }

  private OutputConfig parse(String keys) throws Exception {
    return OutputParser.parse(
        new YAMLMapper()
            .readTree("{type: http, url: '" + receiver.baseUrl() + "/in', " + keys + "}"),
        dir,
        Map.of(),
        dir,
        problems);
  }

  private Sink open(String keys) throws Exception {
    receiver.path("/in").start();
    OutputConfig o = parse(keys);
    assertThat(problems).isEmpty();
    sink = Sinks.open(o, t.context(dir));
    return sink;
  }

  @Test
  void ndjsonWithABearerToken() throws Exception {
    receiver.bearer("bearer-token-123456789");
    open("token: bearer-token-123456789");
    List<String> events = SinkTestSupport.events(0, 30);
    sink.deliver(SinkTestSupport.batch(events));
    assertThat(receiver.events()).containsExactlyElementsOf(events);
    assertThat(receiver.requests().get(0).header("Content-Type")).isEqualTo("application/x-ndjson");
  }

  @Test
  void aJsonArrayWithBasicAuthAndHeadersToFluentBitsStatus() throws Exception {
    receiver.basic("fluent", "basic-password-123").successStatus(201);
    open(
        "body: json_array, username: fluent, password: basic-password-123, headers: {X-Sumo-Category: docusign}");
    List<String> events = SinkTestSupport.events(0, 30);
    sink.deliver(SinkTestSupport.batch(events));
    assertThat(receiver.events()).containsExactlyElementsOf(events);
    assertThat(receiver.requests().get(0).header("X-Sumo-Category")).isEqualTo("docusign");
    assertThat(receiver.requests().get(0).header("Content-Type")).isEqualTo("application/json");
    assertThat(JSON.readTree(receiver.firstEnvelope()).get("eventId").asText()).isEqualTo("ev-0");
  }

  @Test
  void aCredentialInAHeaderIsRedactedAndNamedOn403() throws Exception {
    receiver.headerToken("DD-API-KEY", "the-right-dd-key-1");
    open("headers: {DD-API-KEY: a-wrong-dd-key-77}");
    assertThat(Secrets.redact("x a-wrong-dd-key-77")).isEqualTo("x ***");
    assertThatThrownBy(() -> sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 3))))
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("output.headers.DD-API-KEY");
  }

  @Test
  void anAcceptedStatus204IsDelivered() throws Exception {
    receiver.successStatus(204);
    open("body: ndjson");
    sink.deliver(SinkTestSupport.batch(SinkTestSupport.events(0, 3)));
    assertThat(receiver.eventCount()).isEqualTo(3);
  }

  @Test
  void crossKeyProblemsAreNamed() throws Exception {
    receiver.start();
    parse("token: abcdefghijk, username: u, headers: {Content-Length: '5', 'bad name': x}");
    assertThat(String.join("\n", problems))
        .contains("output.token, output.username: both")
        .contains("output.password: basic auth needs both")
        .contains("output.headers.Content-Length: set by the collector")
        .contains("output.headers.bad name: not a valid header name");
  }
}
