package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.SimClock;
import io.github.docusigncollector.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Everything the client logs at trace level, through every path, carries no secret. */
class NoSecretsInLogsTest {
  @TempDir Path tmp;

  @Test
  void debugLogsAndMessagesNeverCarryTokenAssertionOrKey() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    root.setLevel(Level.TRACE);
    List<String> texts = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    SimClock clock = SimClock.fixed(SimSupport.START);
    SimSupport.ClockSleeper sleeper = new SimSupport.ClockSleeper(clock);
    try (DocuSignSimulator sim = SimSupport.sim(clock).start()) {
      StateStore store = new StateStore(tmp);
      DocuSignClient c = SimSupport.client(SimSupport.config(sim, tmp).build(), clock, sleeper);
      c.get(SimSupport.monitor(sim), (s, b) -> new ObjectMapper().readTree(b));
      tokens.add(store.readShared().token().accessToken());
      sim.faults().expireTokens();
      sim.faults().failNext(Endpoint.MONITOR, 1, 503);
      sim.faults().throttleNext(Endpoint.MONITOR, 1, false, Duration.ofSeconds(1));
      sim.faults().malformedNext(Endpoint.MONITOR, 1);
      c.get(SimSupport.monitor(sim), (s, b) -> new ObjectMapper().readTree(b));
      tokens.add(store.readShared().token().accessToken());
      c.userInfo();
      c.resetToken();
      sim.revokeConsent();
      try {
        c.accessToken();
      } catch (CollectorException e) {
        texts.add(e.getMessage());
      }
      sim.grantConsent(List.of("signature", "impersonation"));
      sim.faults().forbidMonitor(true);
      assertThatThrownBy(() -> c.get(SimSupport.monitor(sim), (s, b) -> b))
          .satisfies(e -> texts.add(e.getMessage()));
      tokens.add(store.readShared().token().accessToken());
    } finally {
      root.detachAppender(logs);
      root.setLevel(before);
    }
    for (ILoggingEvent e : logs.list) {
      texts.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        texts.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
      }
    }
    assertThat(logs.list).as("debug logging happened").isNotEmpty();
    String keyB64 = Base64.getEncoder().encodeToString(SimSupport.KEYS.getPrivate().getEncoded());
    for (String t : texts) {
      assertThat(t).doesNotContain("eyJ"); // neither a JWT assertion nor the simulator's tokens
      assertThat(t).doesNotContain(keyB64.substring(200, 240));
      for (String token : tokens) {
        assertThat(t).doesNotContain(token);
      }
      assertThat(t).doesNotContainIgnoringCase("bearer ");
    }
  }
}
