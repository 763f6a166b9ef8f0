package io.github.docusigncollector.simulator.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The fake {@code _bulk}: per-item verdicts read without trees, and {@code filter_path}. */
class ElasticsearchBulkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILTER =
      "errors,items.*.status,items.*.error.type,items.*.error.reason";

  private static byte[] body(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void itemsAreAnsweredInOrderWithTheirOwnStatus() throws Exception {
    ElasticsearchBulk bulk = new ElasticsearchBulk();
    byte[] b =
        body(
            "{\"create\":{\"_id\":\"a\"}}",
            "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"n\":{\"x\":[1,2.5e3,\"s\\\"q\"]}}",
            "{\"create\":{\"_id\":\"b\"}}",
            "{\"n\":1}",
            "{\"create\":{\"_id\":\"c\"}}",
            "[1,2]",
            "{\"create\":{\"_id\":\"d\"}}",
            "{\"@timestamp\":\"2026-01-01T00:00:00Z\",broken",
            "{\"create\":{\"_id\":\"a\"}}",
            "{\"@timestamp\":\"2026-01-01T00:00:01Z\"}");
    ElasticsearchBulk.Reply r = bulk.bulk("logs-docusign-default", b, null);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.get("errors").asBoolean()).isTrue();
    assertThat(answer.get("items")).hasSize(5);
    int[] statuses = new int[5];
    for (int i = 0; i < 5; i++) {
      statuses[i] = answer.get("items").get(i).get("create").get("status").asInt();
    }
    assertThat(statuses).containsExactly(201, 400, 400, 400, 409);
    assertThat(answer.at("/items/1/create/error/reason").asText()).contains("@timestamp");
    assertThat(answer.at("/items/4/create/error/type").asText())
        .isEqualTo("version_conflict_engine_exception");
    assertThat(answer.at("/items/0/create/_id").asText()).isEqualTo("a");
    assertThat(answer.at("/items/0/create/_shards/total").asInt()).isEqualTo(2);
    // Kept as received.
    assertThat(bulk.documents("logs-docusign-default").get("a"))
        .isEqualTo("{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"n\":{\"x\":[1,2.5e3,\"s\\\"q\"]}}");
    assertThat(r.created()).hasSize(1);
  }

  @Test
  void withoutSourcesTheIdsAloneStillAnswerA409ForADocumentSentAgain() throws Exception {
    ElasticsearchBulk bulk = new ElasticsearchBulk();
    bulk.keepSources(false);
    String doc = "{\"@timestamp\":\"2026-01-01T00:00:00Z\"}";
    StringBuilder first = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      first
          .append("{\"create\":{\"_id\":\"id-")
          .append(i)
          .append("\"}}\n")
          .append(doc)
          .append('\n');
    }
    ElasticsearchBulk.Reply r1 =
        bulk.bulk(
            "logs-docusign-default",
            first.toString().getBytes(StandardCharsets.UTF_8),
            null,
            FILTER);
    assertThat(JSON.readTree(r1.body()).get("errors").asBoolean()).isFalse();
    // Sent again with one new id: every old one is a 409, the new one created.
    byte[] again =
        body(
            "{\"create\":{\"_id\":\"id-0\"}}",
            doc,
            "{\"create\":{\"_id\":\"id-4999\"}}",
            doc,
            "{\"create\":{\"_id\":\"id-5000\"}}",
            doc,
            "{\"delete\":{\"_id\":\"id-7\"}}",
            "{\"create\":{\"_id\":\"id-7\"}}",
            doc);
    JsonNode items =
        JSON.readTree(bulk.bulk("logs-docusign-default", again, null, FILTER).body()).get("items");
    assertThat(items.get(0).at("/create/status").asInt()).isEqualTo(409);
    assertThat(items.get(1).at("/create/status").asInt()).isEqualTo(409);
    assertThat(items.get(2).at("/create/status").asInt()).isEqualTo(201);
    assertThat(items.get(3).at("/delete/status").asInt()).isEqualTo(200);
    assertThat(items.get(4).at("/create/status").asInt()).isEqualTo(201);
    assertThat(bulk.indexNames()).containsExactly("logs-docusign-default");
  }

  @Test
  void filterPathKeepsOnlyWhatItNames() throws Exception {
    ElasticsearchBulk bulk = new ElasticsearchBulk();
    byte[] b =
        body(
            "{\"create\":{\"_id\":\"a\"}}",
            "{\"k\":1}",
            "{\"create\":{\"_id\":\"a\"}}",
            "{\"k\":2}");
    String body = bulk.bulk("docs", b, null, FILTER).body();
    assertThat(JSON.readTree(body))
        .isEqualTo(
            JSON.readTree(
                "{\"errors\":true,\"items\":[{\"create\":{\"status\":201}},{\"create\":{\"status\":409,"
                    + "\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":"
                    + "\"[a]: version conflict, document already exists (current version [1])\"}}}]}"));
    assertThat(bulk.bulk("docs", body("{\"create\":{\"_id\":\"z\"}}", "{}"), null, "errors").body())
        .isEqualTo("{\"errors\":false}");
  }

  @Test
  void itemsThatDoNotNameTheirDocumentShareTheirTextYetKeepTheirOwnStatus() throws Exception {
    ElasticsearchBulk bulk = new ElasticsearchBulk();
    byte[] b =
        body(
            "{\"index\":{\"_id\":\"a\"}}",
            "{\"k\":1}",
            "{\"index\":{\"_id\":\"a\"}}",
            "{\"k\":2}",
            "{\"index\":{\"_id\":\"b\"}}",
            "{\"k\":3}",
            "{\"create\":{\"_id\":\"c\"}}",
            "{\"k\":4}");
    assertThat(JSON.readTree(bulk.bulk("docs", b, null, "items.*.status,items.*.result").body()))
        .isEqualTo(
            JSON.readTree(
                "{\"items\":[{\"index\":{\"result\":\"created\",\"status\":201}},"
                    + "{\"index\":{\"result\":\"updated\",\"status\":200}},"
                    + "{\"index\":{\"result\":\"created\",\"status\":201}},"
                    + "{\"create\":{\"result\":\"created\",\"status\":201}}]}"));
    // With the id in the answer, each item names its own document.
    String named =
        bulk.bulk(
                "docs",
                body("{\"create\":{\"_id\":\"d\"}}", "{}", "{\"create\":{\"_id\":\"e\"}}", "{}"),
                null,
                "items.*._id")
            .body();
    assertThat(JSON.readTree(named))
        .isEqualTo(
            JSON.readTree(
                "{\"items\":[{\"create\":{\"_id\":\"d\"}},{\"create\":{\"_id\":\"e\"}}]}"));
  }

  @Test
  void actionLinesOfEveryShape() {
    ElasticsearchBulk bulk = new ElasticsearchBulk();
    byte[] b =
        body(
            "{\"create\":{\"_id\":\"q\\\"x\"}}",
            "{}",
            "{ \"create\" : { \"_index\" : \"other\", \"_id\" : \"y\" } }",
            "{}",
            "{\"create\":{\"_id\":\"plain\"}}",
            "{}",
            "{\"index\":{}}",
            "{}");
    assertThat(bulk.bulk("docs", b, null).status()).isEqualTo(200);
    assertThat(bulk.documents("docs")).containsKeys("q\"x", "plain", "auto-1");
    assertThat(bulk.documents("other")).containsOnlyKeys("y");
  }

  @Test
  void malformedRequestsAreRefusedWhole() {
    ElasticsearchBulk bulk = new ElasticsearchBulk();
    assertThat(bulk.bulk("i", new byte[0], null).status()).isEqualTo(400);
    assertThat(bulk.bulk("i", "{\"create\":{}}".getBytes(StandardCharsets.UTF_8), null).body())
        .contains("terminated by a newline");
    assertThat(bulk.bulk("i", body("{\"create\":{},\"index\":{}}", "{}"), null).body())
        .contains("Malformed action/metadata line [1]");
    assertThat(bulk.bulk("i", body("nonsense", "{}"), null).body())
        .contains("x_content_parse_exception");
    assertThat(bulk.bulk(null, body("{\"create\":{}}", "{}"), null).body())
        .contains("index is missing");
  }

  @Test
  void refusalsByContentAndInjectedStatuses() throws Exception {
    ElasticsearchBulk bulk = new ElasticsearchBulk();
    bulk.reject("slow", 429, "es_rejected_execution_exception", 1);
    byte[] b =
        body(
            "{\"create\":{\"_id\":\"1\"}}",
            "{\"v\":\"bad\"}",
            "{\"create\":{\"_id\":\"2\"}}",
            "{\"v\":\"slow\"}",
            "{\"create\":{\"_id\":\"3\"}}",
            "{\"v\":\"ok\"}");
    JsonNode a = JSON.readTree(bulk.bulk("i", b, s -> s.contains("bad"), FILTER).body());
    assertThat(a.at("/items/0/create/status").asInt()).isEqualTo(400);
    assertThat(a.at("/items/1/create/status").asInt()).isEqualTo(429);
    assertThat(a.at("/items/2/create/status").asInt()).isEqualTo(201);
    assertThat(bulk.documents("i")).containsOnlyKeys("3");
    a = JSON.readTree(bulk.bulk("i", b, null, FILTER).body());
    assertThat(a.at("/items/1/create/status").asInt()).isEqualTo(201); // once only
  }

  @Test
  void aGzipBodyIsReadWhateverItsShape() throws Exception {
    byte[] plain = "{\"a\":1}\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream one = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(one)) {
      z.write(plain);
    }
    assertThat(Receiver.gunzip(one.toByteArray())).isEqualTo(plain);
    // Two members, one after the other: still the whole body.
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    two.write(one.toByteArray());
    two.write(one.toByteArray());
    byte[] both = Receiver.gunzip(two.toByteArray());
    assertThat(both).hasSize(plain.length * 2);
  }
}
