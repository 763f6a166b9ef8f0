package io.github.docusigncollector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The compact store against the behaviour it replaced (ids as strings in an insertion-ordered map,
 * an id added again moved to the newest end, the oldest dropped beyond the capacity): after every
 * batch of a random history of GUIDs (lower and upper case), other strings and repeats, both hold
 * the same ids in the same order, answer {@code contains} alike, and write the same JSON; and every
 * snapshot taken on the way still holds what it held when it was taken.
 */
class RecentEventIdsPropertiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The previous implementation, kept here as the reference. */
  private static final class Reference {
    final int capacity;
    final LinkedHashMap<String, Boolean> ids = new LinkedHashMap<>();

    Reference(int capacity) {
      this.capacity = capacity;
    }

    void addAll(List<String> batch) {
      for (String id : batch) {
        ids.remove(id);
        ids.put(id, Boolean.TRUE);
      }
      int excess = ids.size() - capacity;
      var it = ids.keySet().iterator();
      while (excess-- > 0) {
        it.next();
        it.remove();
      }
    }
  }

  @Property(tries = 300)
  void behavesAsTheStringMapDid(
      @ForAll @IntRange(min = 1, max = 60) int capacity,
      @ForAll("histories") List<List<String>> history)
      throws Exception {
    RecentEventIds compact = new RecentEventIds(capacity);
    Reference reference = new Reference(capacity);
    List<String> seen = new ArrayList<>();
    List<RecentEventIds.Snapshot> snapshots = new ArrayList<>();
    List<List<String>> taken = new ArrayList<>();
    for (List<String> batch : history) {
      compact.addAll(batch);
      reference.addAll(batch);
      seen.addAll(batch);
      List<String> expected = new ArrayList<>(reference.ids.keySet());
      assertThat(compact.toList()).isEqualTo(expected);
      assertThat(compact.size()).isEqualTo(expected.size());
      for (String id : seen) {
        assertThat(compact.contains(id)).as(id).isEqualTo(reference.ids.containsKey(id));
      }
      RecentEventIds.Snapshot snapshot = compact.snapshot();
      assertThat(JSON.writeValueAsString(snapshot)).isEqualTo(JSON.writeValueAsString(expected));
      snapshots.add(snapshot);
      taken.add(expected);
    }
    // Later additions (copy on write) leave every snapshot as it was taken.
    for (int i = 0; i < snapshots.size(); i++) {
      assertThat(snapshots.get(i).ids()).isEqualTo(taken.get(i));
      assertThat(snapshots.get(i).size()).isEqualTo(taken.get(i).size());
    }
    RecentEventIds restored = new RecentEventIds(capacity);
    restored.addAll(compact.snapshot());
    assertThat(restored.toList()).isEqualTo(compact.toList());
  }

  @Provide
  Arbitrary<List<List<String>>> histories() {
    // A small pool, so that ids come back (re-added, or added again after being forgotten).
    Arbitrary<String> guid =
        Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()).toString());
    Arbitrary<String> id =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, guid),
            net.jqwik.api.Tuple.of(2, guid.map(s -> s.toUpperCase(java.util.Locale.ROOT))),
            net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(40)));
    Arbitrary<List<String>> pool = id.list().ofMinSize(1).ofMaxSize(80);
    return pool.flatMap(
        p ->
            Arbitraries.of(p).list().ofMinSize(0).ofMaxSize(120).list().ofMinSize(1).ofMaxSize(12));
  }
}
