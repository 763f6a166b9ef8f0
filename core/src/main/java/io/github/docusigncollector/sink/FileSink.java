package io.github.docusigncollector.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Lines appended to a file, synced to disk before each acknowledgement, rotated by size
 * ({@code events.jsonl} → {@code events.jsonl.1} → ...). Its position (the file's identity and the
 * offset reached) goes into the checkpoint, so that after a crash it can cut a half-written last
 * line and hand back the events written after the checkpoint, in rotated files too.
 */
public final class FileSink implements Sink {
  private final Path path;
  private final long rotateBytes;
  private final int keep;
  private FileChannel channel;
  private long size;

  /**
   * @param path the live file
   * @param rotateBytes rotate before a batch would take the file beyond this size (0 = never)
   * @param keep how many rotated files to keep
   */
  public FileSink(Path path, long rotateBytes, int keep) {
    this.path = path.toAbsolutePath();
    this.rotateBytes = rotateBytes;
    this.keep = keep;
  }

  public Path path() {
    return path;
  }

  @Override
  public Recovered recover(ObjectNode checkpointPosition) {
    try {
      long cut = cutHalfLine();
      if (checkpointPosition == null) {
        return new Recovered(List.of(), cut);
      }
      String key = text(checkpointPosition.get("file_key"));
      long offset = checkpointPosition.path("offset").asLong(0);
      List<Path> files = new ArrayList<>(); // newest first: live, .1, .2, ...
      files.add(path);
      for (int i = 1; i <= keep; i++) {
        files.add(rotated(i));
      }
      int match = -1;
      for (int i = 0; i < files.size(); i++) {
        if (Files.exists(files.get(i)) && key != null && key.equals(fileKey(files.get(i)))) {
          match = i;
          break;
        }
      }
      List<byte[]> lines = new ArrayList<>();
      // Without a match the checkpointed file was moved away (a log shipper, a manual clean-up):
      // only the live file can hold what followed it, as a checkpoint follows every batch.
      int oldest = match >= 0 ? match : 0;
      for (int i = oldest; i >= 0; i--) {
        Path f = files.get(i);
        if (!Files.exists(f)) {
          continue;
        }
        byte[] all = Files.readAllBytes(f);
        int from = i == match ? (int) Math.min(offset, all.length) : 0;
        splitLines(all, from, lines);
      }
      return new Recovered(lines, cut);
    } catch (IOException e) {
      throw new SinkException("cannot read back the output file " + path + ": " + e, e);
    }
  }

  private long cutHalfLine() throws IOException {
    if (!Files.exists(path)) {
      return 0;
    }
    try (FileChannel ch =
        FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long n = ch.size();
      if (n == 0) {
        return 0;
      }
      long keepTo = n;
      ByteBuffer one = ByteBuffer.allocate(8192);
      long pos = n;
      boolean done = false;
      while (pos > 0 && !done) {
        int len = (int) Math.min(one.capacity(), pos);
        pos -= len;
        one.clear().limit(len);
        ch.read(one, pos);
        for (int i = len - 1; i >= 0; i--) {
          if (one.get(i) == '\n') {
            keepTo = pos + i + 1;
            done = true;
            break;
          }
        }
      }
      if (!done) {
        keepTo = 0;
      }
      if (keepTo < n) {
        ch.truncate(keepTo);
        ch.force(true);
      }
      return n - keepTo;
    }
  }

  private static void splitLines(byte[] all, int from, List<byte[]> out) {
    int start = from;
    for (int i = from; i < all.length; i++) {
      if (all[i] == '\n') {
        if (i > start) {
          byte[] line = new byte[i - start];
          System.arraycopy(all, start, line, 0, line.length);
          out.add(line);
        }
        start = i + 1;
      }
    }
  }

  @Override
  public Ack deliver(Batch batch) {
    try {
      open();
      if (batch.isEmpty()) {
        return new Ack(0, position());
      }
      if (rotateBytes > 0 && size > 0 && size + batch.length() > rotateBytes) {
        rotate();
      }
      ByteBuffer buf = ByteBuffer.wrap(batch.data(), 0, batch.length());
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
      size += batch.length();
      return new Ack(batch.events(), position());
    } catch (IOException e) {
      closeQuietly();
      undoPartialWrite();
      throw new SinkException(
          "writing events to "
              + path
              + " failed: "
              + e.getMessage()
              + " (check disk space and permissions)",
          e);
    }
  }

  @Override
  public ObjectNode position() {
    try {
      open();
      ObjectNode pos = JsonNodeFactory.instance.objectNode();
      pos.put("file", path.getFileName().toString());
      pos.put("file_key", fileKey(path));
      pos.put("offset", size);
      return pos;
    } catch (IOException e) {
      throw new SinkException("cannot open the output file " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Files the sink creates are readable by their owner alone (0600 where the file system has POSIX
   * permissions): they hold e-mail addresses and IP addresses. A rotated file is the same file
   * renamed, so it keeps that mode. A file that exists already keeps the mode it has.
   */
  static java.nio.file.attribute.FileAttribute<?>[] ownerOnly() {
    if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new java.nio.file.attribute.FileAttribute<?>[0];
    }
    return new java.nio.file.attribute.FileAttribute<?>[] {
      java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))
    };
  }

  private void open() throws IOException {
    if (channel != null && channel.isOpen()) {
      return;
    }
    Path dir = path.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    channel =
        FileChannel.open(
            path,
            java.util.Set.of(
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
            ownerOnly());
    size = channel.size();
  }

  private void rotate() throws IOException {
    channel.close();
    if (keep <= 0) {
      Files.delete(path);
    } else {
      Files.deleteIfExists(rotated(keep));
      for (int i = keep - 1; i >= 1; i--) {
        Path from = rotated(i);
        if (Files.exists(from)) {
          Files.move(from, rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      Files.move(path, rotated(1), StandardCopyOption.ATOMIC_MOVE);
    }
    channel =
        FileChannel.open(
            path,
            java.util.Set.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
            ownerOnly());
    size = 0;
    syncDirectory();
  }

  private void syncDirectory() {
    Path dir = path.getParent();
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform can open a directory; the rename itself is still atomic
    }
  }

  private Path rotated(int i) {
    return path.resolveSibling(path.getFileName() + "." + i);
  }

  private static String fileKey(Path p) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      Object key = a.fileKey();
      return key != null ? key.toString() : "created:" + a.creationTime();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  /** A batch that failed half-way is cut off, so the retry does not follow a broken line. */
  private void undoPartialWrite() {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      if (ch.size() > size) {
        ch.truncate(size);
        ch.force(true);
      }
    } catch (IOException | RuntimeException e) {
      // the next start cuts a half line anyway
    }
  }

  private void closeQuietly() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // the failure being reported matters more
    }
    channel = null;
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
