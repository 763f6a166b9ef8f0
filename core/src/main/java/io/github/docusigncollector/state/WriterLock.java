package io.github.docusigncollector.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.error.CollectorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The checkpoint writer's lock ({@code writer.lock}), held by {@code fetch}, {@code run} and {@code
 * state reset} for their whole life. The file names the holder (pid and command) so that a refused
 * second writer can say who holds it. The operating system drops the lock when the process dies, so
 * a crash never leaves a directory locked.
 */
public final class WriterLock implements AutoCloseable {
  /*
   * POSIX record locks belong to the process, and closing ANY descriptor of the file drops them
   * all. So within this JVM the lock file is never opened again while held: a second taker is
   * answered from this table instead.
   */
  private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WriterLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  static WriterLock acquire(Path dir, Path file, String command) {
    if (HELD_HERE.putIfAbsent(file, command) != null) {
      throw held(
          dir,
          "process "
              + ProcessHandle.current().pid()
              + " (docusign-collector "
              + HELD_HERE.getOrDefault(file, "?")
              + ", this very process)");
    }
    FileChannel ch = null;
    try {
      ch = StateStore.openLockFile(file);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        // Held by another process: this process holds no lock on the file, so closing is safe.
        ch.close();
        ch = null;
        throw held(dir, holder(file));
      }
      ObjectNode holder = StateStore.JSON.createObjectNode();
      holder.put("pid", ProcessHandle.current().pid());
      holder.put("command", command);
      byte[] bytes = StateStore.JSON.writeValueAsBytes(holder);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(bytes), 0);
      ch.force(true);
      return new WriterLock(file, ch, lock);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      HELD_HERE.remove(file);
      throw e;
    } catch (IOException e) {
      closeQuietly(ch);
      HELD_HERE.remove(file);
      throw new CollectorException(
          CollectorException.OPERATIONAL,
          "cannot take the writer lock "
              + file
              + ": "
              + StateStore.describe(e)
              + ". Check that state_dir is a writable local directory.",
          e);
    }
  }

  private static String holder(Path file) {
    String who = "another process";
    try {
      JsonNode holder = StateStore.JSON.readTree(Files.readAllBytes(file));
      if (holder != null && holder.has("pid")) {
        who =
            "process "
                + holder.get("pid").asText()
                + " (docusign-collector "
                + holder.path("command").asText("?")
                + ")";
      }
    } catch (IOException | RuntimeException e) {
      // The holder may be between truncate and write; the generic wording is still true.
    }
    return who;
  }

  private static CollectorException held(Path dir, String who) {
    return new CollectorException(
        CollectorException.CONFIG,
        "the state directory "
            + dir
            + " is in use by "
            + who
            + ": only one fetch, run or state reset may use a state_dir at a time. Stop that"
            + " process first, or give this one another state_dir.");
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // nothing more to do
      }
    }
  }

  /** Releases the lock; the file stays (deleting it would race with a new holder). */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException e) {
      // closing the channel below releases it anyway
    }
    closeQuietly(channel);
    HELD_HERE.remove(file);
  }
}
