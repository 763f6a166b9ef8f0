package io.github.docusigncollector.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.sink.LineBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MonitorPageNormalizerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NOW = EventTime.parseEpochSecond("2026-05-01T10:00:00Z");
  private final MonitorPageNormalizer normalizer = new MonitorPageNormalizer();

  private static List<JsonNode> lines(MonitorPage page) throws IOException {
    String text = new String(page.batch().data(), 0, page.batch().length(), StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    List<JsonNode> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private MonitorPage normalize(String body, Set<String> delivered) throws IOException {
    return normalizer.normalize(body.getBytes(StandardCharsets.UTF_8), delivered::contains, NOW);
  }

  @Test
  void copiesEachEventAndAddsTimeAndSourceLogType() throws IOException {
    MonitorPage page =
        normalize(
            "{\"endCursor\":\"c2\",\"data\":[{\"eventId\":\"a\",\"timestamp\":"
                + "\"2026-04-30T08:09:10.3038365Z\",\"action\":\"Login\",\"n\":1.5,\"ok\":true,"
                + "\"nested\":{\"x\":[1,2,{\"y\":null}]},\"s\":\"q\\\"uote\\u00e9\"}]}",
            Set.of());
    assertThat(page.endCursor()).isEqualTo("c2");
    assertThat(page.eventIds()).containsExactly("a");
    JsonNode e = lines(page).get(0);
    assertThat(e.get("_time").asText()).isEqualTo("2026-04-30T08:09:10Z");
    assertThat(e.get("source_log_type").asText()).isEqualTo("customerevent");
    assertThat(e.has("_time_source")).isFalse();
    assertThat(e.get("nested")).isEqualTo(JSON.readTree("{\"x\":[1,2,{\"y\":null}]}"));
    assertThat(e.get("s").asText()).isEqualTo("q\"uote\u00e9");
    assertThat(e.get("n").asDouble()).isEqualTo(1.5);
    assertThat(page.newestEventEpoch())
        .isEqualTo(EventTime.parseEpochSecond("2026-04-30T08:09:10Z"));
  }

  @Test
  void aReusedBufferAndALongerReceiveArrayGiveWhatFreshOnesGive() throws IOException {
    String big =
        "{\"endCursor\":\"c2\",\"data\":[{\"eventId\":\"a\",\"timestamp\":"
            + "\"2026-04-30T08:09:10Z\",\"action\":\"Login\"},{\"eventId\":\"b\"}]}";
    String small =
        "{\"endCursor\":\"c3\",\"data\":[{\"eventId\":\"c\",\"timestamp\":"
            + "\"2026-04-30T08:09:11Z\"}]}";
    // The receive array keeps the bytes of a longer earlier answer past the current one's end.
    byte[] received = new byte[big.length() + 64];
    Arrays.fill(received, (byte) '}');
    LineBuffer out = new LineBuffer(16);
    for (String body : List.of(big, small, big)) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(bytes, 0, received, 0, bytes.length);
      MonitorPage reused = normalizer.normalize(received, bytes.length, id -> false, NOW, out);
      MonitorPage fresh = normalize(body, Set.of());
      assertThat(reused.endCursor()).isEqualTo(fresh.endCursor());
      assertThat(reused.eventIds()).isEqualTo(fresh.eventIds());
      assertThat(lines(reused)).isEqualTo(lines(fresh));
      assertThat(reused.batch().data()).isSameAs(out.toBatch(0).data());
    }
  }

  @Test
  void readsResultDataOfTheOrgStream() throws IOException {
    MonitorPage page =
        normalize(
            "{\"resultData\":[{\"eventId\":\"a\",\"timestamp\":\"2026-04-30T08:09:10Z\"}],"
                + "\"endCursor\":\"c9\"}",
            Set.of());
    assertThat(page.endCursor()).isEqualTo("c9");
    assertThat(page.delivered()).isEqualTo(1);
  }

  @Test
  void aMissingOrOddTimestampGetsTheCollectionTime() throws IOException {
    MonitorPage page =
        normalize(
            "{\"endCursor\":\"c\",\"data\":[{\"eventId\":\"a\"},{\"eventId\":\"b\",\"timestamp\":"
                + "\"last tuesday\"},{\"eventId\":\"c\",\"timestamp\":null},"
                + "{\"eventId\":\"d\",\"timestamp\":\"2026-04-30T08:09:10\"}]}",
            Set.of());
    List<JsonNode> events = lines(page);
    assertThat(events).hasSize(4);
    for (JsonNode e : events.subList(0, 3)) {
      assertThat(e.get("_time").asText()).isEqualTo("2026-05-01T10:00:00Z");
      assertThat(e.get("_time_source").asText()).isEqualTo("collected");
    }
    assertThat(events.get(3).get("_time").asText()).isEqualTo("2026-04-30T08:09:10Z");
    assertThat(events.get(1).get("timestamp").asText()).isEqualTo("last tuesday");
  }

  @Test
  void leavesOutEventsAlreadyDeliveredAndRepeatsWithinThePage() throws IOException {
    MonitorPage page =
        normalize(
            "{\"endCursor\":\"c\",\"data\":[{\"eventId\":\"old\"},{\"eventId\":\"new\"},"
                + "{\"eventId\":\"new\"},{\"x\":1}]}",
            Set.of("old"));
    assertThat(page.eventIds()).containsExactly("new");
    assertThat(page.received()).isEqualTo(4);
    assertThat(page.delivered()).isEqualTo(2);
    assertThat(lines(page))
        .extracting(n -> n.path("eventId").asText("-"))
        .containsExactly("new", "-");
  }

  @Test
  void ourFieldsReplaceSameNamedOnes() throws IOException {
    MonitorPage page =
        normalize(
            "{\"endCursor\":\"c\",\"data\":[{\"eventId\":\"a\",\"_time\":\"x\","
                + "\"source_log_type\":\"y\",\"timestamp\":\"2026-04-30T08:09:10Z\"}]}",
            Set.of());
    String line = new String(page.batch().data(), 0, page.batch().length(), StandardCharsets.UTF_8);
    assertThat(line).containsOnlyOnce("\"_time\"").containsOnlyOnce("source_log_type");
  }

  @Test
  void prettyPrintedEventsBecomeOneLineEach() throws IOException {
    MonitorPage page =
        normalize(
            "{\n  \"endCursor\": \"c\",\n  \"data\": [\n    {\n      \"eventId\": \"a\",\n"
                + "      \"x\": [1,\n 2]\n    },\n    {  }\n  ]\n}\n",
            Set.of());
    List<JsonNode> events = lines(page);
    assertThat(events).hasSize(2);
    assertThat(events.get(0).get("x")).isEqualTo(JSON.readTree("[1,2]"));
    assertThat(events.get(1).get("source_log_type").asText()).isEqualTo("customerevent");
  }

  @Test
  void anEmptyPageHasItsCursorAndNoLines() throws IOException {
    MonitorPage page = normalize("{\"endCursor\":\"c3\",\"data\":[]}", Set.of());
    assertThat(page.endCursor()).isEqualTo("c3");
    assertThat(page.batch().length()).isZero();
    assertThat(page.newestEventEpoch()).isEqualTo(EventTime.INVALID);
  }

  @Test
  void truncatedOrNonJsonAnswersAreErrors() {
    assertThatThrownBy(
            () -> normalize("{\"endCursor\":\"c\",\"data\":[{\"eventId\":\"a\"", Set.of()))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> normalize("<html>busy</html>", Set.of()))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> normalize("[1,2]", Set.of())).isInstanceOf(IOException.class);
  }
}
