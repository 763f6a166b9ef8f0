package io.github.docusigncollector.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.remote.Answer;
import io.github.docusigncollector.sink.remote.Body;
import io.github.docusigncollector.sink.remote.Events;
import io.github.docusigncollector.sink.remote.Response;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String EVENT =
      "{\"eventId\":\"e-1\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{\"_time\":\"nested\"},"
          + "\"_time\":\"2026-01-01T00:00:01Z\",\"source_log_type\":\"customerevent\"}";
  private static final String USER =
      "{\"id\":\"u-1\",\"email\":\"a@example.com\",\"modifiedDate\":\"2026-01-01T00:00:00Z\","
          + "\"_time\":\"2026-01-01T00:00:00Z\",\"source_log_type\":\"auditusers\"}";

  private static Events events(String... lines) {
    byte[] b = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    return Events.of(new Batch(b, b.length, lines.length));
  }

  private static int[] all(Events e) {
    int[] idx = new int[e.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    return idx;
  }

  private static List<String> frame(BulkProtocol p, String... lines) {
    Events e = events(lines);
    Body out = new Body(64);
    p.frame(e, all(e), e.size(), out);
    String text = new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n"); // _bulk refuses a body without the final newline
    return List.of(text.substring(0, text.length() - 1).split("\n", -1));
  }

  private static BulkProtocol protocol() {
    return new BulkProtocol(
        List.of(URI.create("http://127.0.0.1:9200/")),
        "logs-docusign-default",
        null,
        "output.api_key");
  }

  @Test
  void eachEventIsACreateWithItsOwnIdAndTimestampFromTime() throws Exception {
    List<String> lines = frame(protocol(), EVENT, USER);
    assertThat(lines).hasSize(4);
    assertThat(JSON.readTree(lines.get(0)).path("create").path("_id").asText()).isEqualTo("e-1");
    JsonNode doc = JSON.readTree(lines.get(1));
    assertThat(doc.path("@timestamp").asText()).isEqualTo("2026-01-01T00:00:01Z");
    assertThat(doc.path("data").path("_time").asText()).isEqualTo("nested");
    assertThat(doc.path("eventId").asText()).isEqualTo("e-1");
    String userId = JSON.readTree(lines.get(2)).path("create").path("_id").asText();
    assertThat(userId).startsWith("u-1-").hasSizeGreaterThan(20);
    assertThat(JSON.readTree(lines.get(3)).path("@timestamp").asText())
        .isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  void aUsersIdDependsOnItsContentNotOnTheCollectionTime() throws Exception {
    String collectedA =
        "{\"id\":\"u-2\",\"email\":\"b@example.com\",\"_time\":\"2026-01-01T00:00:00Z\","
            + "\"_time_source\":\"collected\",\"source_log_type\":\"auditusers\"}";
    String collectedB = collectedA.replace("2026-01-01T00:00:00Z", "2026-02-02T00:00:00Z");
    String changed = collectedA.replace("b@example.com", "c@example.com");
    List<String> lines = frame(protocol(), collectedA, collectedB, changed);
    String a = JSON.readTree(lines.get(0)).path("create").path("_id").asText();
    String b = JSON.readTree(lines.get(2)).path("create").path("_id").asText();
    String c = JSON.readTree(lines.get(4)).path("create").path("_id").asText();
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void anEventWithItsOwnTimestampOrNoIdStaysWellFormed() throws Exception {
    List<String> lines = frame(protocol(), "{\"@timestamp\":\"x\",\"_time\":\"y\"}", "{}");
    assertThat(JSON.readTree(lines.get(1)).path("@timestamp").asText()).isEqualTo("x");
    assertThat(JSON.readTree(lines.get(0)).path("create").path("_id").asText())
        .startsWith("sha256-");
    assertThat(JSON.readTree(lines.get(3)).isObject()).isTrue();
  }

  @Test
  void theBulkUrlKeepsAProxyPrefixAndAsksOnlyForStatusesAndErrors() {
    assertThat(BulkProtocol.bulkUri(URI.create("https://es.example:9200/prefix/"), "logs-a-b"))
        .hasToString("https://es.example:9200/prefix/logs-a-b/_bulk?" + BulkProtocol.FILTER);
  }

  private static Response ok(String body) {
    return new Response(
        200, HttpHeaders.of(Map.of(), (a, b) -> true), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void errorsFalseIsDeliveredWithoutReadingTheItems() {
    // The items are cut short: were they read, this would fail.
    Answer a = BulkAnswer.read(ok("{\"errors\":false,\"items\":[{\"create\":{\"sta"), 3, "k", "i");
    assertThat(a.kind()).isEqualTo(Answer.Kind.DELIVERED);
  }

  @Test
  void eachItemGetsItsVerdict() {
    String body =
        "{\"took\":3,\"errors\":true,\"items\":["
            + "{\"create\":{\"_index\":\"x\",\"status\":201,\"_shards\":{\"total\":2}}},"
            + "{\"create\":{\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":\"exists\"}}},"
            + "{\"create\":{\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"queue full\"}}},"
            + "{\"create\":{\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"failed to parse field [x]\",\"caused_by\":{\"type\":\"y\"}}}},"
            + "{\"create\":{\"status\":503,\"error\":{\"type\":\"unavailable_shards_exception\",\"reason\":\"primary\"}}}"
            + "]}";
    Answer a = BulkAnswer.read(ok(body), 5, "k", "i");
    assertThat(a.kind()).isEqualTo(Answer.Kind.ITEMS);
    assertThat(List.of(a.item(0), a.item(1), a.item(2), a.item(3), a.item(4)))
        .containsExactly(
            Answer.Item.DELIVERED,
            Answer.Item.DELIVERED,
            Answer.Item.RETRY,
            Answer.Item.DEAD,
            Answer.Item.RETRY);
    assertThat(a.itemReason(3))
        .isEqualTo("HTTP 400 mapper_parsing_exception: failed to parse field [x]");
  }

  @Test
  void anItemRefusedForTheCredentialOrAMissingIndexFailsTheCycle() {
    Answer a =
        BulkAnswer.read(
            ok(
                "{\"errors\":true,\"items\":[{\"create\":{\"status\":201}},"
                    + "{\"create\":{\"status\":403,\"error\":{\"type\":\"security_exception\",\"reason\":\"no\"}}}]}"),
            2,
            "output.api_key",
            "output.index");
    assertThat(a.kind()).isEqualTo(Answer.Kind.FATAL);
    assertThat(a.reason()).contains("output.api_key");
    Answer missing =
        BulkAnswer.read(
            ok(
                "{\"errors\":true,\"items\":[{\"create\":{\"status\":404,\"error\":{\"type\":\"index_not_found_exception\",\"reason\":\"no such index\"}}}]}"),
            1,
            "output.api_key",
            "output.index");
    assertThat(missing.kind()).isEqualTo(Answer.Kind.FATAL);
    assertThat(missing.reason()).contains("output.index");
  }

  @Test
  void anAnswerWithTheWrongNumberOfItemsIsNotAnAcknowledgement() {
    assertThatThrownBy(
            () ->
                BulkAnswer.read(
                    ok("{\"errors\":true,\"items\":[{\"create\":{\"status\":201}}]}"), 2, "k", "i"))
        .hasMessageContaining("1 items for 2 events");
  }

  @Test
  void requestsFailOverToTheNextUrlWhenOneCannotBeReached() {
    BulkProtocol p =
        new BulkProtocol(
            List.of(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2")),
            "i",
            "ApiKey abc",
            "output.api_key");
    assertThat(p.request().build().uri().getPort()).isEqualTo(1);
    // no answer was read for that request: a connection failure
    assertThat(p.request().build().uri().getPort()).isEqualTo(2);
    assertThat(p.request().build().headers().firstValue("Authorization")).hasValue("ApiKey abc");
  }
}
