package io.github.docusigncollector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.monitor.EventTime;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.Faults;
import io.github.docusigncollector.users.AuditUsersReader;
import io.github.docusigncollector.users.UserRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The account's user list read several pages at a time: the same records and order as sequential
 * reads, a stale account size corrected on the way, and a failed or throttled page ending the pass
 * at a clean checkpoint.
 */
class AuditUsersListConcurrencyTest {
  private static final String USERS_ONLY = "event_types: [audit_users]\n";

  @TempDir Path dir;

  private static long count(CycleResult r) {
    return r.delivered().get(EventType.AUDIT_USERS);
  }

  private static JsonNode stream(Harness h) {
    return h.state.readCheckpoints().path("streams").path(EventType.AUDIT_USERS.key());
  }

  /**
   * What one-by-one reads give: every Admin user listed since {@code watermark}, in listing order,
   * merged with its own eSignature GET; as "id hash" lines.
   */
  private static List<String> sequentialTruth(Harness h, Instant watermark) {
    DocuSignClient client = h.client();
    AuditUsersReader reader = new AuditUsersReader(client, h.config);
    List<ObjectNode> admins = reader.listChanged(watermark);
    AuditUsersReader.Enricher oneByOne = reader.enricher(1, null);
    List<String> out = new ArrayList<>();
    for (ObjectNode admin : admins) {
      String id = UserRecords.id(admin);
      out.add(id + " " + UserRecords.contentHash(UserRecords.merge(admin, oneByOne.esign(id))));
    }
    return out;
  }

  private static List<String> idAndHash(List<JsonNode> delivered) {
    return delivered.stream()
        .map(n -> n.path("id").asText() + " " + UserRecords.contentHash((ObjectNode) n))
        .toList();
  }

  private static void assertExactUsers(Harness h) {
    assertExactUsers(h, Set.of());
  }

  /**
   * Every user's last delivered record carries its current modification (the {@code deleted} ones:
   * the Admin record alone); none twice alike.
   */
  private static void assertExactUsers(Harness h, Set<String> deleted) {
    Map<String, JsonNode> latest = new HashMap<>();
    Map<String, String> lastHash = new HashMap<>();
    for (JsonNode n : h.delivered()) {
      String id = n.path("id").asText();
      String hash = UserRecords.contentHash((ObjectNode) n);
      assertThat(hash)
          .as("record of %s delivered twice identical", id)
          .isNotEqualTo(lastHash.get(id));
      lastHash.put(id, hash);
      latest.put(id, n);
    }
    assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(h.sim.userIds());
    h.sim
        .userModifiedAt()
        .forEach(
            (id, at) -> {
              if (deleted.contains(id)) {
                assertThat(latest.get(id).path("_time_source").asText()).isEqualTo("collected");
              } else {
                assertThat(latest.get(id).path("_time").asText())
                    .as("user %s", id)
                    .isEqualTo(
                        EventTime.format(at.truncatedTo(ChronoUnit.SECONDS).getEpochSecond()));
              }
            });
  }

  @Test
  void concurrentListPagesGiveTheRecordsAndOrderOfOneByOneReads() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(1_030), USERS_ONLY)) {
      // Two users gone from eSignature: not in the list, so read one by one (404, Admin alone).
      Set<String> deleted = Set.of(h.sim.userIds().get(3), h.sim.userIds().get(700));
      deleted.forEach(h.sim::deleteUser);
      Instant watermark = h.config.firstFetch().resolve(h.clock);
      Collector c = h.collector();
      CycleResult first = c.cycle(() -> false);
      assertThat(first.errors()).isEmpty();
      assertThat(count(first)).isEqualTo(1_030);
      // Unknown size: page 0 alone, then the other ten (1,028 live users) concurrently.
      assertThat(h.requests(Endpoint.ESIGN_USERS)).isEqualTo(11);
      assertThat(h.requests(Endpoint.ESIGN_USER)).isEqualTo(2);
      assertThat(stream(h).path("account_user_count").asInt()).isEqualTo(1_028);

      h.sim.clearRequests();
      assertThat(idAndHash(h.delivered())).containsExactlyElementsOf(sequentialTruth(h, watermark));

      // Known size: every page at once; the same records as one-by-one reads, in listing order.
      h.clock.advance(Duration.ofMinutes(20));
      Instant since = h.clock.instant().minus(AuditUsersReader.LOOK_BACK);
      h.clock.advance(Duration.ofSeconds(1));
      h.sim.modifyUsers(400);
      int before = h.delivered().size();
      h.sim.clearRequests();
      CycleResult second = c.cycle(() -> false);
      assertThat(second.errors()).isEmpty();
      assertThat(count(second)).isEqualTo(400);
      assertThat(h.requests(Endpoint.ESIGN_USERS)).isEqualTo(11);
      // Only a deleted user listed again by the look-back is read on its own.
      assertThat(h.requests(Endpoint.ESIGN_USER)).isLessThanOrEqualTo(2);
      List<JsonNode> all = h.delivered();
      h.sim.clearRequests();
      assertThat(idAndHash(all.subList(before, all.size())))
          .containsExactlyElementsOf(sequentialTruth(h, since.plus(AuditUsersReader.LOOK_BACK)));
      assertExactUsers(h, deleted);
    }
  }

  @Test
  void aStaleAccountSizeIsCorrectedByTheListItself() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(1_000), USERS_ONLY)) {
      Collector c = h.collector();
      c.cycle(() -> false);

      // The account grew since the size was stored: the list is read to its new end.
      ObjectNode cp = h.state.readCheckpoints();
      ((ObjectNode) cp.path("streams").path("audit_users")).put("account_user_count", 250);
      h.state.writeCheckpoints(cp);
      h.clock.advance(Duration.ofMinutes(20));
      h.sim.modifyUsers(300);
      h.sim.clearRequests();
      Collector grown = h.collector();
      CycleResult r = grown.cycle(() -> false);
      assertThat(count(r)).isEqualTo(300);
      assertThat(h.requests(Endpoint.ESIGN_USERS)).isEqualTo(10);
      assertThat(h.requests(Endpoint.ESIGN_USER)).isZero();
      assertThat(stream(h).path("account_user_count").asInt()).isEqualTo(1_000);

      // It shrank: the pages asked for beyond its end come back empty, and nothing is missed.
      cp = h.state.readCheckpoints();
      ((ObjectNode) cp.path("streams").path("audit_users")).put("account_user_count", 1_500);
      h.state.writeCheckpoints(cp);
      h.clock.advance(Duration.ofMinutes(20));
      h.sim.modifyUsers(300);
      h.sim.clearRequests();
      CycleResult s = h.collector().cycle(() -> false);
      assertThat(count(s)).isEqualTo(300);
      assertThat(h.requests(Endpoint.ESIGN_USERS)).isBetween(10L, 10L + 7);
      assertThat(h.requests(Endpoint.ESIGN_USER)).isZero();
      assertThat(stream(h).path("account_user_count").asInt()).isEqualTo(1_000);

      // Once empty: the first page tells the size again.
      cp = h.state.readCheckpoints();
      ((ObjectNode) cp.path("streams").path("audit_users")).put("account_user_count", 0);
      h.state.writeCheckpoints(cp);
      h.clock.advance(Duration.ofMinutes(20));
      h.sim.modifyUsers(300);
      h.sim.clearRequests();
      assertThat(count(h.collector().cycle(() -> false))).isEqualTo(300);
      assertThat(h.requests(Endpoint.ESIGN_USERS)).isEqualTo(10);
      assertThat(h.requests(Endpoint.ESIGN_USER)).isZero();
      assertThat(stream(h).path("account_user_count").asInt()).isEqualTo(1_000);
      assertExactUsers(h);
    }
  }

  static Stream<Arguments> listFaults() {
    return Stream.of(
        Arguments.of(
            "503 until the retries are spent",
            (Consumer<Faults>) f -> f.failNext(Endpoint.ESIGN_USERS, 200, 503),
            false),
        Arguments.of(
            "throttled beyond max_wait",
            (Consumer<Faults>)
                f -> f.throttleNext(Endpoint.ESIGN_USERS, 1, true, Duration.ofHours(2)),
            true),
        Arguments.of(
            "throttled ten times in a row",
            (Consumer<Faults>) f -> f.throttleNext(Endpoint.ESIGN_USERS, 200, false, null),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listFaults")
  void aFailedListPageEndsThePassCleanlyAndTheNextCycleDeliversExactly(
      String name, Consumer<Faults> fault, boolean throttled) throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(2_000), USERS_ONLY)) {
      Collector c = h.collector();
      c.cycle(() -> false);
      c.cycle(() -> false);
      JsonNode before = stream(h).deepCopy();
      assertThat(before.path("account_user_count").asInt()).isEqualTo(2_000);
      int deliveredBefore = h.delivered().size();

      h.clock.advance(Duration.ofMinutes(20));
      h.sim.modifyUsers(600);
      fault.accept(h.sim.faults());
      CycleResult r = c.cycle(() -> false);
      assertThat(count(r)).as(name).isZero();
      assertThat(r.throttled()).as(name).isEqualTo(throttled);
      assertThat(r.exitCode()).as(name).isEqualTo(throttled ? 0 : CollectorException.OPERATIONAL);
      assertThat(h.delivered()).hasSize(deliveredBefore);
      JsonNode after = stream(h);
      assertThat(after.path("watermark")).isEqualTo(before.path("watermark"));
      assertThat(after.path("user_hashes")).isEqualTo(before.path("user_hashes"));

      h.sim.faults().clear();
      h.clock.advance(Duration.ofHours(3));
      CycleResult next = c.cycle(() -> false);
      assertThat(next.errors()).as(name).isEmpty();
      assertThat(count(next)).as(name).isEqualTo(600);
      assertThat(h.delivered()).hasSize(deliveredBefore + 600);
      assertExactUsers(h);
    }
  }

  @Test
  void anAdminPageFailingWhileTheListIsReadEndsThePassCleanlyAndStopsTheListReads()
      throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(2_000), USERS_ONLY)) {
      Collector c = h.collector();
      c.cycle(() -> false);
      c.cycle(() -> false);
      JsonNode before = stream(h).deepCopy();
      int deliveredBefore = h.delivered().size();

      h.clock.advance(Duration.ofMinutes(20));
      h.sim.modifyUsers(1_900); // eight Admin pages; the list starts after the first
      h.sim.clearRequests();
      h.sim.faults().latency(Duration.ofMillis(40));
      AtomicBoolean injected = new AtomicBoolean();
      Thread watcher =
          new Thread(
              () -> {
                while (!injected.get()) {
                  if (h.requests(Endpoint.ESIGN_USERS) > 0) {
                    h.sim.faults().failNext(Endpoint.ADMIN_USERS, 100, 503);
                    injected.set(true);
                  }
                  Thread.onSpinWait();
                }
              });
      watcher.setDaemon(true);
      watcher.start();
      CycleResult r;
      try {
        r = c.cycle(() -> false);
      } finally {
        injected.set(true);
        watcher.join();
      }
      assertThat(r.exitCode()).isEqualTo(CollectorException.OPERATIONAL);
      assertThat(r.errors().get(EventType.AUDIT_USERS).getMessage()).contains("management");
      assertThat(h.requests(Endpoint.ADMIN_USERS)).isLessThan(8 + 5);
      assertThat(count(r)).isZero();
      assertThat(h.delivered()).hasSize(deliveredBefore);
      assertThat(stream(h).path("watermark")).isEqualTo(before.path("watermark"));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  Thread.getAllStackTraces().keySet().stream()
                      .noneMatch(t -> t.isAlive() && t.getName().startsWith("esign-user-read-")));

      h.sim.faults().clear();
      h.clock.advance(Duration.ofHours(3));
      assertThat(count(c.cycle(() -> false))).isEqualTo(1_250);
      assertThat(count(c.cycle(() -> false))).isEqualTo(650);
      assertExactUsers(h);
    }
  }

  /** Users' records read ahead one by one in parallel: no read beyond what in-turn reads make. */
  @Test
  void perUserReadsAheadCostNoCallMoreThanReadsInTurnEvenAtTheCap() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(2_000), USERS_ONLY)) {
      Collector c = h.collector();
      c.cycle(() -> false);
      c.cycle(() -> false);
      quietWatermark(h, c);
      Instant watermark = Instant.parse(stream(h).path("watermark").asText());

      h.clock.advance(Duration.ofMinutes(30));
      Instant changedAt = h.clock.instant();
      h.sim.modifyUsers(10);
      h.clock.advance(Duration.ofSeconds(1));
      Set<String> changed = new java.util.HashSet<>();
      h.sim
          .userModifiedAt()
          .forEach(
              (id, at) -> {
                if (!at.isBefore(changedAt)) {
                  changed.add(id);
                }
              });
      assertThat(changed).hasSize(10);
      List<String> listing =
          new AuditUsersReader(h.client(), h.config)
              .listChanged(watermark).stream().map(UserRecords::id).toList();
      // In turn, a pass capped at 5 reads users up to its 5th changed one; the next, its 10th.
      int fifth = nthChanged(listing, changed, 5);
      int tenth = nthChanged(listing, changed, 10);

      CollectorConfig five =
          ConfigLoader.load(
              dir.resolve("docusign-collector.yaml"),
              Map.of("DOCUSIGN_MAX_USER_EVENTS_PER_FETCH", "5"),
              dir);
      Collector capped =
          new Collector(
              five,
              new DocuSignClient(five, h.state, h.clock, h.clock::advance),
              h.state,
              h.fileSink(),
              h.clock,
              Progress.NONE);
      h.sim.clearRequests();
      assertThat(count(capped.cycle(() -> false))).isEqualTo(5);
      assertThat(h.requests(Endpoint.ESIGN_USER)).isEqualTo(fifth + 1);
      assertThat(h.requests(Endpoint.ESIGN_USERS)).isZero();
      h.sim.clearRequests();
      assertThat(count(capped.cycle(() -> false))).isEqualTo(5);
      assertThat(h.requests(Endpoint.ESIGN_USER)).isEqualTo(tenth + 1);
      assertThat(count(capped.cycle(() -> false))).isZero();
      assertExactUsers(h);
    }
  }

  /**
   * Moves the watermark past the initial spread of modifications, as in a quiet account: one user
   * changed later, so that the look-back lists that one user again and none of the others.
   */
  private static void quietWatermark(Harness h, Collector c) {
    h.clock.advance(Duration.ofMinutes(20));
    h.sim.modifyUser(h.sim.userIds().get(0));
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(count(c.cycle(() -> false))).isEqualTo(1);
  }

  private static int nthChanged(List<String> listing, Set<String> changed, int n) {
    int seen = 0;
    for (int i = 0; i < listing.size(); i++) {
      if (changed.contains(listing.get(i)) && ++seen == n) {
        return i;
      }
    }
    throw new AssertionError("fewer than " + n + " changed users listed");
  }

  @Test
  void aFailedReadAmongParallelPerUserReadsEndsThePassCleanly() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(2_000), USERS_ONLY)) {
      Collector c = h.collector();
      c.cycle(() -> false);
      c.cycle(() -> false);
      quietWatermark(h, c);
      JsonNode before = stream(h).deepCopy();
      int deliveredBefore = h.delivered().size();
      h.clock.advance(Duration.ofMinutes(30));
      h.sim.modifyUsers(12);
      h.sim.faults().failNext(Endpoint.ESIGN_USER, 100, 503);
      CycleResult r = c.cycle(() -> false);
      assertThat(r.exitCode()).isEqualTo(CollectorException.OPERATIONAL);
      assertThat(h.delivered()).hasSize(deliveredBefore);
      assertThat(stream(h).path("watermark")).isEqualTo(before.path("watermark"));
      assertThat(stream(h).path("user_hashes")).isEqualTo(before.path("user_hashes"));

      h.sim.faults().clear();
      h.clock.advance(Duration.ofMinutes(1));
      assertThat(count(c.cycle(() -> false))).isEqualTo(12);
      assertExactUsers(h);
    }
  }
}
