package io.github.docusigncollector.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.docusigncollector.monitor.Differential.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The corners of JSON where the scanner must decide as Jackson does (each case is also run through
 * the reference), and the documented places where it is stricter.
 */
class MonitorJsonScannerTest {

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      byte[] b = p instanceof byte[] raw ? raw : ((String) p).getBytes(StandardCharsets.UTF_8);
      out.write(b, 0, b.length);
    }
    return out.toByteArray();
  }

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  /** A page with one event holding {@code inside} (bytes of its fields). */
  private static byte[] page(Object... inside) {
    Object[] parts = new Object[inside.length + 2];
    parts[0] = "{\"endCursor\":\"c\",\"data\":[{\"eventId\":\"e1\",";
    System.arraycopy(inside, 0, parts, 1, inside.length);
    parts[parts.length - 1] = "}]}";
    return bytes(parts);
  }

  private static Verdict check(byte[] body) {
    return Differential.check(body, Set.of());
  }

  private static MonitorPage ours(byte[] body) throws IOException {
    return new MonitorPageNormalizer().normalize(body, id -> false, Differential.NOW);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "80",
        "bf",
        "c0 80",
        "c1 a5",
        "c3",
        "c3 28",
        "e0 81 a5",
        "e0 9f bf",
        "ed a0 80",
        "ed bf bf",
        "e2 82",
        "f0 80 81 a5",
        "f0 8f bf bf",
        "f4 90 80 80",
        "f5 80 80 80",
        "f8 88 80 80 80",
        "fe",
        "ff",
        "f0 9f 98"
      })
  void invalidUtf8IsRejectedInStringsAndNames(String sequence) {
    byte[] b = hex(sequence);
    assertThat(check(page("\"s\":\"a", b, "z\""))).isEqualTo(Verdict.BOTH_REJECT);
    assertThat(check(page("\"a", b, "z\":1"))).isEqualTo(Verdict.BOTH_REJECT);
    assertThat(check(page("\"n\":{\"a", b, "\":[\"", b, "\"]}"))).isEqualTo(Verdict.BOTH_REJECT);
    assertThat(check(bytes("{\"endCursor\":\"", b, "\",\"data\":[]}")))
        .isEqualTo(Verdict.BOTH_REJECT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c2 80",
        "df bf",
        "e0 a0 80",
        "ed 9f bf",
        "ee 80 80",
        "ef bf be",
        "ef bf bf",
        "f0 90 80 80",
        "f4 8f bf bf",
        "7f",
        "e2 80 a8"
      })
  void validUtf8IsAcceptedAndDecodedAsJacksonDoes(String sequence) throws IOException {
    byte[] b = hex(sequence);
    assertThat(check(page("\"s\":\"", b, "\",\"", b, "\":[\"", b, "\"]")))
        .isEqualTo(Verdict.BOTH_ACCEPT);
    byte[] body = bytes("{\"endCursor\":\"c", b, "\",\"data\":[{\"eventId\":\"id", b, "\"}]}");
    assertThat(check(body)).isEqualTo(Verdict.BOTH_ACCEPT);
    String decoded = new String(b, StandardCharsets.UTF_8);
    MonitorPage p = ours(body);
    assertThat(p.eventIds()).containsExactly("id" + decoded);
    assertThat(p.endCursor()).isEqualTo("c" + decoded);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\\\"",
        "\\\\",
        "\\/",
        "\\b",
        "\\f",
        "\\n",
        "\\r",
        "\\t",
        "\\u0000",
        "\\u00e9",
        "\\u00E9",
        "\\uD83D\\uDE00",
        "\\ud800",
        "\\udc00x",
        "\\uDBFF\\uDFFF",
        "\\uffff"
      })
  void escapesInValuesDecodeAsJacksonDoes(String escape) {
    assertThat(check(page("\"s\":\"", escape, "\""))).isEqualTo(Verdict.BOTH_ACCEPT);
    assertThat(
            check(
                bytes(
                    "{\"endCursor\":\"",
                    escape,
                    "\",\"data\":[{\"eventId\":\"",
                    escape,
                    "\",\"timestamp\":\"",
                    escape,
                    "2026-04-30T08:09:10Z\"}]}")))
        .isEqualTo(Verdict.BOTH_ACCEPT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\\x", "\\U0041", "\\u12", "\\u12g4", "\\'", "\\a", "\\0", "\\\n", "\n", "\t", "\u0001",
        "\u001f", "\\"
      })
  void badEscapesAndControlCharactersAreRejected(String text) {
    assertThat(check(page("\"s\":\"", text, "\""))).isEqualTo(Verdict.BOTH_REJECT);
    assertThat(check(page("\"", text, "\":1"))).isEqualTo(Verdict.BOTH_REJECT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\\uD83D\\uDE00", "\\uDBFF\\uDFFF", "a\\u0000b", "\\u00e9", "\\u0065ventId"})
  void escapedNamesAreAcceptedAsJacksonDoes(String name) {
    assertThat(check(page("\"", name, "\":1"))).isEqualTo(Verdict.BOTH_ACCEPT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\\uD83D",
        "\\uD83Dx",
        "\\uD83D\\u0041",
        "\\uD83D\\n",
        "\\uD83D\\uD83D\\uDE00",
        "\\uDE00",
        "a\\uDC00b"
      })
  void brokenEscapedSurrogatePairsAreRejectedInNamesOnly(String text) {
    assertThat(check(page("\"", text, "\":1"))).isEqualTo(Verdict.BOTH_REJECT);
    assertThat(check(page("\"s\":\"", text, "\""))).isEqualTo(Verdict.BOTH_ACCEPT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0",
        "1.5",
        "-0.0e-0",
        "1E+2",
        "1e999",
        "123456789012345678901234567890",
        "9223372036854775808",
        "-9223372036854775809",
        "0.000001",
        "9223372036854775807",
        "-9223372036854775807",
        "-9223372036854775808",
        "100000000000",
        "100000000001",
        "-1",
        "-86401",
        "253402300800",
        "-62135596801",
        "1777777777777"
      })
  void numbersJacksonAcceptsAreAccepted(String number) {
    assertThat(check(page("\"n\":", number, ",\"a\":[", number, "]")))
        .isEqualTo(Verdict.BOTH_ACCEPT);
    assertThat(
            check(
                bytes(
                    "{\"endCursor\":",
                    number,
                    ",\"data\":[{\"eventId\":",
                    number,
                    ",\"timestamp\":",
                    number,
                    "}]}")))
        .isEqualTo(Verdict.BOTH_ACCEPT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01",
        "-01",
        "00",
        "-",
        "+1",
        ".5",
        "1.",
        "1.e5",
        "1e",
        "1e+",
        "-e5",
        "NaN",
        "Infinity",
        "-Infinity",
        "0x10",
        "1_000",
        "1.5.3",
        "1e5e5",
        "--1",
        "tru",
        "nul",
        "truex",
        "nulll",
        "True",
        "undefined",
        "'a'",
        "a"
      })
  void badNumbersAndLiteralsAreRejected(String token) {
    assertThat(check(page("\"n\":", token))).isEqualTo(Verdict.BOTH_REJECT);
    assertThat(check(page("\"n\":[", token, "]"))).isEqualTo(Verdict.BOTH_REJECT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"a\":1,",
        ",\"a\":1",
        "\"a\":1,,\"b\":2",
        "\"a\" 1",
        "\"a\"::1",
        "a:1",
        "'a':1",
        "\"a\":[1,]",
        "\"a\":[,1]",
        "\"a\":[1,,2]",
        "\"a\":[1 2]",
        "\"a\":{\"b\":1]",
        "\"a\":[1}",
        "\"a\":1 /*c*/",
        "\"a\":1 // c",
        "\"a\":1 # c",
        "\"a\":{\"b\"}",
        "\"a\":\u00a01",
        "\"a\":\u000b1",
        "\"a\":\u00001"
      })
  void wrongStructureIsRejected(String fields) {
    assertThat(check(page(fields))).isEqualTo(Verdict.BOTH_REJECT);
  }

  @Test
  void nestingUpToJacksonsLimitIsAccepted() {
    // the page object, the array and the event are 3 levels already
    assertThat(check(page("\"n\":", "[".repeat(997), "]".repeat(997))))
        .isEqualTo(Verdict.BOTH_ACCEPT);
    assertThat(check(page("\"n\":", "[".repeat(998), "]".repeat(998))))
        .isEqualTo(Verdict.BOTH_REJECT);
    assertThat(check(page("\"n\":", "{\"a\":".repeat(997), "1", "}".repeat(997))))
        .isEqualTo(Verdict.BOTH_ACCEPT);
    assertThat(check(page("\"n\":", "{\"a\":".repeat(998), "1", "}".repeat(998))))
        .isEqualTo(Verdict.BOTH_REJECT);
    assertThat(check(bytes("{\"x\":", "[".repeat(999), "]".repeat(999), ",\"data\":[]}")))
        .isEqualTo(Verdict.BOTH_ACCEPT);
    assertThat(check(bytes("{\"x\":", "[".repeat(1000), "]".repeat(1000), ",\"data\":[]}")))
        .isEqualTo(Verdict.BOTH_REJECT);
  }

  @Test
  void numbersUpToJacksonsLengthLimitAreAccepted() {
    String[][] cases = {
      {"1".repeat(1000), "1".repeat(1001)},
      {"-" + "1".repeat(1000), "-" + "1".repeat(1001)},
      {"1".repeat(999) + ".5", "1".repeat(1000) + ".5"},
      {"0." + "1".repeat(999), "0." + "1".repeat(1000)},
      {"1".repeat(999) + "e+1", "1".repeat(1000) + "e+1"},
      {"1." + "1".repeat(998) + "E-1", "1." + "1".repeat(999) + "E-1"},
      {"1e" + "1".repeat(999), "1e" + "1".repeat(1000)}
    };
    for (String[] c : cases) {
      assertThat(check(page("\"n\":", c[0]))).as(c[0]).isEqualTo(Verdict.BOTH_ACCEPT);
      assertThat(check(page("\"n\":", c[1]))).as(c[1]).isEqualTo(Verdict.BOTH_REJECT);
      assertThat(check(page("\"n\":[{\"m\":", c[1], "}]"))).as(c[1]).isEqualTo(Verdict.BOTH_REJECT);
    }
  }

  @Test
  void namesUpToJacksonsLengthLimitAreAccepted() {
    String[][] cases = {
      {"a".repeat(50_000), "a".repeat(50_001)},
      {"\u00e9".repeat(25_000), "\u00e9".repeat(25_000) + "a"},
      {"\u20ac".repeat(16_666) + "ab", "\u20ac".repeat(16_667)},
      {"\\u0061".repeat(50_000), "\\u0061".repeat(50_001)},
      {"\\u20ac".repeat(16_666) + "ab", "\\u20ac".repeat(16_667)},
      {"\\ud83d\\ude00".repeat(12_500), "\\ud83d\\ude00".repeat(12_500) + "a"},
      {"\ud83d\ude00".repeat(12_500), "\ud83d\ude00".repeat(12_500) + "\\n"}
    };
    for (String[] c : cases) {
      assertThat(check(page("\"", c[0], "\":1"))).isEqualTo(Verdict.BOTH_ACCEPT);
      assertThat(check(page("\"", c[1], "\":1"))).isEqualTo(Verdict.BOTH_REJECT);
      assertThat(check(page("\"n\":{\"", c[1], "\":1}"))).isEqualTo(Verdict.BOTH_REJECT);
    }
  }

  @Test
  void readTextsAreLimitedLikeJacksonsGetTextButSkippedOnesAreNot() {
    String big = "a".repeat(MonitorJsonScanner.MAX_STRING_CHARS + 1);
    assertThat(check(page("\"s\":\"", big, "\""))).isEqualTo(Verdict.BOTH_ACCEPT);
    assertThat(check(bytes("{\"data\":[{\"eventId\":\"", big, "\"}]}")))
        .isEqualTo(Verdict.BOTH_REJECT);
  }

  @Test
  void contentAfterTheAnswerIsRejectedWhereJacksonStoppedReading() throws IOException {
    String ok = "{\"endCursor\":\"c\",\"data\":[{\"eventId\":\"a\"}]}";
    assertThat(check(bytes(ok, " \r\n\t"))).isEqualTo(Verdict.BOTH_ACCEPT);
    for (String after : new String[] {"x", "{}", "1", "]", ",", "\u0000", "/"}) {
      assertThat(check(bytes(ok, after))).as(after).isEqualTo(Verdict.STRICTER);
    }
    // an object endCursor: the reference reads on inside it and stops at its closing brace
    byte[] quirk =
        bytes(
            "{\"endCursor\":{\"endCursor\":\"x\",\"data\":[{\"eventId\":\"a\"}]},",
            "\"data\":[{\"eventId\":\"b\"}]}");
    assertThat(check(quirk)).isEqualTo(Verdict.BOTH_ACCEPT);
    MonitorPage p = ours(quirk);
    assertThat(p.endCursor()).isEqualTo("x");
    assertThat(p.eventIds()).containsExactly("a");
    assertThat(check(bytes("{\"endCursor\":{},\"data\":[1,}"))).isEqualTo(Verdict.STRICTER);
    assertThat(check(bytes("{\"endCursor\":[\"x\"],\"data\":[]}"))).isEqualTo(Verdict.BOTH_REJECT);
  }

  @Test
  void aByteOrderMarkIsSkippedAndOtherEncodingsAreRejected() throws IOException {
    String page = "{\"endCursor\":\"c\",\"data\":[{\"eventId\":\"a\"}]}";
    assertThat(check(bytes(hex("efbbbf"), page))).isEqualTo(Verdict.BOTH_ACCEPT);
    assertThat(ours(bytes(hex("efbbbf"), page)).eventIds()).containsExactly("a");
    assertThat(check(bytes(hex("efbb"), page))).isEqualTo(Verdict.BOTH_REJECT);
    assertThat(check(bytes(" ", hex("efbbbf"), page))).isEqualTo(Verdict.BOTH_REJECT);
    for (java.nio.charset.Charset cs :
        new java.nio.charset.Charset[] {
          StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16
        }) {
      byte[] body = "{\"endCursor\":\"c\",\"data\":[]}".getBytes(cs);
      assertThatThrownBy(() -> ours(body)).isInstanceOf(IOException.class);
      assertThat(check(body)).isNotEqualTo(Verdict.BOTH_ACCEPT);
    }
  }

  @Test
  void scalarsGiveTheCursorAsJacksonsGetValueAsString() throws IOException {
    assertThat(ours(bytes("{\"endCursor\":12.50e1,\"data\":[]}")).endCursor()).isEqualTo("12.50e1");
    assertThat(ours(bytes("{\"endCursor\":true,\"data\":[]}")).endCursor()).isEqualTo("true");
    assertThat(ours(bytes("{\"endCursor\":null,\"data\":[]}")).endCursor()).isNull();
    assertThat(ours(bytes("{\"data\":[]}")).endCursor()).isNull();
    assertThat(ours(bytes("{\"endC\\u0075rsor\":\"a\\/b\",\"data\":[]}")).endCursor())
        .isEqualTo("a/b");
  }

  @Test
  void escapedIdsAreDecodedBeforeTheyAreCompared() throws IOException {
    byte[] body =
        bytes(
            "{\"data\":[{\"eventId\":\"abc\"},{\"eventId\":\"a\\u0062c\"},",
            "{\"event\\u0049d\":\"x\\ty\"},{\"eventId\":7},{\"eventId\":-7.0E1},",
            "{\"eventId\":false},{\"eventId\":null},{\"eventId\":{\"eventId\":\"in\"}}]}");
    assertThat(check(body)).isEqualTo(Verdict.BOTH_ACCEPT);
    MonitorPage p = ours(body);
    assertThat(p.eventIds()).containsExactly("abc", "x\ty", "7", "-7.0E1", "false");
    assertThat(p.received()).isEqualTo(8);
    assertThat(p.delivered()).isEqualTo(7);
  }

  @Test
  void theRangeOfALongerArrayIsReadWithoutLookingPastIt() throws IOException {
    byte[] body = page("\"n\":[1,{\"a\":\"b\"}]");
    for (int cut = 0; cut <= body.length; cut++) {
      byte[] part = java.util.Arrays.copyOf(body, cut);
      Differential.checkInside(part, Set.of(), (byte) '}');
      Differential.checkInside(part, Set.of(), (byte) '"');
      Differential.checkInside(part, Set.of(), (byte) '0');
    }
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] body =
        bytes(
            "{\"endCursor\":\"c\\u00e9\",\"data\":[{\"eventId\":\"a\",\"timestamp\":1.5e3,",
            "\"x\":[true,false,null,{\"y\":\"\u20ac\ud83d\ude00\"}],\"s\":\"q\\\"\"}]}");
    assertThat(check(body)).isEqualTo(Verdict.BOTH_ACCEPT);
    for (int cut = 0; cut < body.length; cut++) {
      assertThat(check(java.util.Arrays.copyOf(body, cut))).isEqualTo(Verdict.BOTH_REJECT);
    }
  }
}
