package io.github.docusigncollector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.users.UserRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditUsersCollectionTest {
  private static final String USERS_ONLY = "event_types: [audit_users]\n";

  @TempDir Path dir;

  private static long count(CycleResult r) {
    return r.delivered().get(EventType.AUDIT_USERS);
  }

  /** Every delivered record of a user differs from the one delivered before it. */
  private static void assertNoneTwiceIdentical(List<JsonNode> delivered) {
    Map<String, String> last = new HashMap<>();
    for (JsonNode n : delivered) {
      String hash = UserRecords.contentHash((ObjectNode) n.deepCopy());
      String id = n.path("id").asText();
      assertThat(hash).as("record of %s delivered twice identical", id).isNotEqualTo(last.get(id));
      last.put(id, hash);
    }
  }

  @Test
  void deliversEveryUserOnceMergedWithItsESignatureRecord() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(300), USERS_ONLY)) {
      Collector c = h.collector();
      CycleResult r = c.cycle(() -> false);
      assertThat(r.errors()).isEmpty();
      assertThat(count(r)).isEqualTo(300);
      List<JsonNode> users = h.delivered();
      assertThat(users)
          .extracting(n -> n.path("id").asText())
          .containsExactlyInAnyOrderElementsOf(h.sim.userIds());
      JsonNode u = users.get(0);
      assertThat(u.path("source_log_type").asText()).isEqualTo("auditusers");
      assertThat(u.path("userName").asText()).isNotEmpty();
      assertThat(u.path("user_name").asText()).isNotEmpty();
      assertThat(u.has("_time_source")).isFalse();
      assertThat(u.path("userSettings").path("modifiedDate").asText()).contains("/");
      h.assertEveryUserInItsLatestState();

      h.clock.advance(Duration.ofMinutes(2));
      assertThat(count(c.cycle(() -> false))).isZero();
    }
  }

  @Test
  void theCapCarriesTheRestOverToTheNextCycles() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(3_000), USERS_ONLY)) {
      Collector c = h.collector();
      List<Long> counts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        counts.add(count(c.cycle(() -> false)));
        h.clock.advance(Duration.ofMinutes(1));
      }
      assertThat(counts).containsExactly(1_250L, 1_250L, 500L, 0L);
      assertThat(h.deliveredIds("id"))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(h.sim.userIds());

      // Few changes in a big account: one eSignature read per candidate, not the whole list.
      h.clock.advance(Duration.ofHours(1));
      h.sim.modifyUsers(10);
      c.cycle(() -> false); // the look-back still holds the end of the initial spread
      h.clock.advance(Duration.ofHours(1));
      h.sim.modifyUsers(10);
      h.sim.clearRequests();
      assertThat(count(c.cycle(() -> false))).isEqualTo(10);
      assertThat(h.requests(Endpoint.ESIGN_USERS)).isZero();
      assertThat(h.requests(Endpoint.ESIGN_USER)).isLessThanOrEqualTo(20);
      assertNoneTwiceIdentical(h.delivered());
      h.assertEveryUserInItsLatestState();
    }
  }

  @Test
  void enrichesAThousandTwoHundredFiftyUsersWithAtMostTwentyESignatureCalls() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(1_250), USERS_ONLY)) {
      CycleResult r = h.collector().cycle(() -> false);
      assertThat(count(r)).isEqualTo(1_250);
      assertThat(h.requests(Endpoint.ESIGN_USER, Endpoint.ESIGN_USERS)).isLessThanOrEqualTo(20);
      assertThat(h.requests(Endpoint.ADMIN_USERS)).isEqualTo(5);
    }
  }

  @Test
  void usersChangedBetweenAndDuringCyclesArriveInTheirLatestStateNoneLostNoneTwiceIdentical()
      throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(400), USERS_ONLY)) {
      Collector c = h.collector();
      c.cycle(() -> false);
      h.clock.advance(Duration.ofMinutes(3));
      h.sim.modifyUsers(25);
      CycleResult between = c.cycle(() -> false);
      assertThat(count(between)).isEqualTo(25);

      // Changes while the pass pages through the users.
      h.sim.faults().latency(Duration.ofMillis(5));
      AtomicBoolean done = new AtomicBoolean();
      Thread changer =
          new Thread(
              () -> {
                while (!done.get()) {
                  h.clock.advance(Duration.ofSeconds(7));
                  h.sim.modifyUsers(3);
                  try {
                    Thread.sleep(3);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      h.clock.advance(Duration.ofMinutes(1));
      h.sim.modifyUsers(150); // enough candidates for the account list to be used
      changer.start();
      try {
        c.cycle(() -> false);
      } finally {
        done.set(true);
        changer.join();
      }
      h.sim.faults().clear();
      for (int i = 0; i < 3; i++) {
        h.clock.advance(Duration.ofMinutes(1));
        c.cycle(() -> false);
      }
      h.assertEveryUserInItsLatestState();
      assertNoneTwiceIdentical(h.delivered());
    }
  }

  /**
   * Why a user listed again by the look-back is read again although its Admin record is the one
   * delivered: the Admin user object has no modification time, so a change of the eSignature record
   * leaves it identical; only the eSignature read tells the change from the look-back.
   */
  @Test
  void aUserListedAgainWithAnIdenticalAdminRecordIsReadAndDeliveredWhenItChanged()
      throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(100), USERS_ONLY)) {
      Collector c = h.collector();
      c.cycle(() -> false);
      String id = h.sim.userIds().get(42);
      h.clock.advance(Duration.ofMinutes(20));
      h.sim.modifyUser(id);
      h.clock.advance(Duration.ofSeconds(1));
      assertThat(count(c.cycle(() -> false))).isEqualTo(1);

      // Within the look-back: listed again either way.
      h.clock.advance(Duration.ofMinutes(1));
      h.sim.clearRequests();
      assertThat(count(c.cycle(() -> false))).isZero();
      assertThat(h.requests(Endpoint.ESIGN_USER)).isEqualTo(1);

      h.clock.advance(Duration.ofMinutes(1));
      h.sim.modifyUser(id);
      h.clock.advance(Duration.ofSeconds(1));
      assertThat(count(c.cycle(() -> false))).isEqualTo(1);
      List<JsonNode> mine =
          h.delivered().stream().filter(n -> n.path("id").asText().equals(id)).toList();
      assertThat(mine).hasSize(3);
      ObjectNode before = (ObjectNode) mine.get(1);
      ObjectNode after = (ObjectNode) mine.get(2);
      assertThat(adminPart(after)).isEqualTo(adminPart(before));
      assertThat(after.path("jobTitle")).isNotEqualTo(before.path("jobTitle"));
      assertNoneTwiceIdentical(h.delivered());
      h.assertEveryUserInItsLatestState();
    }
  }

  /**
   * The lower-case fields of a delivered record: the Admin API's (snake_case; eSignature's are
   * camelCase but for a few constant ones such as {@code company}).
   */
  private static ObjectNode adminPart(ObjectNode delivered) {
    ObjectNode admin = delivered.objectNode();
    delivered
        .fields()
        .forEachRemaining(
            e -> {
              String k = e.getKey();
              if (!k.startsWith("_") && k.equals(k.toLowerCase(java.util.Locale.ROOT))) {
                admin.set(k, e.getValue());
              }
            });
    admin.remove("source_log_type");
    return admin;
  }

  @Test
  void aUserDeletedBeforeItsESignatureReadIsTheAdminRecordAlone() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(30), USERS_ONLY)) {
      String gone = h.sim.userIds().get(7);
      h.sim.deleteUser(gone);
      h.collector().cycle(() -> false);
      JsonNode u =
          h.delivered().stream().filter(n -> n.path("id").asText().equals(gone)).findFirst().get();
      assertThat(u.path("_time_source").asText()).isEqualTo("collected");
      assertThat(u.path("_time").asText()).isEqualTo("2026-05-01T12:00:00Z");
      assertThat(u.has("userName")).isFalse();
      assertThat(h.delivered()).hasSize(30);
    }
  }

  @Test
  void afterACrashUsersAlreadyInTheFileAreNotWrittenAgain() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(600), USERS_ONLY)) {
      h.collector().cycle(() -> false);
      Path cp = h.config.stateDir().resolve("checkpoints.json");
      byte[] before = java.nio.file.Files.readAllBytes(cp);
      h.clock.advance(Duration.ofMinutes(2));
      h.sim.modifyUsers(300);
      h.collector().cycle(() -> false);
      java.nio.file.Files.write(cp, before); // the crash: the later checkpoints were lost
      h.clock.advance(Duration.ofMinutes(1));
      CycleResult r = h.collector().cycle(() -> false);
      assertThat(count(r)).isZero();
      assertThat(h.delivered()).hasSize(900);
      assertNoneTwiceIdentical(h.delivered());
      h.assertEveryUserInItsLatestState();
    }
  }

  @Test
  void theWatermarkStaysWhileUsersAreCarriedOver() throws Exception {
    try (Harness h =
        new Harness(dir, b -> b.users(600), USERS_ONLY + "max_user_events_per_fetch: 250\n")) {
      Collector c = h.collector();
      c.cycle(() -> false);
      JsonNode cp = h.state.readCheckpoints().path("streams").path("audit_users");
      Instant first = h.config.firstFetch().resolve(h.clock);
      assertThat(Instant.parse(cp.path("watermark").asText())).isEqualTo(first);
      assertThat(cp.path("pending").asBoolean()).isTrue();
      c.cycle(() -> false);
      c.cycle(() -> false);
      cp = h.state.readCheckpoints().path("streams").path("audit_users");
      assertThat(cp.path("pending").asBoolean()).isFalse();
      assertThat(Instant.parse(cp.path("watermark").asText())).isAfter(first);
      assertThat(h.deliveredIds("id")).hasSize(600).doesNotHaveDuplicates();
    }
  }
}
