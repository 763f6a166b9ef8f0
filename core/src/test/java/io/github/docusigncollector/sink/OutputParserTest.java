package io.github.docusigncollector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.CollectorConfig.OutputConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputParserTest {
  @TempDir Path dir;

  private final List<String> problems = new ArrayList<>();

  private OutputConfig parse(String yaml, Map<String, String> env) throws Exception {
    JsonNode node = new YAMLMapper().readTree(yaml);
    return OutputParser.parse(node, dir.resolve("state"), env, dir, problems);
  }

  @Test
  void everyTypeIsFoundThroughTheServiceLoader() {
    assertThat(SinkTypes.all().keySet()).contains("file", "stdout", "xsiam");
  }

  @Test
  void theDefaultIsTheFileInTheStateDirectory() {
    OutputConfig o = OutputParser.defaultOutput(dir);
    assertThat(o.type()).isEqualTo("file");
    assertThat(o.path()).isEqualTo(dir.resolve("events.jsonl"));
    assertThat(o.rotateBytes()).isEqualTo(104_857_600L);
    assertThat(o.keep()).isEqualTo(10);
    assertThat(o.format().key()).isEqualTo("raw");
  }

  @Test
  void aRemoteSinkGetsItsDeclaredDefaults() throws Exception {
    OutputConfig o =
        parse(
            "{type: xsiam, url: 'https://api-x.example.com/logs/v1/event', api_key: abcdefgh12345}",
            Map.of());
    assertThat(problems).isEmpty();
    SinkSettings s = o.settings();
    assertThat(s.integer("batch_max_events")).isEqualTo(5000);
    assertThat(s.bytes("batch_max_bytes")).isEqualTo(1_000_000L);
    assertThat(s.string("compression")).isEqualTo("gzip");
    assertThat(s.duration("retry_for")).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.bool("insecure")).isFalse();
    assertThat(s.secret("api_key")).isEqualTo("abcdefgh12345");
    assertThat(s.toString()).doesNotContain("abcdefgh12345").contains("api_key=***");
    assertThat(o.format().key()).isEqualTo("raw");
  }

  @Test
  void aSecretComesFromItsFileOrTheEnvironmentAndIsRedacted() throws Exception {
    Path f = dir.resolve("key.txt");
    Files.writeString(f, "  file-secret-0123456789\n");
    OutputConfig o =
        parse("{type: xsiam, url: 'https://h/logs/v1/event', api_key_file: key.txt}", Map.of());
    assertThat(problems).isEmpty();
    assertThat(o.settings().secret("api_key")).isEqualTo("file-secret-0123456789");
    assertThat(Secrets.redact("x file-secret-0123456789 y")).isEqualTo("x *** y");

    OutputConfig e =
        parse(
            "{type: xsiam, url: 'https://h/logs/v1/event', api_key: in-file-secret-1}",
            Map.of("DOCUSIGN_OUTPUT_API_KEY", "env-secret-abcdefgh"));
    assertThat(problems).isEmpty();
    assertThat(e.settings().secret("api_key")).isEqualTo("env-secret-abcdefgh");
    assertThat(Secrets.redact("env-secret-abcdefgh")).isEqualTo("***");
  }

  @Test
  void everyProblemIsReportedAtOnceNamingItsKey() throws Exception {
    parse(
        "{type: xsiam, url: 'http://example.com/x', batch_max_events: 0, batch_max_bytes: lots,"
            + " compression: zstd, retry_for: soon, ca_file: /nonexistent/ca.pem, insecure: maybe,"
            + " proxy: 3, format: cef, colour: red}",
        Map.of());
    assertThat(String.join("\n", problems))
        .contains("output.url: plain http://")
        .contains("output.api_key: required")
        .contains("output.batch_max_events: 0 is out of range")
        .contains("output.batch_max_bytes: \"lots\"")
        .contains("output.compression: \"zstd\"")
        .contains("output.retry_for: \"soon\"")
        .contains("output.ca_file:")
        .contains("output.insecure:")
        .contains("output.proxy:")
        .contains("output.format: \"cef\"")
        .contains("output.colour: unknown key");
    assertThat(problems).hasSize(11);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{type: nosuch}|output.type: \"nosuch\" is not a known sink",
        "{path: x}|output.type: not set",
        "[1, 2]|output: expected a mapping",
        "{type: xsiam, url: 'https://h/x', api_key: a, api_key_file: b}|output.api_key, output.api_key_file: both are set",
        "{type: xsiam, url: 'https://h/x', api_key_file: missing.txt}|output.api_key_file: the file",
        "{type: xsiam, url: 'ftp://h/x', api_key: abc}|output.url: \"ftp://h/x\" is not an http(s) URL",
        "{type: file, keep: -1}|output.keep: -1 is out of range",
        "{type: file, rotate_bytes: big}|output.rotate_bytes: \"big\"",
        "{type: stdout, path: x}|output.path: unknown key for output type stdout",
      })
  void aBadValueIsNamed(String yaml, String expected) throws Exception {
    parse(yaml, Map.of());
    assertThat(String.join("\n", problems)).contains(expected);
  }

  @Test
  void theKeysAreDocumentedFromTheirDeclaration() {
    String table = SinkTypes.get("xsiam").keys().markdownTable();
    assertThat(table)
        .contains(
            "| `api_key` | secret (also `api_key_file`, `DOCUSIGN_OUTPUT_API_KEY`) | required |")
        .contains("| `compression` | gzip \\| none | gzip |")
        .contains("| `retry_for` | duration | 5m |");
  }
}
