package io.github.docusigncollector.http;

import io.github.docusigncollector.auth.SigningKey;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.RequestRecord;
import io.github.docusigncollector.simulator.SimClock;
import io.github.docusigncollector.state.StateStore;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** Simulator-backed fixtures for the client's tests: one key pair, a clock, a recording sleeper. */
public final class SimSupport {
  /** Generating RSA keys is slow; every simulator of these tests shares one pair. */
  public static final KeyPair KEYS = newKeyPair();

  public static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private SimSupport() {}

  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static DocuSignSimulator.Builder sim(SimClock clock) {
    return DocuSignSimulator.builder().clock(clock).keyPair(KEYS).consent(true);
  }

  /** A configuration pointing every URL at the simulator, with its identities and key. */
  public static TestConfigs.Builder config(DocuSignSimulator sim, Path stateDir) {
    return TestConfigs.builder()
        .allUrls(sim.baseUrl())
        .integrationKey(sim.integrationKey())
        .userId(sim.userId())
        .accountId(sim.accountId())
        .organizationId(sim.organizationId())
        .privateKey(new SigningKey((RSAPrivateKey) sim.keyPair().getPrivate()))
        .eventTypes(EventType.CUSTOMER_EVENTS)
        .stateDir(stateDir);
  }

  /** A sleeper that advances the simulated clock instead of waiting, and remembers each wait. */
  public static final class ClockSleeper implements Sleeper {
    private final SimClock clock;
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    public ClockSleeper(SimClock clock) {
      this.clock = clock;
    }

    @Override
    public void sleep(Duration d) {
      sleeps.add(d);
      clock.advance(d);
    }

    public Duration total() {
      return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
  }

  public static DocuSignClient client(
      io.github.docusigncollector.config.CollectorConfig config, SimClock clock, Sleeper sleeper) {
    return client(config, clock, sleeper, Map.of());
  }

  public static DocuSignClient client(
      io.github.docusigncollector.config.CollectorConfig config,
      SimClock clock,
      Sleeper sleeper,
      Map<String, String> env) {
    return new DocuSignClient(
        config,
        new StateStore(config.stateDir()),
        clock,
        sleeper,
        ClientOptions.defaults().withEnv(env).withRandom(new Random(42)));
  }

  /** The Monitor stream URL of the simulator, from an hour before {@link #START}. */
  public static URI monitor(DocuSignSimulator sim) {
    return URI.create(
        sim.baseUrl() + "/api/v2.0/datasets/monitor/stream?cursor=2026-03-01T09:00:00Z&limit=5");
  }

  public static long count(DocuSignSimulator sim, Endpoint e) {
    return sim.requests().stream().filter(r -> r.endpoint() == e).count();
  }

  public static List<RequestRecord> of(DocuSignSimulator sim, Endpoint e) {
    return sim.requests().stream().filter(r -> r.endpoint() == e).toList();
  }
}
