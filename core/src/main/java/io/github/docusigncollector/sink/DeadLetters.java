package io.github.docusigncollector.sink;

import io.github.docusigncollector.auth.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <state_dir>/dead-letter.jsonl}: the events a receiver refused on their own merits, one
 * JSON line {@code {"time","sink","reason","event"}} each, appended and synced to disk before the
 * checkpoint moves past them. The count since the last {@link #endCycle} is logged once per cycle.
 */
public final class DeadLetters {
  /** The file's name inside the state directory. */
  public static final String FILE_NAME = "dead-letter.jsonl";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final Path file;
  private final String sink;
  private final Clock clock;
  private long total;
  private long thisCycle;
  private String lastReason;

  public DeadLetters(Path file, String sink, Clock clock) {
    this.file = file;
    this.sink = sink;
    this.clock = clock;
  }

  public Path file() {
    return file;
  }

  /** Dead letters written by this process. */
  public synchronized long total() {
    return total;
  }

  /**
   * Writes the events {@code data[starts[i]..ends[i])}, {@code i < count}, each with {@code
   * reasons[i]}, and syncs the file. {@code event} must be one JSON value without the newline.
   */
  public synchronized void write(
      byte[] data, int[] starts, int[] ends, String[] reasons, int count) {
    if (count == 0) {
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * count);
    String time = clock.instant().toString();
    String safeReason = null;
    for (int i = 0; i < count; i++) {
      safeReason = Secrets.redact(reasons[i]);
      byte[] head =
          ("{\"time\":\""
                  + time
                  + "\",\"sink\":"
                  + quote(sink)
                  + ",\"reason\":"
                  + quote(safeReason)
                  + ",\"event\":")
              .getBytes(StandardCharsets.UTF_8);
      out.write(head, 0, head.length);
      out.write(data, starts[i], ends[i] - starts[i]);
      out.write('}');
      out.write('\n');
    }
    try {
      Path dir = file.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      try (FileChannel ch =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        ByteBuffer buf = ByteBuffer.wrap(out.toByteArray());
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(false);
      }
    } catch (IOException e) {
      throw new SinkException(
          "writing dead letters to "
              + file
              + " failed: "
              + e.getMessage()
              + " (check disk space and permissions)",
          e);
    }
    total += count;
    thisCycle += count;
    lastReason = safeReason;
  }

  /** Logs the cycle's dead letters, if any, once. */
  public synchronized void endCycle() {
    if (thisCycle > 0) {
      LOG.warn(
          "{} sink: {} event(s) refused by the receiver went to {} (last reason: {})",
          sink,
          thisCycle,
          file,
          lastReason);
      thisCycle = 0;
    }
  }

  /** The number of lines in the dead-letter file of {@code stateDir} (0 when there is none). */
  public static long count(Path stateDir) {
    Path f = stateDir.resolve(FILE_NAME);
    long n = 0;
    try (InputStream in = Files.newInputStream(f)) {
      byte[] buf = new byte[65536];
      int r;
      while ((r = in.read(buf)) > 0) {
        for (int i = 0; i < r; i++) {
          if (buf[i] == '\n') {
            n++;
          }
        }
      }
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      return -1;
    }
    return n;
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
