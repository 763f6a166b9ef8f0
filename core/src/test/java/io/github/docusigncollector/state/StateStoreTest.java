package io.github.docusigncollector.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.state.SharedState.CachedToken;
import io.github.docusigncollector.state.SharedState.CachedUserInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

  @TempDir Path tmp;

  private static CachedToken token(String value) {
    return new CachedToken(
        value, NOW.plusSeconds(3600), Set.of("signature", "impersonation"), "s", NOW);
  }

  @Test
  void readingAnAbsentDirectoryGivesEmptyStateAndCreatesNothing() {
    Path dir = tmp.resolve("state");
    StateStore store = new StateStore(dir);
    assertThat(store.readShared()).isEqualTo(SharedState.EMPTY);
    assertThat(store.readCheckpoints()).isEmpty();
    assertThat(dir).doesNotExist();
  }

  @Test
  void firstWriteCreatesPrivateDirectoryAndOwnerOnlyFileWithVersion() throws Exception {
    Path dir = tmp.resolve("a/state");
    StateStore store = new StateStore(dir);
    store.updateShared(s -> s.withToken(token("tok-1234567890")));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    Path shared = dir.resolve("shared.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)))
        .isEqualTo("rw-------");
    String text = Files.readString(shared);
    assertThat(text).contains("\"version\":1").contains("tok-1234567890");
    assertThat(dir.resolve("shared.json.tmp")).doesNotExist();
  }

  @Test
  void sharedStateRoundTrips() {
    StateStore store = new StateStore(tmp);
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("sub", "u1");
    SharedState written =
        store.updateShared(
            s ->
                s.withToken(token("tok-abcdefghij"))
                    .withUserInfo(new CachedUserInfo("s", NOW, body))
                    .plusCalls(NOW, 7));
    SharedState read = new StateStore(tmp).readShared();
    assertThat(read).isEqualTo(written);
    assertThat(read.callsInHour(NOW.plusSeconds(60))).isEqualTo(7);
    assertThat(read.callsInHour(NOW.plusSeconds(3600))).isZero();
  }

  @Test
  void toStringAndRedactedJsonNeverShowTheToken() {
    SharedState s = SharedState.EMPTY.withToken(token("secret-token-value"));
    assertThat(s.toString()).doesNotContain("secret-token-value").contains("***");
    assertThat(s.toRedactedJson().toString())
        .doesNotContain("secret-token-value")
        .contains("\"access_token\":\"***\"");
  }

  @Test
  void updateThatChangesNothingDoesNotWrite() throws Exception {
    StateStore store = new StateStore(tmp);
    store.updateShared(s -> s.plusCalls(NOW, 1));
    Path shared = tmp.resolve("shared.json");
    var before = Files.getLastModifiedTime(shared);
    Files.setLastModifiedTime(shared, java.nio.file.attribute.FileTime.fromMillis(0));
    store.updateShared(s -> s);
    assertThat(Files.getLastModifiedTime(shared).toMillis()).isZero();
    assertThat(before).isNotNull();
  }

  @Test
  void resetTokenIsIdempotent() {
    StateStore store = new StateStore(tmp);
    store.updateShared(s -> s.withToken(token("tok-abcdefghij")));
    assertThat(store.updateShared(SharedState::withoutToken).token()).isNull();
    assertThat(store.updateShared(SharedState::withoutToken).token()).isNull();
  }

  @Test
  void corruptSharedFileIsExitOneNamingFileAndFix() throws Exception {
    Files.writeString(tmp.resolve("shared.json"), "{\"version\":1,\"token\":{\"acc");
    StateStore store = new StateStore(tmp);
    assertThatThrownBy(store::readShared)
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining(tmp.resolve("shared.json").toString())
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("delete it")
        .extracting(e -> ((CollectorException) e).exitCode())
        .isEqualTo(1);
    // An update never silently replaces it either.
    assertThatThrownBy(() -> store.updateShared(s -> s.plusCalls(NOW, 1)))
        .isInstanceOf(CollectorException.class);
    assertThat(Files.readString(tmp.resolve("shared.json"))).startsWith("{\"version\":1,\"tok");
  }

  @Test
  void unknownVersionIsExitOne() throws Exception {
    Files.writeString(tmp.resolve("shared.json"), "{\"version\":2}");
    Files.writeString(tmp.resolve("checkpoints.json"), "{\"streams\":{}}");
    StateStore store = new StateStore(tmp);
    assertThatThrownBy(store::readShared)
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("version 2")
        .extracting(e -> ((CollectorException) e).exitCode())
        .isEqualTo(1);
    assertThatThrownBy(store::readCheckpoints)
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("no version")
        .hasMessageContaining("docusign-collector state reset")
        .hasMessageContaining("checkpoints.json");
  }

  @Test
  void mistypedFieldIsExitOne() throws Exception {
    Files.writeString(
        tmp.resolve("shared.json"), "{\"version\":1,\"api_calls\":{\"hour\":\"x\",\"count\":1}}");
    assertThatThrownBy(new StateStore(tmp)::readShared)
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("hour");
  }

  @Test
  void checkpointsRoundTripWithVersion() throws Exception {
    StateStore store = new StateStore(tmp.resolve("s"));
    ObjectNode cp = JsonNodeFactory.instance.objectNode();
    cp.putObject("streams").putObject("customer_events").put("cursor", "c1");
    store.writeCheckpoints(cp);
    ObjectNode read = store.readCheckpoints();
    assertThat(read.get("version").asInt()).isEqualTo(1);
    assertThat(read.at("/streams/customer_events/cursor").asText()).isEqualTo("c1");
    Path file = tmp.resolve("s/checkpoints.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    Files.write(file, "{\"version\":1,".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(store::readCheckpoints)
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("state reset");
  }

  @Test
  void concurrentUpdatesLoseNoIncrement() throws Exception {
    StateStore a = new StateStore(tmp);
    StateStore b = new StateStore(tmp);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> fs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      StateStore s = i % 2 == 0 ? a : b;
      fs.add(
          pool.submit(
              () -> {
                for (int j = 0; j < 25; j++) {
                  s.updateShared(st -> st.plusCalls(NOW, 1));
                }
              }));
    }
    for (Future<?> f : fs) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(a.readShared().callsInHour(NOW)).isEqualTo(100);
  }

  @Test
  void secondWriterInTheSameProcessIsRefusedWithExitTwo() {
    StateStore store = new StateStore(tmp);
    try (WriterLock first = store.lockWriter("run")) {
      assertThatThrownBy(() -> new StateStore(tmp).lockWriter("fetch"))
          .isInstanceOf(CollectorException.class)
          .hasMessageContaining(tmp.toString())
          .hasMessageContaining("process " + ProcessHandle.current().pid())
          .hasMessageContaining("run")
          .extracting(e -> ((CollectorException) e).exitCode())
          .isEqualTo(2);
      // The shared state stays usable beside the writer.
      store.updateShared(s -> s.plusCalls(NOW, 1));
      assertThat(store.readShared().callsInHour(NOW)).isEqualTo(1);
    }
    try (WriterLock again = store.lockWriter("fetch")) {
      assertThat(again).isNotNull();
    }
  }

  private String tryInAnotherProcess() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                WriterLockHolder.class.getName(),
                tmp.toString(),
                "try")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  @Test
  void aRefusedSecondTakerInThisProcessDoesNotWeakenTheLockForOthers() throws Exception {
    // POSIX drops a process's record locks when any descriptor of the file closes: refusing a
    // second taker here must not open (and close) the lock file.
    try (WriterLock held = new StateStore(tmp).lockWriter("run")) {
      assertThatThrownBy(() -> new StateStore(tmp).lockWriter("fetch"))
          .isInstanceOf(CollectorException.class);
      assertThat(tryInAnotherProcess())
          .startsWith("refused:")
          .contains("process " + ProcessHandle.current().pid())
          .contains("docusign-collector run");
      held.close();
      held.close();
      assertThat(tryInAnotherProcess()).startsWith("locked");
    }
  }

  @Test
  void writerHeldByAnotherProcessIsRefusedNamingItsPid() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                WriterLockHolder.class.getName(),
                tmp.toString())
            .redirectErrorStream(true)
            .start();
    try {
      var in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = in.readLine();
      assertThat(line).isEqualTo("locked");
      assertThatThrownBy(() -> new StateStore(tmp).lockWriter("fetch"))
          .isInstanceOf(CollectorException.class)
          .hasMessageContaining("process " + p.pid())
          .hasMessageContaining("docusign-collector run")
          .hasMessageContaining(tmp.toString());
      // Reading needs no lock.
      assertThat(new StateStore(tmp).readCheckpoints()).isEmpty();
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    // The operating system released it with the process.
    try (WriterLock mine = new StateStore(tmp).lockWriter("fetch")) {
      assertThat(mine).isNotNull();
    }
  }
}
