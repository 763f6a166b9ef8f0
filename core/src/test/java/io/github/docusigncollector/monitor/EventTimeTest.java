package io.github.docusigncollector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimeTest {

  @ParameterizedTest
  @CsvSource({
    "2026-03-04T05:06:07Z, 2026-03-04T05:06:07Z",
    "2026-03-04T05:06:07.1Z, 2026-03-04T05:06:07Z",
    "2026-03-04T05:06:07.123456Z, 2026-03-04T05:06:07Z",
    "2026-03-04T05:06:07.3038365Z, 2026-03-04T05:06:07Z",
    "2026-03-04T05:06:07.999999999Z, 2026-03-04T05:06:07Z",
    "2026-03-04T05:06:07, 2026-03-04T05:06:07Z",
    "2026-03-04T05:06:07.5, 2026-03-04T05:06:07Z",
    "2026-03-04T05:06:07+00:00, 2026-03-04T05:06:07Z",
    "2026-03-04T05:06:07.1234567+02:00, 2026-03-04T03:06:07Z",
    "2026-03-04T00:06:07-0130, 2026-03-04T01:36:07Z",
    "2026-03-04 05:06:07Z, 2026-03-04T05:06:07Z",
    "2024-02-29T23:59:59.9Z, 2024-02-29T23:59:59Z",
    "2026-12-31T23:30:00-01:00, 2027-01-01T00:30:00Z"
  })
  void acceptsTheFormsSeenInTheStream(String in, String out) {
    assertThat(EventTime.format(EventTime.parseEpochSecond(in))).isEqualTo(out);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "yesterday",
        "2026-13-04T05:06:07Z",
        "2026-02-30T05:06:07Z",
        "2026-03-04T25:06:07Z",
        "2026-03-04T05:06:07.1234567890Z",
        "2026-03-04T05:06:07Zjunk"
      })
  void rejectsWhatIsNotATimestamp(String in) {
    assertThat(EventTime.parseEpochSecond(in)).isEqualTo(EventTime.INVALID);
  }

  @Property(tries = 300)
  void formatAndParseAgreeWithTheJdk(
      @ForAll @LongRange(min = 0, max = 253402300799L) long epochSecond) {
    String text = EventTime.format(epochSecond);
    assertThat(text).isEqualTo(Instant.ofEpochSecond(epochSecond).toString().replace(".000", ""));
    assertThat(EventTime.parseEpochSecond(text)).isEqualTo(epochSecond);
  }
}
