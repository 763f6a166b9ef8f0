package io.github.docusigncollector.sink.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.sink.Batch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A batch's lines, found eight bytes at a time, are those a byte-by-byte reading finds. */
class EventsTest {
  @Test
  void linesOfEveryLengthAndPlace() {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      StringBuilder b = new StringBuilder();
      List<String> expected = new ArrayList<>();
      int n = random.nextInt(12);
      for (int i = 0; i < n; i++) {
        String line = "x".repeat(random.nextInt(20)) + (random.nextInt(5) == 0 ? "é" : "");
        if (random.nextInt(6) == 0) {
          b.append(line).append("\r\n");
        } else {
          b.append(line).append('\n');
        }
        if (!line.isEmpty()) {
          expected.add(line);
        }
      }
      if (random.nextBoolean()) {
        String last = "{\"last\":" + round + "}";
        b.append(last);
        expected.add(last);
      }
      byte[] data = b.toString().getBytes(StandardCharsets.UTF_8);
      Events events = Events.of(new Batch(data, data.length, expected.size()));
      List<String> got = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        got.add(events.text(i));
      }
      assertThat(got).as("round %d", round).isEqualTo(expected);
    }
  }
}
