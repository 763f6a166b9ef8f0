package io.github.docusigncollector.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSearchNodeSmokeIT {
  @TempDir Path dir;

  @Test
  void startsAndTakesABulk() throws Exception {
    long t0 = System.nanoTime();
    try (OpenSearchNode node = OpenSearchNode.start(dir)) {
      System.out.println("started in ms " + (System.nanoTime() - t0) / 1_000_000);
      OpenSearchNode.Answer a =
          node.call("POST", "/_bulk", "{\"create\":{\"_index\":\"x\",\"_id\":\"1\"}}\n{\"a\":1}\n");
      assertThat(a.status()).isEqualTo(200);
      assertThat(node.documents("x")).hasSize(1);
    }
  }
}
