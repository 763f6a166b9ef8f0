package io.github.docusigncollector.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SimClockTest {
  @Test
  void fixedClockMovesOnlyWhenTold() {
    Instant t0 = Instant.parse("2026-03-02T10:15:00Z");
    SimClock c = SimClock.fixed(t0);
    assertThat(c.instant()).isEqualTo(t0);
    assertThat(c.getZone()).isEqualTo(ZoneOffset.UTC);
    c.advance(Duration.ofMinutes(5));
    assertThat(c.instant()).isEqualTo(t0.plusSeconds(300));
    c.set(t0);
    assertThat(c.millis()).isEqualTo(t0.toEpochMilli());
    var paris = c.withZone(ZoneId.of("Europe/Paris"));
    c.advance(Duration.ofHours(1));
    assertThat(paris.instant()).isEqualTo(t0.plusSeconds(3600));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void systemClockFollowsTheWallClockWithAnOffset() {
    SimClock c = SimClock.system();
    assertThat(Duration.between(Instant.now(), c.instant()).abs())
        .isLessThan(Duration.ofSeconds(2));
    c.advance(Duration.ofHours(2));
    assertThat(Duration.between(Instant.now().plus(Duration.ofHours(2)), c.instant()).abs())
        .isLessThan(Duration.ofSeconds(2));
    Instant target = Instant.parse("2030-01-01T00:00:00Z");
    c.set(target);
    assertThat(Duration.between(target, c.instant()).abs()).isLessThan(Duration.ofSeconds(2));
  }
}
