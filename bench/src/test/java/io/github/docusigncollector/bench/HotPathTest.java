package io.github.docusigncollector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.monitor.MonitorPage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The hot-path benchmark measures the same work for ours and the baseline. */
class HotPathTest {
  @Test
  void oursAndTheBaselineTurnTheSamePageIntoTheSameNumberOfLines() throws Exception {
    HotPathBenchmark b = new HotPathBenchmark();
    b.setUpWith(HotPathBenchmark.page());

    MonitorPage ours = b.ours();
    int baselineBytes = b.baseline();

    assertThat(ours.delivered()).isEqualTo(Scenarios.PAGE);
    String baseline = b.baselineOut.toString(StandardCharsets.UTF_8);
    assertThat(baseline.lines().count()).isEqualTo(Scenarios.PAGE);
    assertThat(baselineBytes).isPositive();
    String first =
        new String(ours.batch().data(), 0, ours.batch().length(), StandardCharsets.UTF_8)
            .lines()
            .findFirst()
            .orElseThrow();
    assertThat(first).contains("\"_time\":\"").contains("\"source_log_type\":\"customerevent\"");

    double[] mbPerCpuSecond = HotPath.cpuTimeMbPerS(b.page);
    assertThat(mbPerCpuSecond[0]).isPositive();
    assertThat(mbPerCpuSecond[1]).isPositive();
  }
}
