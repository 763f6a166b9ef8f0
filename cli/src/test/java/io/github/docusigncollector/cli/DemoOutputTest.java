package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code demo --output TYPE}: the demo delivered into an embedded receiver of that type. */
class DemoOutputTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"xsiam", "splunk_hec", "http"})
  void theDemoRunsIntoTheReceiverAndShowsAnEventAsReceived(String type) {
    CliRun r =
        CliRun.run(dir, Map.of(), "demo", "--output", type, "--events", "3000", "--users", "20");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("embedded " + type + " receiver")
        .contains("received         3,020 events")
        .contains("One event as the " + type + " receiver saw it:");
    if (type.equals("splunk_hec")) {
      assertThat(r.out()).contains("\"sourcetype\"").contains("\"event\"");
    }
  }

  @Test
  void anUnknownTypeIsAUsageError() {
    CliRun r = CliRun.run(dir, Map.of(), "demo", "--output", "carrier_pigeon");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--output carrier_pigeon").contains("splunk_hec");
  }
}
