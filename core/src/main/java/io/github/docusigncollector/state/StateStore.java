package io.github.docusigncollector.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.error.CollectorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The state directory: checkpoints (one writer per directory) and the shared token cache and hourly
 * call count (updated by every command under a short lock). Touches the disk only when asked; the
 * directory itself is created (mode 0700) on the first write.
 */
public final class StateStore implements SharedStateStore {
  /** The format version both JSON files carry. */
  public static final int FORMAT_VERSION = 1;

  static final String SHARED_FILE = "shared.json";
  static final String CHECKPOINTS_FILE = "checkpoints.json";
  static final String SHARED_LOCK = "shared.lock";
  static final String WRITER_LOCK = "writer.lock";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectWriter COMPACT =
      JSON.writer().without(SerializationFeature.INDENT_OUTPUT);

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /*
   * A FileLock guards against other processes only; within one JVM a second lock on the same file
   * throws. Threads (and several clients on one directory in tests) therefore queue on this
   * per-directory lock before taking the file lock.
   */
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path dir;

  public StateStore(Path stateDir) {
    this.dir = stateDir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  /** The shared state, read without any lock (a rename is atomic); empty when absent. */
  @Override
  public SharedState readShared() {
    JsonNode root = readVersioned(dir.resolve(SHARED_FILE), sharedResetHint());
    if (root == null) {
      return SharedState.EMPTY;
    }
    try {
      return SharedState.fromJson(root);
    } catch (IllegalArgumentException e) {
      throw corrupt(dir.resolve(SHARED_FILE), e.getMessage(), sharedResetHint(), null);
    }
  }

  /**
   * Read-modify-write of the shared state under the short lock ({@code shared.lock}), written
   * atomically with mode 0600 when it changed. Returns the state after the change. The function may
   * run while other processes wait, so it must be quick; an exception from it aborts the update and
   * is passed on.
   */
  @Override
  public SharedState updateShared(UnaryOperator<SharedState> change) {
    ensureDir();
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    jvmLock.lock();
    try (FileChannel ch = openLockFile(dir.resolve(SHARED_LOCK));
        FileLock lock = ch.lock()) {
      SharedState before = readShared();
      SharedState after = change.apply(before);
      if (after == null) {
        after = SharedState.EMPTY;
      }
      if (!after.equals(before)) {
        writeAtomically(dir.resolve(SHARED_FILE), after.toJson(), true);
      }
      return after;
    } catch (IOException e) {
      throw ioFailure("update", dir.resolve(SHARED_FILE), e);
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * Takes the writer lock for the life of a {@code fetch}, {@code run} or {@code state reset}.
   * Another holder is exit 2, naming the directory and the holder's pid and command.
   */
  public WriterLock lockWriter(String command) {
    ensureDir();
    return WriterLock.acquire(dir, dir.resolve(WRITER_LOCK), command);
  }

  /** The checkpoints ({@code {"version":1,...}}), read without any lock; {@code {}} when absent. */
  public ObjectNode readCheckpoints() {
    Path file = dir.resolve(CHECKPOINTS_FILE);
    JsonNode root = readVersioned(file, checkpointsResetHint());
    if (root == null) {
      return JSON.createObjectNode();
    }
    return (ObjectNode) root;
  }

  /** Writes the checkpoints atomically, with {@code "version": 1}; the caller holds the lock. */
  public void writeCheckpoints(ObjectNode checkpoints) {
    ensureDir();
    ObjectNode out = JSON.createObjectNode();
    out.put("version", FORMAT_VERSION);
    checkpoints
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals("version")) {
                out.set(e.getKey(), e.getValue());
              }
            });
    Path file = dir.resolve(CHECKPOINTS_FILE);
    try {
      // No sync of the directory after the rename: should the rename itself not survive a power
      // loss, the previous checkpoint is back, and restarting from it is safe (the sink holds
      // everything since; the file sink recognises it). One sync less per page.
      writeAtomically(file, out, false);
    } catch (IOException e) {
      throw ioFailure("write", file, e);
    }
  }

  // ---- files

  private JsonNode readVersioned(Path file, String resetHint) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw corrupt(file, "it cannot be read (" + describe(e) + ")", resetHint, e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw corrupt(file, "it is not valid JSON (" + e.getOriginalMessage() + ")", resetHint, null);
    } catch (IOException e) {
      throw corrupt(file, "it cannot be read (" + describe(e) + ")", resetHint, e);
    }
    if (root == null || !root.isObject()) {
      throw corrupt(file, "it does not hold a JSON object", resetHint, null);
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isInt() || version.asInt() != FORMAT_VERSION) {
      String found = version == null ? "no version" : "version " + version;
      throw corrupt(
          file,
          "it has "
              + found
              + ", but this docusign-collector reads version "
              + FORMAT_VERSION
              + " (written by another release?)",
          resetHint,
          null);
    }
    return root;
  }

  private String sharedResetHint() {
    return "It holds only the cached access token, the cached userinfo and this hour's API call"
        + " count: delete it (rm "
        + dir.resolve(SHARED_FILE)
        + ") and the next command starts afresh with a new token.";
  }

  private static String checkpointsResetHint() {
    return "Run `docusign-collector state reset` to clear the checkpoints (the next cycle collects"
        + " again from first_fetch and delivers those events again).";
  }

  private static CollectorException corrupt(Path file, String why, String hint, Throwable cause) {
    return new CollectorException(
        CollectorException.OPERATIONAL,
        "state file " + file + " is unusable: " + why + ". " + hint,
        cause);
  }

  private static CollectorException ioFailure(String what, Path file, IOException e) {
    String hint =
        e instanceof AccessDeniedException
            ? " Check the permissions of the state directory (state_dir)."
            : " Check that state_dir is on a writable local file system with free space.";
    return new CollectorException(
        CollectorException.OPERATIONAL,
        "cannot " + what + " state file " + file + ": " + describe(e) + "." + hint,
        e);
  }

  static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private void ensureDir() {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      if (POSIX) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new CollectorException(
          CollectorException.OPERATIONAL,
          "cannot create the state directory "
              + dir
              + " (state_dir): "
              + describe(e)
              + ". Create it or point state_dir at a writable directory.",
          e);
    }
  }

  static FileAttribute<?>[] ownerOnly() {
    if (!POSIX) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
    };
  }

  static FileChannel openLockFile(Path file) throws IOException {
    Set<StandardOpenOption> opts =
        EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    return FileChannel.open(file, opts, ownerOnly());
  }

  /**
   * Temp file created 0600 (never readable by others, not even for a moment), written and fsynced,
   * renamed over the target, then the directory fsynced so that the rename survives a crash.
   */
  static void writeAtomically(Path file, JsonNode content, boolean syncDirectory)
      throws IOException {
    // Compact: a checkpoint holds 10,000 recent ids and is written once per page.
    byte[] bytes = COMPACT.writeValueAsBytes(content);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Set<StandardOpenOption> opts =
        EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
    try (FileChannel ch = FileChannel.open(tmp, opts, ownerOnly())) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    if (syncDirectory) {
      fsyncDirectory(file.getParent());
    }
  }

  static void fsyncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems (and Windows) refuse to open or sync a directory; the rename is then
      // as durable as that platform makes it.
    }
  }
}
