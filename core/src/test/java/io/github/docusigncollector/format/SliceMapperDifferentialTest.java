package io.github.docusigncollector.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The byte path of the mapping ({@link EventSlices}, {@link SliceMapper}) against the Jackson path
 * it replaced ({@link CustomerEvent}, {@link OcsfWriter}, {@link EcsWriter}): the same bytes for
 * every simulator kind and public sample, in both formats, with and without an account; and the
 * same bytes when the same events are written differently (blanks between tokens, escapes in
 * strings, repeated keys, numbers as strings, several lines with blank ones). Generated and mutated
 * events go through the same comparison in {@link MappingPropertiesTest}.
 */
class SliceMapperDifferentialTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

  @Example
  void everySimulatorKindTakesTheBytePathAndMapsAsBefore() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (String[] kind : Samples.SIMULATOR_KINDS) {
      lines.append(Samples.JSON.writeValueAsString(Samples.simulatorEvent(kind))).append('\n');
    }
    for (OutputFormat f : List.of(OutputFormat.OCSF, OutputFormat.ECS)) {
      for (String account : new String[] {null, "billing"}) {
        MappingPaths.Outputs o = MappingPaths.map(f, account, CLOCK, lines.toString());
        assertThat(o.declined()).as("%s: events left to the Jackson path", f).isZero();
        assertThat(o.events()).isEqualTo(Samples.SIMULATOR_KINDS.size());
        assertThat(o.bytePath()).isEqualTo(o.jacksonPath());
      }
    }
  }

  @Example
  void publicSamplesMapAsBefore() throws Exception {
    for (Map.Entry<String, ObjectNode> s : Samples.publicSamples().entrySet()) {
      String line = Samples.JSON.writeValueAsString(s.getValue()) + "\n";
      for (OutputFormat f : List.of(OutputFormat.OCSF, OutputFormat.ECS)) {
        MappingPaths.Outputs o = MappingPaths.map(f, null, CLOCK, line);
        assertThat(o.bytePath()).as(s.getKey()).isEqualTo(o.jacksonPath());
      }
    }
  }

  @Example
  void escapesAndArraysGoToTheJacksonPathWithTheSameResult() {
    String base =
        "{\"object\":\"Envelope\",\"action\":\"EnvelopeSent\",\"userId\":\"u1\","
            + "\"ipAddress\":\"10.0.0.1\",\"_time\":\"2026-05-01T11:58:03Z\","
            + "\"source_log_type\":\"customerevent\",\"data\":{\"EnvelopeId\":X}}\n";
    for (String v : new String[] {"\"e\\u00e9\"", "[\"a\",\"b\"]", "\"q\\\"q\""}) {
      MappingPaths.Outputs o =
          MappingPaths.map(OutputFormat.OCSF, null, CLOCK, base.replace("X", v));
      assertThat(o.declined()).isEqualTo(1);
      assertThat(o.bytePath()).isEqualTo(o.jacksonPath());
    }
    // An escape in a field the mapping does not read stays on the byte path.
    MappingPaths.Outputs o =
        MappingPaths.map(
            OutputFormat.ECS, null, CLOCK, base.replace("X", "\"e1\",\"Other\":\"\\u00e9\""));
    assertThat(o.declined()).isZero();
    assertThat(o.bytePath()).isEqualTo(o.jacksonPath());
  }

  @Example
  void charactersBeyondTheBasicPlaneAreWrittenAsUtf8OnBothPaths() {
    // U+10000 and an emoji: Jackson's generator writes them as an escaped surrogate pair unless
    // told to combine them, while the byte path copies their four UTF-8 bytes.
    String line =
        "{\"object\":\"Login\",\"action\":\"Created\",\"userAgent\":\"\uD800\uDC00 \uD83D\uDE00\","
            + "\"_time\":\"2026-05-01T11:58:03Z\",\"source_log_type\":\"customerevent\","
            + "\"data\":{\"EnvelopeId\":\"\\u00e9\",\"Subject\":\"\uD83D\uDE00\"}}\n";
    for (OutputFormat f : List.of(OutputFormat.OCSF, OutputFormat.ECS)) {
      MappingPaths.Outputs o =
          MappingPaths.map(f, "acct-1", CLOCK, line + line.replace("\\u00e9", "e"));
      assertThat(o.declined()).as("%s: the escaped line goes to the Jackson path", f).isEqualTo(1);
      assertThat(o.bytePath()).as("%s", f).isEqualTo(o.jacksonPath());
      assertThat(o.jacksonPath()).as("%s", f).doesNotContain("\\uD8").contains("\uD83D\uDE00");
    }
    // A lone surrogate has no UTF-8 form: it stays escaped, and the event is still mapped.
    MappingPaths.Outputs o =
        MappingPaths.map(OutputFormat.OCSF, null, CLOCK, line.replace("\\u00e9", "\\uD800"));
    assertThat(o.bytePath()).isEqualTo(o.jacksonPath()).contains("\"EnvelopeId\":\"\\uD800\"");
  }

  @Example
  void brokenLinesFailOnBothPaths() {
    for (String bad :
        new String[] {
          "{\"object\":\"Envelope\",\"action\":\"x\"\n",
          "{\"object\":\"Env\nelope\"}\n",
          "{\"object\":\"Envelope\" \"action\":\"x\"}\n",
          "   \n",
          "[1]\n"
        }) {
      for (boolean bytePath : new boolean[] {true, false}) {
        EventRewriter r = new EventRewriter(OutputFormat.OCSF, null, CLOCK, bytePath);
        byte[] b = bad.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(
                () ->
                    r.rewrite(
                        io.github.docusigncollector.config.EventType.CUSTOMER_EVENTS,
                        new io.github.docusigncollector.sink.Batch(b, b.length, 1),
                        new io.github.docusigncollector.sink.LineBuffer(256)))
            .as("%s (byte path %s)", bad, bytePath)
            .isInstanceOf(UncheckedIOException.class);
      }
    }
    // Jackson reads one object and stops: what follows it on the line is left alone on both paths.
    MappingPaths.Outputs o =
        MappingPaths.map(OutputFormat.OCSF, null, CLOCK, "{\"object\":\"Envelope\"}}\n");
    assertThat(o.bytePath()).isEqualTo(o.jacksonPath());
  }

  @Property(tries = 300)
  void theSameEventsWrittenDifferentlyMapAsBefore(
      @ForAll("events") List<ObjectNode> events, @ForAll Random random) {
    StringBuilder lines = new StringBuilder();
    for (ObjectNode e : events) {
      if (random.nextInt(6) == 0) {
        lines.append('\n'); // a blank line
      }
      write(e, random, lines);
      lines.append(random.nextInt(4) == 0 ? " \r" : "");
      lines.append('\n');
    }
    if (random.nextBoolean() && lines.length() > 0) {
      lines.setLength(lines.length() - 1); // the last line without its end
    }
    for (OutputFormat f : List.of(OutputFormat.OCSF, OutputFormat.ECS)) {
      String account = random.nextBoolean() ? null : "acct-1";
      MappingPaths.Outputs o = MappingPaths.map(f, account, CLOCK, lines.toString());
      assertThat(o.bytePath()).as("%s of %s", f, lines).isEqualTo(o.jacksonPath());
      assertThat(o.events()).isEqualTo(events.size());
    }
  }

  @Provide
  Arbitrary<List<ObjectNode>> events() {
    MappingPropertiesTest p = new MappingPropertiesTest();
    Arbitrary<ObjectNode> one =
        Arbitraries.oneOf(
            Arbitraries.of(Samples.SIMULATOR_KINDS).map(Samples::simulatorEvent),
            p.mutated(),
            p.events());
    return one.list().ofMinSize(1).ofMaxSize(4);
  }

  /** JSON with random blanks between tokens, random escapes, a repeated key now and then. */
  static void write(JsonNode n, Random r, StringBuilder b) {
    if (n.isObject()) {
      b.append('{');
      blank(r, b);
      boolean first = true;
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        fields.add(it.next());
      }
      for (Map.Entry<String, JsonNode> f : fields) {
        if (r.nextInt(30) == 0) {
          // the same key twice: the first occurrence with some other value, the last one wins
          member(
              f.getKey(),
              r.nextBoolean() ? Samples.JSON.getNodeFactory().textNode("x") : n,
              r,
              b,
              first);
          first = false;
        }
        member(f.getKey(), f.getValue(), r, b, first);
        first = false;
      }
      b.append('}');
    } else if (n.isArray()) {
      b.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        blank(r, b);
        write(n.get(i), r, b);
      }
      b.append(']');
    } else if (n.isTextual()) {
      string(n.asText(), r.nextInt(8) == 0, r, b);
    } else if (n.isNumber() && r.nextInt(6) == 0) {
      b.append(n.asText()).append(r.nextBoolean() ? "" : " ");
    } else {
      b.append(n.toString());
    }
  }

  private static void member(String key, JsonNode v, Random r, StringBuilder b, boolean first) {
    if (!first) {
      b.append(',');
      blank(r, b);
    }
    string(key, r.nextInt(40) == 0, r, b);
    blank(r, b);
    b.append(':');
    blank(r, b);
    write(v, r, b);
    blank(r, b);
  }

  private static void string(String s, boolean escape, Random r, StringBuilder b) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || (escape && r.nextInt(3) == 0)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
  }

  private static void blank(Random r, StringBuilder b) {
    int k = r.nextInt(10);
    if (k == 0) {
      b.append(' ');
    } else if (k == 1) {
      b.append("\t ");
    }
  }
}
