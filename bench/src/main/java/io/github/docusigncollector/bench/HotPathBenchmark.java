package io.github.docusigncollector.bench;

import io.github.docusigncollector.auth.SigningKey;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.format.EventRewriter;
import io.github.docusigncollector.format.OutputFormat;
import io.github.docusigncollector.monitor.MonitorPage;
import io.github.docusigncollector.monitor.MonitorPageNormalizer;
import io.github.docusigncollector.monitor.RecentEventIds;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.LineBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hot path: one Monitor page of 2,000 events as the simulator serves it (JSON bytes) →
 * normalized events → JSON Lines bytes; ours (the collector's streaming normalizer, with a full
 * memory of 10,000 delivered ids to check against) and the baseline's (a tree per page).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotPathBenchmark {
  byte[] page;
  MonitorPageNormalizer normalizer;
  RecentEventIds recent;
  ByteArrayOutputStream baselineOut;
  long now;
  EventRewriter ocsfRewriter;
  EventRewriter ecsRewriter;
  LineBuffer mappedOut;

  @Setup
  public void setUp() {
    setUpWith(page());
  }

  void setUpWith(byte[] pageBytes) {
    page = pageBytes;
    normalizer = new MonitorPageNormalizer();
    recent = new RecentEventIds();
    List<String> other = new ArrayList<>();
    for (int i = 0; i < RecentEventIds.DEFAULT_CAPACITY; i++) {
      other.add("00000000-0000-4000-8000-" + String.format("%012d", i));
    }
    recent.addAll(other);
    baselineOut = new ByteArrayOutputStream(page.length * 2);
    now = Instant.now().getEpochSecond();
    ocsfRewriter = new EventRewriter(OutputFormat.OCSF, null, Clock.systemUTC());
    ecsRewriter = new EventRewriter(OutputFormat.ECS, null, Clock.systemUTC());
    mappedOut = new LineBuffer(page.length * 3);
  }

  /** One page of the simulator's Monitor stream, 2,000 events, as JSON bytes. */
  public static byte[] page() {
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder()
            .events(Scenarios.PAGE)
            .consent(true)
            .hourlyLimit(0)
            .burstLimit(0)
            .start()) {
      Baseline b =
          new Baseline(
              new Baseline.Account(
                  sim.baseUrl(),
                  new SigningKey((RSAPrivateKey) sim.keyPair().getPrivate()),
                  sim.integrationKey(),
                  sim.userId(),
                  sim.accountId(),
                  sim.organizationId()),
              Clock.systemUTC());
      return b.get(
          sim.baseUrl()
              + "/api/v2.0/datasets/monitor/stream?cursor="
              + Baseline.cursorAt(Instant.now().minusSeconds(3600))
              + "&limit="
              + Scenarios.PAGE);
    }
  }

  @Benchmark
  public MonitorPage ours() throws IOException {
    return normalizer.normalize(page, recent::contains, now);
  }

  /** Ours, then the mapping to OCSF (SPEC §11) of every event of the page. */
  @Benchmark
  public Batch ocsf() throws IOException {
    MonitorPage p = normalizer.normalize(page, recent::contains, now);
    return ocsfRewriter.rewrite(EventType.CUSTOMER_EVENTS, p.batch(), mappedOut);
  }

  /** Ours, then the mapping to ECS of every event of the page. */
  @Benchmark
  public Batch ecs() throws IOException {
    MonitorPage p = normalizer.normalize(page, recent::contains, now);
    return ecsRewriter.rewrite(EventType.CUSTOMER_EVENTS, p.batch(), mappedOut);
  }

  @Benchmark
  public int baseline() {
    baselineOut.reset();
    Baseline.normalizePage(page, baselineOut);
    return baselineOut.size();
  }
}
