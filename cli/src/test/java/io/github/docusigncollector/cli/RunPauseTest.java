package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunPauseTest {
  @Test
  void pausesDoubleFromTheIntervalUpToTenTimesItButNotBeyondFiveMinutes() {
    Duration i = Duration.ofSeconds(10);
    Duration cap = RunCommand.maxPause(i);
    assertThat(cap).isEqualTo(Duration.ofSeconds(100));
    assertThat(RunCommand.pause(i, cap, 1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(RunCommand.pause(i, cap, 2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(RunCommand.pause(i, cap, 4)).isEqualTo(Duration.ofSeconds(80));
    assertThat(RunCommand.pause(i, cap, 5)).isEqualTo(Duration.ofSeconds(100));
    assertThat(RunCommand.pause(i, cap, 60)).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void theCapIsFiveMinutesForLongIntervalsOrTheIntervalIfLonger() {
    assertThat(RunCommand.maxPause(Duration.ofSeconds(60))).isEqualTo(Duration.ofMinutes(5));
    assertThat(RunCommand.maxPause(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
    assertThat(RunCommand.pause(Duration.ofMinutes(10), Duration.ofMinutes(10), 3))
        .isEqualTo(Duration.ofMinutes(10));
  }
}
