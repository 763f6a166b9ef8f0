package io.github.docusigncollector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.users.AuditUsersReader;
import io.github.docusigncollector.users.UserRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit-user record has one shape whichever eSignature path read it, and a sign-in alone does
 * not deliver a user again.
 */
class AuditUserShapeTest {
  private static final String USERS_ONLY = "event_types: [audit_users]\n";

  @TempDir Path dir;

  @Test
  void aUserReadByThePerUserGetAndByTheAccountListYieldsTheSameRecord() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(150), USERS_ONLY)) {
      DocuSignClient client = h.client();
      AuditUsersReader reader = new AuditUsersReader(client, h.config);
      List<ObjectNode> admins = reader.listChanged(Harness.START.minus(Duration.ofDays(3650)));
      assertThat(admins).hasSize(150);
      ObjectNode admin = admins.get(17);
      String id = UserRecords.id(admin);

      h.sim.clearRequests();
      AuditUsersReader.Enricher one = reader.enricher(1, null);
      ObjectNode byGet = UserRecords.merge(admin, one.esign(id));
      assertThat(h.requests(Endpoint.ESIGN_USER)).isEqualTo(1);
      assertThat(h.requests(Endpoint.ESIGN_USERS)).isZero();

      h.sim.clearRequests();
      AuditUsersReader.Enricher many = reader.enricher(150, null);
      ObjectNode byList = UserRecords.merge(admin, many.esign(id));
      assertThat(h.requests(Endpoint.ESIGN_USER)).isZero();
      assertThat(h.requests(Endpoint.ESIGN_USERS)).isPositive();

      assertThat(byGet).isEqualTo(byList);
      assertThat(byGet.has("lastLogin")).isTrue();
      assertThat(byGet.has("loginStatus")).isTrue();
      assertThat(byGet.has("passwordExpiration")).isTrue();
      assertThat(byGet.has("customSettings")).isTrue();
      assertThat(UserRecords.toLine(byGet, 0)).isEqualTo(UserRecords.toLine(byList, 0));
    }
  }

  /**
   * 300 users, then four cycles a minute apart with 20, 0, 5 and 0 users modified before them;
   * before each cycle the modified users so far, which the look-back lists again, and 30 others
   * sign in. Each modified user is delivered once, and nothing in the cycles without modifications.
   */
  @Test
  void fourCyclesDeliverEachModifiedUserOnceAndNothingWhenNothingWasModified() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(300), USERS_ONLY)) {
      Collector c = h.collector();
      assertThat(count(c.cycle(() -> false))).isEqualTo(300);
      int initial = h.delivered().size();
      List<String> ids = h.sim.userIds();
      Set<String> modified = new LinkedHashSet<>();
      List<Long> perCycle = new ArrayList<>();
      int[] changes = {20, 0, 5, 0};
      for (int i = 0; i < changes.length; i++) {
        h.clock.advance(Duration.ofMinutes(1));
        List<String> changed = new ArrayList<>();
        if (changes[i] > 0) {
          changed.addAll(modifyRandom(h, changes[i]));
        }
        modified.addAll(changed);
        h.clock.advance(Duration.ofSeconds(5));
        List<String> signIns = new ArrayList<>(modified);
        for (int k = 0; k < 30; k++) {
          signIns.add(ids.get((i * 37 + k * 7) % ids.size()));
        }
        h.sim.signIn(signIns);
        h.clock.advance(Duration.ofSeconds(5));
        CycleResult r = c.cycle(() -> false);
        assertThat(r.errors()).isEmpty();
        perCycle.add(count(r));
      }
      List<JsonNode> after = h.delivered().subList(initial, h.delivered().size());
      Set<String> versions = new HashSet<>();
      for (JsonNode n : after) {
        versions.add(n.path("id").asText() + " " + n.path("_time").asText());
      }
      System.out.printf(
          "four cycles (20, 0, 5, 0 modified): deliveries per cycle %s, %d deliveries, %d distinct"
              + " (id, _time) versions, %d re-delivered unchanged%n",
          perCycle, after.size(), versions.size(), after.size() - versions.size());
      assertThat(perCycle).containsExactly(20L, 0L, 5L, 0L);
      assertThat(after)
          .extracting(n -> n.path("id").asText())
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(modified);
      assertThat(versions).hasSize(after.size());
      // What a sign-in changes is delivered with the record: its latest value at delivery.
      assertThat(after).allSatisfy(n -> assertThat(n.path("lastLogin").asText()).isNotEmpty());
      h.assertEveryUserInItsLatestState();
    }
  }

  @Test
  void aSignInAloneIsNotAChangeButAModificationIs() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(50), USERS_ONLY)) {
      Collector c = h.collector();
      c.cycle(() -> false);
      String id = h.sim.userIds().get(7);
      h.clock.advance(Duration.ofMinutes(1));
      h.sim.modifyUser(id);
      h.clock.advance(Duration.ofSeconds(1));
      assertThat(count(c.cycle(() -> false))).isEqualTo(1);

      // Listed again by the look-back, with only lastLogin changed.
      h.clock.advance(Duration.ofMinutes(1));
      h.sim.signIn(List.of(id));
      h.clock.advance(Duration.ofSeconds(1));
      assertThat(count(c.cycle(() -> false))).isZero();

      h.clock.advance(Duration.ofMinutes(1));
      h.sim.modifyUser(id);
      h.clock.advance(Duration.ofSeconds(1));
      assertThat(count(c.cycle(() -> false))).isEqualTo(1);
      List<JsonNode> mine =
          h.delivered().stream().filter(n -> n.path("id").asText().equals(id)).toList();
      assertThat(mine).hasSize(3);
      // The last delivery carries the sign-in that was not delivered on its own.
      assertThat(mine.get(2).path("lastLogin")).isNotEqualTo(mine.get(1).path("lastLogin"));
    }
  }

  private static List<String> modifyRandom(Harness h, int n) {
    List<String> before = new ArrayList<>();
    h.sim.userModifiedAt().forEach((id, at) -> before.add(id + at));
    h.sim.modifyUsers(n);
    List<String> changed = new ArrayList<>();
    h.sim
        .userModifiedAt()
        .forEach(
            (id, at) -> {
              if (!before.contains(id + at)) {
                changed.add(id);
              }
            });
    assertThat(changed).hasSize(n);
    return changed;
  }

  private static long count(CycleResult r) {
    return r.delivered().get(EventType.AUDIT_USERS);
  }
}
