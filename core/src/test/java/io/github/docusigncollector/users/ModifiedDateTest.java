package io.github.docusigncollector.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.monitor.EventTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModifiedDateTest {
  @ParameterizedTest
  @CsvSource({
    "5/1/2026 9:08:07 AM, 2026-05-01T09:08:07Z",
    "5/1/2026 9:08:07 PM, 2026-05-01T21:08:07Z",
    "12/31/2025 12:00:00 AM, 2025-12-31T00:00:00Z",
    "12/31/2025 12:30:00 PM, 2025-12-31T12:30:00Z",
    "05/01/2026 09:08:07 am, 2026-05-01T09:08:07Z",
    "2026-05-01T09:08:07.123Z, 2026-05-01T09:08:07Z"
  })
  void readsDocuSignsFormatAsUtc(String in, String out) {
    assertThat(EventTime.format(ModifiedDate.parseEpochSecond(in))).isEqualTo(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "13/1/2026 1:00:00 AM", "5/1/2026 13:00:00 PM", "soon", "5/x/2026"})
  void rejectsOthers(String in) {
    assertThat(ModifiedDate.parseEpochSecond(in)).isEqualTo(EventTime.INVALID);
  }
}
