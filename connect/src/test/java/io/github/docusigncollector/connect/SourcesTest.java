package io.github.docusigncollector.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.connect.DocuSignSourceConfig.AccountConfig;
import io.github.docusigncollector.connect.DocuSignSourceConfig.Parsed;
import io.github.docusigncollector.format.OutputFormat;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.state.InMemorySharedState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * The two partition sources against the simulator, without Kafka: every event and user once, a
 * restart from any offset they handed out loses and repeats nothing, and the offsets stay under 256
 * KiB.
 */
class SourcesTest {
  private final Clock clock = Clock.systemUTC();
  private static final java.security.KeyPair KEYS = newKeyPair();

  private static java.security.KeyPair newKeyPair() {
    try {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> props(DocuSignSimulator s) {
    Map<String, String> c = new HashMap<>();
    c.put("docusign.server.url", s.baseUrl());
    c.put("docusign.monitor.url", s.baseUrl());
    c.put("docusign.admin.url", s.baseUrl());
    c.put("docusign.integration.key", s.integrationKey());
    c.put("docusign.user.id", s.userId());
    c.put("docusign.account.id", s.accountId());
    c.put("docusign.organization.id", s.organizationId());
    c.put("docusign.private.key", s.privateKeyPkcs1Pem());
    c.put("docusign.first.fetch", "2h");
    c.put("docusign.api.budget.per.hour", "100000");
    c.put("docusign.api.burst.per.30s", "10000");
    return c;
  }

  private static AccountConfig account(Map<String, String> props) {
    Parsed p = DocuSignSourceConfig.parse(props);
    assertThat(p.problems()).isEmpty();
    return p.accounts().get(0);
  }

  private DocuSignClient client(AccountConfig a) {
    return new DocuSignClient(a.config(), new InMemorySharedState(), clock, Sleeper.SYSTEM);
  }

  private static int offsetBytes(Map<String, Object> offset) {
    return ((String) offset.get(Offsets.CHECKPOINT)).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void customerEventsOnceEachThroughARestartFromEveryOtherPage() {
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder()
            .keyPair(KEYS)
            .events(10_000)
            .users(1)
            .consent(true)
            .hourlyLimit(100_000)
            .burstLimit(10_000)
            .start()) {
      Map<String, String> props = props(sim);
      props.put("docusign.max.customer.events.per.fetch", "1000");
      AccountConfig a = account(props);
      DocuSignClient client = client(a);
      List<String> keys = new ArrayList<>();
      Map<String, Object> stored = null;
      int maxOffset = 0;
      int pages = 0;
      long t0 = System.nanoTime();
      while (true) {
        // A new source (a restarted task) from the last offset every other page.
        CustomerEventsSource s =
            new CustomerEventsSource(
                "default", null, a.config(), client, "t", OutputFormat.RAW, clock);
        s.restore(stored);
        List<SourceRecord> page = s.poll();
        if (page.isEmpty()) {
          break;
        }
        pages++;
        page.forEach(r -> keys.add((String) r.key()));
        stored = last(page);
        maxOffset = Math.max(maxOffset, offsetBytes(stored));
        List<SourceRecord> second = s.poll();
        second.forEach(r -> keys.add((String) r.key()));
        if (!second.isEmpty()) {
          stored = last(second);
          maxOffset = Math.max(maxOffset, offsetBytes(stored));
        }
        // Records before a page's last carry the offset from before the page.
        if (page.size() > 1) {
          assertThat(page.get(0).sourceOffset())
              .isNotEqualTo(page.get(page.size() - 1).sourceOffset());
        }
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(keys).hasSize(10_000);
      assertThat(new HashSet<>(keys)).isEqualTo(new HashSet<>(sim.eventIds()));
      assertThat(maxOffset).isLessThan(Offsets.MAX_BYTES);
      System.out.printf(
          "connect sources: 10000 events in %d pages, %d ms without Kafka; largest customer_events"
              + " offset %d bytes%n",
          pages, ms, maxOffset);
    }
  }

  @Test
  void auditUsersOfA5000UserOrganizationOnceEachThroughARestartMidPass() {
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder()
            .keyPair(KEYS)
            .users(5_000)
            .consent(true)
            .hourlyLimit(100_000)
            .burstLimit(10_000)
            .start()) {
      AccountConfig a = account(props(sim));
      DocuSignClient client = client(a);
      List<String> keys = new ArrayList<>();
      AuditUsersSource s =
          new AuditUsersSource("default", null, a.config(), client, "u", OutputFormat.RAW, clock);
      s.restore(null);
      Map<String, Object> stored = null;
      int maxOffset = 0;
      int chunks = 0;
      // Pass after pass until one is complete and delivers nothing; a restart after chunk 3.
      for (int polls = 0; polls < 200; polls++) {
        if (s.dueAt.isAfter(Instant.now())) {
          break;
        }
        List<SourceRecord> chunk = s.poll();
        if (chunk.isEmpty()) {
          continue;
        }
        chunks++;
        chunk.forEach(r -> keys.add((String) r.key()));
        stored = last(chunk);
        maxOffset = Math.max(maxOffset, offsetBytes(stored));
        if (chunks == 3) {
          s =
              new AuditUsersSource(
                  "default", null, a.config(), client, "u", OutputFormat.RAW, clock);
          s.restore(stored);
        }
      }
      assertThat(new HashSet<>(keys)).isEqualTo(new HashSet<>(sim.userIds()));
      assertThat(keys).hasSize(sim.userIds().size());
      assertThat(maxOffset).isLessThan(Offsets.MAX_BYTES);
      System.out.printf(
          "connect sources: %d users in %d chunks; audit_users offset of a 5000-user"
              + " organization: %d bytes (bound %d)%n",
          keys.size(), chunks, maxOffset, Offsets.MAX_BYTES);
    }
  }

  @Test
  void ocsfRecordsKeepTheEventIdAsKeyAndTheAccountInUnmapped() {
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder().keyPair(KEYS).events(300).users(1).consent(true).start()) {
      AccountConfig a = account(props(sim));
      CustomerEventsSource s =
          new CustomerEventsSource(
              "eu", "eu", a.config(), client(a), "t", OutputFormat.OCSF, clock);
      s.restore(null);
      List<SourceRecord> page = s.poll();
      assertThat(page).hasSize(300);
      assertThat(page.stream().map(r -> (String) r.key()).toList())
          .containsExactlyInAnyOrderElementsOf(sim.eventIds());
      assertThat((String) page.get(0).value())
          .contains("\"class_uid\"")
          .contains("\"docusign_account\":\"eu\"");
      assertThat(page.get(0).timestamp()).isNotNull();

      // record.value.type=map: the same event as a schemaless map, for JsonConverter.
      CustomerEventsSource m =
          new CustomerEventsSource("eu", "eu", a.config(), client(a), "t", OutputFormat.RAW, clock);
      m.mapValues = true;
      m.restore(null);
      SourceRecord first = m.poll().get(0);
      assertThat(first.valueSchema()).isNull();
      assertThat(first.value())
          .isInstanceOfSatisfying(
              Map.class,
              v -> {
                assertThat(v.get("eventId")).isEqualTo(first.key());
                assertThat(v.get("docusign_account")).isEqualTo("eu");
              });
    }
  }

  @Test
  void fullDedupeMemoriesStayUnderTheBound() {
    IdHashes ids = new IdHashes();
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 25_000; i++) {
      many.add(java.util.UUID.randomUUID().toString());
    }
    ids.addAll(many);
    assertThat(ids.size()).isEqualTo(IdHashes.CAPACITY);
    assertThat(ids.contains(many.get(24_999))).isTrue();
    assertThat(ids.contains(many.get(0))).isFalse();
    IdHashes back = IdHashes.decode(ids.encode());
    assertThat(back.contains(many.get(24_999))).isTrue();
    assertThat(back.encode()).isEqualTo(ids.encode());

    UserHashes users = new UserHashes();
    Map<String, String> delivered = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      delivered.put(java.util.UUID.randomUUID().toString(), "0123456789abcdef0123456789abcdef");
    }
    users.record(delivered);
    assertThat(users.size()).isEqualTo(UserHashes.CAPACITY);
    UserHashes usersBack = UserHashes.decode(users.encode());
    assertThat(usersBack.encode()).isEqualTo(users.encode());

    // One partition holds only one of them; both together would exceed the bound, and an
    // offset over it is refused rather than written.
    var cp = Offsets.newCheckpoint();
    cp.put("recent_id_hashes", ids.encode());
    cp.put("user_hashes", users.encode());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Offsets.offset(cp))
        .hasMessageContaining("exceeds the offset bound");
    var events = Offsets.newCheckpoint();
    events.put("recent_id_hashes", ids.encode());
    assertThat(offsetBytes(Offsets.offset(events))).isLessThan(Offsets.MAX_BYTES);
    var userCp = Offsets.newCheckpoint();
    userCp.put("user_hashes", users.encode());
    assertThat(offsetBytes(Offsets.offset(userCp))).isLessThan(Offsets.MAX_BYTES);
  }

  private static Map<String, Object> last(List<SourceRecord> page) {
    @SuppressWarnings("unchecked")
    Map<String, Object> o = (Map<String, Object>) page.get(page.size() - 1).sourceOffset();
    return o;
  }
}
