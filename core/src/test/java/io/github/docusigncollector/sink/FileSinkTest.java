package io.github.docusigncollector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
  @TempDir Path dir;

  private static Batch batch(String... lines) {
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append(l).append('\n');
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    return new Batch(bytes, bytes.length, lines.length);
  }

  private static List<String> text(Recovered r) {
    return r.lines().stream().map(l -> new String(l, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void appendsAndAcknowledgesWithItsPosition() throws IOException {
    Path file = dir.resolve("events.jsonl");
    try (FileSink sink = new FileSink(file, 0, 3)) {
      sink.recover(null);
      Sink.Ack ack = sink.deliver(batch("{\"a\":1}", "{\"a\":2}"));
      assertThat(ack.events()).isEqualTo(2);
      assertThat(ack.position().get("offset").asLong()).isEqualTo(Files.size(file));
    }
    assertThat(Files.readAllLines(file)).containsExactly("{\"a\":1}", "{\"a\":2}");
  }

  @Test
  void rotatesBySizeKeepingTheConfiguredNumberOfFiles() throws IOException {
    Path file = dir.resolve("events.jsonl");
    try (FileSink sink = new FileSink(file, 20, 2)) {
      sink.recover(null);
      for (int i = 0; i < 5; i++) {
        sink.deliver(batch("{\"i\":" + i + ",\"pad\":1}")); // 17 bytes each
      }
    }
    assertThat(Files.readAllLines(file)).containsExactly("{\"i\":4,\"pad\":1}");
    assertThat(Files.readAllLines(dir.resolve("events.jsonl.1")))
        .containsExactly("{\"i\":3,\"pad\":1}");
    assertThat(Files.readAllLines(dir.resolve("events.jsonl.2")))
        .containsExactly("{\"i\":2,\"pad\":1}");
    assertThat(dir.resolve("events.jsonl.3")).doesNotExist();
  }

  @Test
  void recoveryCutsAHalfLineAndReturnsWhatFollowsTheCheckpointAcrossRotations() throws IOException {
    Path file = dir.resolve("events.jsonl");
    ObjectNode checkpoint;
    try (FileSink sink = new FileSink(file, 40, 5)) {
      sink.recover(null);
      checkpoint = sink.deliver(batch("{\"i\":0,\"pad\":1}")).position();
      sink.deliver(batch("{\"i\":1,\"pad\":1}"));
      sink.deliver(batch("{\"i\":2,\"pad\":1}")); // rotates: i0,i1 go to .1
      sink.deliver(batch("{\"i\":3,\"pad\":1}"));
    }
    Files.writeString(file, "{\"i\":4,\"pa", StandardOpenOption.APPEND);
    try (FileSink sink = new FileSink(file, 40, 5)) {
      Recovered r = sink.recover(checkpoint);
      assertThat(r.truncatedBytes()).isEqualTo(10);
      assertThat(text(r))
          .containsExactly("{\"i\":1,\"pad\":1}", "{\"i\":2,\"pad\":1}", "{\"i\":3,\"pad\":1}");
      sink.deliver(batch("{\"i\":5,\"pad\":1}"));
    }
    assertThat(Files.readAllLines(file)).allMatch(l -> l.endsWith("}"));
  }

  @Test
  void noCheckpointMeansNothingToSkip() throws IOException {
    Path file = dir.resolve("events.jsonl");
    Files.writeString(file, "{\"old\":1}\n{\"half");
    try (FileSink sink = new FileSink(file, 0, 1)) {
      Recovered r = sink.recover(null);
      assertThat(r.lines()).isEmpty();
      assertThat(r.truncatedBytes()).isEqualTo(6);
    }
    assertThat(Files.readString(file)).isEqualTo("{\"old\":1}\n");
  }
}
