package io.github.docusigncollector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.LineBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code docusign_account} tag of a multi-account configuration, on each line of a batch. */
class AccountTagTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyLineGetsTheFieldAtItsEndAndStaysValidJson() throws Exception {
    String in = "{\"eventId\":\"a\",\"x\":{\"y\":1}}\n{}\n{\"eventId\":\"b\"}  \n";
    byte[] bytes = in.getBytes(StandardCharsets.UTF_8);
    Batch tagged =
        new AccountTag("billing-2").tag(new Batch(bytes, bytes.length, 3), new LineBuffer(8));
    String out = new String(tagged.data(), 0, tagged.length(), StandardCharsets.UTF_8);
    String[] lines = out.split("\n");
    assertThat(tagged.events()).isEqualTo(3);
    assertThat(lines).hasSize(3);
    assertThat(lines[0])
        .isEqualTo("{\"eventId\":\"a\",\"x\":{\"y\":1},\"docusign_account\":\"billing-2\"}");
    assertThat(lines[1]).isEqualTo("{\"docusign_account\":\"billing-2\"}");
    for (String line : lines) {
      ObjectNode o = (ObjectNode) JSON.readTree(line);
      assertThat(Collector.taggedAccount(o)).isEqualTo("billing-2");
    }
  }

  @Test
  void theAccountIsFoundInTheMappedFormsToo() throws Exception {
    assertThat(
            Collector.taggedAccount(
                (ObjectNode) JSON.readTree("{\"unmapped\":{\"docusign_account\":\"a\"}}")))
        .isEqualTo("a");
    assertThat(
            Collector.taggedAccount(
                (ObjectNode) JSON.readTree("{\"labels\":{\"docusign_account\":\"b\"}}")))
        .isEqualTo("b");
    assertThat(Collector.taggedAccount((ObjectNode) JSON.readTree("{\"eventId\":\"x\"}"))).isNull();
  }
}
