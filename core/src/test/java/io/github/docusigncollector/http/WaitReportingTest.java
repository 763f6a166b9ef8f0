package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.SimClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Waits of a second or more are told (INFO, and to the listener behind the progress line) with
 * their cause; retries are WARN; nothing says "waiting 0 ms".
 */
class WaitReportingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BodyParser<JsonNode> TREE = (status, body) -> JSON.readTree(body);

  @TempDir Path tmp;
  SimClock clock;
  DocuSignSimulator sim;
  SimSupport.ClockSleeper sleeper;
  ListAppender<ILoggingEvent> logs;
  Logger logger;
  Level before;

  record Wait(Duration d, String cause) {}

  @BeforeEach
  void start() {
    clock = SimClock.fixed(SimSupport.START);
    sim = SimSupport.sim(clock).start();
    sleeper = new SimSupport.ClockSleeper(clock);
    logger = (Logger) LoggerFactory.getLogger(DocuSignClient.class);
    before = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logs);
    logger.setLevel(before);
    sim.close();
  }

  private List<String> lines(Level level) {
    return logs.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void aThrottleWaitIsLoggedAtInfoWithItsCauseAndToldToTheListener() {
    DocuSignClient c = SimSupport.client(SimSupport.config(sim, tmp).build(), clock, sleeper);
    List<Wait> waits = new CopyOnWriteArrayList<>();
    c.onWait((d, cause) -> waits.add(new Wait(d, cause)));
    c.accessToken();
    sim.faults().throttleNext(Endpoint.MONITOR, 1, false, Duration.ofSeconds(27));
    c.get(SimSupport.monitor(sim), TREE);
    assertThat(waits).hasSize(1);
    assertThat(waits.get(0).d()).isEqualTo(Duration.ofSeconds(27));
    assertThat(waits.get(0).cause()).contains("throttled");
    assertThat(lines(Level.INFO)).anyMatch(l -> l.startsWith("waiting 27 s: DocuSign throttled"));
  }

  @Test
  void aRetryIsAWarningAndItsBackoffIsNotAZeroWait() {
    DocuSignClient c = SimSupport.client(SimSupport.config(sim, tmp).build(), clock, sleeper);
    c.accessToken();
    sim.faults().failNext(Endpoint.MONITOR, 2, 503);
    c.get(SimSupport.monitor(sim), TREE);
    assertThat(lines(Level.WARN))
        .hasSize(2)
        .allMatch(l -> l.contains("HTTP 503") && l.contains("retry"));
    assertThat(lines(Level.INFO)).noneMatch(l -> l.contains("retry")); // said once, as WARN
  }

  @Test
  void manyCallsUnderTheBurstLimitLogNoZeroWaits() {
    DocuSignClient c =
        SimSupport.client(SimSupport.config(sim, tmp).apiBurstPer30s(5).build(), clock, sleeper);
    List<Wait> waits = new CopyOnWriteArrayList<>();
    c.onWait((d, cause) -> waits.add(new Wait(d, cause)));
    for (int i = 0; i < 12; i++) {
      c.get(SimSupport.monitor(sim), TREE);
    }
    assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains("waiting 0 ms"));
    assertThat(waits).isNotEmpty().allMatch(w -> w.d().compareTo(Duration.ofSeconds(1)) >= 0);
    assertThat(waits).allMatch(w -> w.cause().contains("api_burst_per_30s"));
  }
}
