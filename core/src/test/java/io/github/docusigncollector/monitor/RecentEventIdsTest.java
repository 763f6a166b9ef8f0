package io.github.docusigncollector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecentEventIdsTest {
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
}
