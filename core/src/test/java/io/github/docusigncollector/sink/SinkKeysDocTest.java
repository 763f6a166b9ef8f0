package io.github.docusigncollector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/sinks.md} shows each sink's keys as generated from its declaration: a table between
 * {@code <!-- keys:TYPE -->} and {@code <!-- /keys -->}. Run with {@code -Dsinks.docs.write=true}
 * to rewrite the tables.
 */
class SinkKeysDocTest {
  private static final Path DOC = Path.of("..", "docs", "sinks.md");

  @Test
  void theKeyTablesInTheDocsAreTheDeclarations() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    Pattern p = Pattern.compile("<!-- keys:([a-z_]+) -->\\n(.*?)<!-- /keys -->", Pattern.DOTALL);
    Matcher m = p.matcher(doc);
    StringBuilder rewritten = new StringBuilder();
    int found = 0;
    while (m.find()) {
      String type = m.group(1);
      SinkType t = SinkTypes.get(type);
      if (t == null) {
        // a sink of another module documents itself in the same file; not on this class path
        m.appendReplacement(rewritten, Matcher.quoteReplacement(m.group()));
        continue;
      }
      String table = OutputParser.COMMON.with(t.keys()).markdownTable();
      if (!Boolean.getBoolean("sinks.docs.write")) {
        assertThat(m.group(2))
            .as("the key table of " + type + " in docs/sinks.md")
            .isEqualTo(table);
      }
      m.appendReplacement(
          rewritten,
          Matcher.quoteReplacement("<!-- keys:" + type + " -->\n" + table + "<!-- /keys -->"));
      found++;
    }
    m.appendTail(rewritten);
    if (Boolean.getBoolean("sinks.docs.write")) {
      Files.writeString(DOC, rewritten.toString(), StandardCharsets.UTF_8);
    }
    assertThat(found).isGreaterThanOrEqualTo(List.of("file", "xsiam", "splunk_hec", "http").size());
  }
}
