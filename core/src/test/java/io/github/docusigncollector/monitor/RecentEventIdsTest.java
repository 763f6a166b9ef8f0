package io.github.docusigncollector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentEventIdsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void keepsTheNewestIdsUpToItsCapacity() {
    RecentEventIds ids = new RecentEventIds(3);
    ids.addAll(List.of("a", "b", "c"));
    ids.addAll(List.of("d"));
    assertThat(ids.toList()).containsExactly("b", "c", "d");
    assertThat(ids.contains("a")).isFalse();
    ids.addAll(List.of("b"));
    assertThat(ids.toList()).containsExactly("c", "d", "b");
  }

  @Test
  void keepsAtLeastTenThousandByDefault() {
    RecentEventIds ids = new RecentEventIds();
    for (int i = 0; i < 12_000; i++) {
      ids.addAll(List.of("id" + i));
    }
    assertThat(ids.size()).isEqualTo(10_000);
    assertThat(ids.contains("id2000")).isTrue();
    assertThat(ids.contains("id1999")).isFalse();
  }

  @Test
  void guidsComeBackExactlyAsTheyWereAddedWhateverTheirCase() {
    String lower = "0f8e2b9a-51c4-4d2e-9a7b-00ab34cd56ef";
    String upper = "0F8E2B9A-51C4-4D2E-9A7B-00AB34CD56EF";
    String digits = "01234567-8901-2345-6789-012345678901";
    String mixed = "0f8E2B9a-51c4-4d2e-9a7b-00ab34cd56ef";
    String braces = "{0f8e2b9a-51c4-4d2e-9a7b-00ab34cd56e}";
    String nearly = "0f8e2b9a-51c4-4d2e-9a7b+00ab34cd56ef";
    List<String> all = List.of(lower, upper, digits, mixed, braces, nearly, "", "x");
    RecentEventIds ids = new RecentEventIds();
    ids.addAll(all);

    assertThat(ids.toList()).containsExactlyElementsOf(all);
    // The same bits in another case are another id.
    RecentEventIds onlyLower = new RecentEventIds();
    onlyLower.addAll(List.of(lower));
    assertThat(onlyLower.contains(upper)).isFalse();
    assertThat(onlyLower.contains(mixed)).isFalse();
    assertThat(onlyLower.contains(lower)).isTrue();
  }

  @Test
  void theSnapshotIsTheJsonArrayTheStringsMadeAndStaysAsItWas() throws Exception {
    RecentEventIds ids = new RecentEventIds(5);
    List<String> added = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      added.add(UUID.randomUUID().toString());
    }
    added.add("not-a-guid \"quoted\" \u00e9");
    ids.addAll(added);
    RecentEventIds.Snapshot snap = ids.snapshot();
    ids.addAll(List.of(UUID.randomUUID().toString(), added.get(0)));

    ObjectNode state = JSON.createObjectNode();
    state.putPOJO("recent_ids", snap);
    String written = JSON.writeValueAsString(state);
    ObjectNode expected = JSON.createObjectNode();
    expected.putPOJO("recent_ids", added);
    assertThat(written).isEqualTo(JSON.writeValueAsString(expected));
    assertThat(snap.ids()).containsExactlyElementsOf(added);
    assertThat(snap.size()).isEqualTo(5);

    // What an older version wrote loads into the same memory.
    JsonNode read = JSON.readTree(written).get("recent_ids");
    RecentEventIds loaded = new RecentEventIds(5);
    List<String> strings = new ArrayList<>();
    read.forEach(n -> strings.add(n.asText()));
    loaded.addAll(strings);
    RecentEventIds fromSnapshot = new RecentEventIds(5);
    fromSnapshot.addAll(snap);
    assertThat(loaded.toList()).isEqualTo(added).isEqualTo(fromSnapshot.toList());
  }

  @Test
  void readdingAnIdOverAndOverNeitherGrowsNorLosesTheOthers() {
    RecentEventIds ids = new RecentEventIds(100);
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      first.add(UUID.randomUUID().toString());
    }
    ids.addAll(first);
    String again = first.get(50);
    for (int i = 0; i < 10_000; i++) {
      ids.addAll(List.of(again));
    }
    assertThat(ids.size()).isEqualTo(100);
    List<String> expected = new ArrayList<>(first);
    expected.remove(again);
    expected.add(again);
    assertThat(ids.toList()).isEqualTo(expected);
    for (String id : first) {
      assertThat(ids.contains(id)).isTrue();
    }
  }
}
