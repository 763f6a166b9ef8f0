package io.github.docusigncollector.bench;

import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.pipeline.Collector;
import io.github.docusigncollector.pipeline.Progress;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.receivers.EmbeddedReceivers;
import io.github.docusigncollector.simulator.receivers.Receiver;
import io.github.docusigncollector.simulator.syslog.SyslogReceiver;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.Sinks;
import io.github.docusigncollector.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * {@code bench --scenario sinks}: the backlog of the {@code backlog} scenario delivered by one
 * {@code fetch} into each sink's embedded receiver (gzip on, as by default), beside the file sink
 * in the same run, and the cost of gzip alone on the same bytes as the floor; then syslog, and
 * kafka when a broker is given. In-process, so that every row runs in the same warm JVM.
 */
final class SinksScenario {
  /**
   * The sink types measured besides {@code file}: a sink with an embedded receiver adds itself
   * here.
   */
  static final List<String> TYPES =
      List.of("xsiam", "splunk_hec", "http", "elasticsearch", "sentinel");

  private final BenchOptions opts;
  private final KeyPair keyPair;

  SinksScenario(BenchOptions opts, KeyPair keyPair) {
    this.opts = opts;
    this.keyPair = keyPair;
  }

  List<BenchResult> run() {
    long n = opts.backlogEvents();
    Path dir = opts.workDir().resolve("sinks");
    List<BenchResult> rows = new ArrayList<>();
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder()
            .events(n)
            .hourlyLimit(0)
            .burstLimit(0)
            .consent(true)
            .keyPair(keyPair)
            .start()) {
      Files.createDirectories(dir);
      Path key = dir.resolve("key.pem");
      Files.writeString(key, sim.privateKeyPkcs8Pem(), StandardCharsets.US_ASCII);
      // The first run warms the simulator and this JVM; it is not reported.
      log("sinks: warm-up run into the file sink");
      Row warm = once(sim, key, dir.resolve("warm-up"), "file");
      deleteTree(dir.resolve("warm-up"));
      Row file = once(sim, key, dir.resolve("file"), "file");
      rows.add(file.result("sinks-file", null));
      rows.add(gzipFloor(file.file, file.events));
      deleteTree(dir.resolve("file"));
      for (String type : TYPES) {
        if (!selected(type)) {
          continue;
        }
        log("sinks: " + type);
        Row r = once(sim, key, dir.resolve(type), type);
        rows.add(r.result("sinks-" + type, file));
        deleteTree(dir.resolve(type));
      }
      if (selected("syslog") || selected("kafka")) {
        rows.addAll(transportRows(sim, key, dir, file));
      }
      if (warm.events != file.events) {
        throw new IllegalStateException(
            "the warm-up run delivered " + warm.events + ", the file run " + file.events);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(dir);
    }
    return rows;
  }

  /** One timed fetch into {@code type}. */
  private Row once(DocuSignSimulator sim, Path key, Path dir, String type) throws IOException {
    return once(sim, key, dir, type, null);
  }

  /**
   * One timed fetch into {@code type}: into its embedded receiver, or with {@code output} (the
   * {@code output:} block's lines) into a receiver the caller started.
   */
  private Row once(DocuSignSimulator sim, Path key, Path dir, String type, String output)
      throws IOException {
    Files.createDirectories(dir);
    Path out = dir.resolve("out").resolve("events.jsonl");
    try (EmbeddedReceivers.Embedded receiver =
        type.equals("file") || output != null ? null : EmbeddedReceivers.start(type)) {
      if (receiver != null) {
        receiver.receiver().keepEvents(false);
      }
      Path yaml = dir.resolve("docusign-collector.yaml");
      Files.writeString(
          yaml,
          sim.collectorConfigYaml(key)
              + "event_types: [customer_events]\nfirst_fetch: 1h\n"
              + "api_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
              + "max_customer_events_per_fetch: 2000\n"
              + "state_dir: \""
              + dir.resolve("state")
              + "\"\noutput:\n"
              + (output != null
                  ? output
                  : receiver == null
                      ? "  type: file\n  rotate_bytes: 0\n  path: \"" + out + "\"\n"
                      : receiver.yaml()),
          StandardCharsets.UTF_8);
      CollectorConfig config = ConfigLoader.load(yaml, Map.of(), dir);
      StateStore state = new StateStore(config.stateDir());
      long cpu0 = processCpuNanos();
      ThreadCpu threads = new ThreadCpu();
      long t0 = System.nanoTime();
      long events;
      try (DocuSignClient client =
              new DocuSignClient(
                  config, state, Clock.systemUTC(), Sleeper.SYSTEM, ClientOptions.defaults());
          Sink sink =
              Sinks.open(
                  config,
                  new SinkContext(
                      config.stateDir(),
                      Map.of(),
                      System.out,
                      Clock.systemUTC(),
                      Sleeper.SYSTEM,
                      new Random(),
                      Duration.ofSeconds(10),
                      Duration.ofSeconds(60)))) {
        Collector c = new Collector(config, client, state, sink, Clock.systemUTC(), Progress.NONE);
        var result = c.cycle(() -> false);
        if (!result.errors().isEmpty()) {
          throw result.errors().values().iterator().next();
        }
        events = result.delivered().get(EventType.CUSTOMER_EVENTS);
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (processCpuNanos() - cpu0) / 1e9;
      threads.close();
      Receiver r = receiver == null ? null : receiver.receiver();
      if (r != null && r.eventCount() != events) {
        throw new IllegalStateException(
            type + ": delivered " + events + " but the receiver counted " + r.eventCount());
      }
      return new Row(
          type,
          events,
          wall,
          out,
          r == null ? 0 : r.wireBytes(),
          r == null ? 0 : r.requests().size(),
          cpu,
          threads.byGroup().getOrDefault("receiver", 0.0),
          threads.describe());
    }
  }

  /** CPU time of the whole process (collector, simulator and receiver alike), or 0 if unknown. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  /** What a row used of the machine: the process's CPU, and the delivering thread's. */
  private static String cpuNote(Row r) {
    return String.format(
        Locale.ROOT,
        "CPU %.1f s in the process (%.2f cores busy on average, simulator and receiver included):"
            + " %s; the rest in the JVM's own threads (GC, JIT)",
        r.cpu,
        r.cpu / r.wall,
        r.threads);
  }

  /**
   * The sinks that are not HTTP: syslog over TCP into the simulator's in-process receiver, and,
   * when a broker was given ({@code --kafka-bootstrap}), kafka into it. The collector's jar carries
   * no Kafka broker; {@code bench/scripts/sinks-kafka.sh} runs this scenario against the in-process
   * KRaft broker of the sink-kafka module's tests.
   */
  private List<BenchResult> transportRows(DocuSignSimulator sim, Path key, Path dir, Row file)
      throws IOException {
    List<BenchResult> rows = new ArrayList<>();
    if (selected("syslog")) {
      rows.add(syslogRow(sim, key, dir, file));
    }
    String bootstrap = opts.kafkaBootstrap();
    if (!selected("kafka")) {
      return rows;
    }
    if (bootstrap == null) {
      log(
          "sinks: no kafka row (give --kafka-bootstrap HOST:PORT, a broker with the topic "
              + BenchOptions.KAFKA_TOPIC
              + ", or run bench/scripts/sinks-kafka.sh)");
      return rows;
    }
    log("sinks: kafka into " + bootstrap);
    Row r =
        once(
            sim,
            key,
            dir.resolve("kafka"),
            "kafka",
            "  type: kafka\n  bootstrap_servers: \""
                + bootstrap
                + "\"\n  topic: "
                + BenchOptions.KAFKA_TOPIC
                + "\n");
    deleteTree(dir.resolve("kafka"));
    rows.add(
        transportResult(
            "sinks-kafka",
            r,
            file,
            "kafka into "
                + bootstrap
                + " (topic "
                + BenchOptions.KAFKA_TOPIC
                + ", acks=all, idempotent, the sink's default batching and lz4), every page"
                + " acknowledged before the next",
            100_000));
    return rows;
  }

  /** syslog over TCP into the simulator's in-process receiver. */
  private BenchResult syslogRow(DocuSignSimulator sim, Path key, Path dir, Row file)
      throws IOException {
    log("sinks: syslog");
    try (SyslogReceiver receiver = SyslogReceiver.counting()) {
      Row r =
          once(
              sim,
              key,
              dir.resolve("syslog"),
              "syslog",
              "  type: syslog\n  host: 127.0.0.1\n  port: "
                  + receiver.port()
                  + "\n  protocol: tcp\n");
      try {
        receiver.await(r.events, 30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (receiver.count() != r.events) {
        throw new IllegalStateException(
            "syslog: delivered " + r.events + " but the receiver counted " + receiver.count());
      }
      return transportResult(
          "sinks-syslog",
          r,
          file,
          "syslog over TCP (RFC 5424, octet counting) into the in-process receiver",
          60_000);
    } finally {
      deleteTree(dir.resolve("syslog"));
    }
  }

  /** Whether {@code -Dbench.sinks=a,b} (all when unset) asks for the row of {@code type}. */
  private static boolean selected(String type) {
    String only = System.getProperty("bench.sinks", "");
    return only.isBlank() || List.of(only.split(",")).contains(type);
  }

  private static BenchResult transportResult(
      String name, Row r, Row file, String what, long target) {
    return new BenchResult(
        name,
        r.events,
        r.wall,
        BenchResult.perSecond(r.events, r.wall),
        null,
        null,
        null,
        null,
        null,
        List.of(
            String.format(
                Locale.ROOT,
                "%s; %.2fx the file sink's time (target: at least %,d events/s)",
                what,
                r.wall / file.wall,
                target),
            cpuNote(r)));
  }

  /** gzip (level 1, as the sinks use) of the file sink's output in 1 MB pieces, alone. */
  private BenchResult gzipFloor(Path file, long events) throws IOException {
    Deflater d = new Deflater(Deflater.BEST_SPEED, true);
    CRC32 crc = new CRC32();
    byte[] in = new byte[1 << 20];
    byte[] out = new byte[1 << 21];
    long wire = 0;
    long nanos = 0;
    try (InputStream s = Files.newInputStream(file)) {
      int n;
      while ((n = s.readNBytes(in, 0, in.length)) > 0) {
        long t0 = System.nanoTime();
        d.reset();
        d.setInput(in, 0, n);
        d.finish();
        while (!d.finished()) {
          wire += d.deflate(out);
        }
        crc.reset();
        crc.update(in, 0, n);
        nanos += System.nanoTime() - t0;
        wire += 18;
      }
    } finally {
      d.end();
    }
    double wall = nanos / 1e9;
    return new BenchResult(
        "sinks-gzip",
        events,
        wall,
        BenchResult.perSecond(events, wall),
        null,
        null,
        null,
        null,
        null,
        List.of(
            String.format(
                Locale.ROOT,
                "gzip alone (level 1, 1 MB pieces) of the file sink's %,d bytes: %.1f bytes per event",
                Files.size(file),
                (double) wire / events)));
  }

  private record Row(
      String type,
      long events,
      double wall,
      Path file,
      long wireBytes,
      int requests,
      double cpu,
      double receiverCpu,
      String threads) {
    BenchResult result(String name, Row file) {
      List<String> notes = new ArrayList<>();
      if (file != null) {
        notes.add(
            String.format(
                Locale.ROOT,
                "%s with gzip: %.1f bytes on the wire per event in %,d requests; %.2fx the file sink's time (target: at most 2x, and at least 60,000 events/s)",
                type,
                (double) wireBytes / events,
                requests,
                wall / file.wall));
        // The receiver shares this machine's cores here; a SIEM decompresses and reads what
        // arrives on machines of its own. The collector's share of the CPU, beside the file row's.
        notes.add(
            String.format(
                Locale.ROOT,
                "CPU without the receiver's own %.1f s: %.1f s, %.2fx the file row's %.1f s",
                receiverCpu,
                cpu - receiverCpu,
                (cpu - receiverCpu) / file.cpu,
                file.cpu));
      } else {
        notes.add("the file sink, fsynced per page: the reference for the other rows");
      }
      notes.add(cpuNote(this));
      return new BenchResult(
          name,
          events,
          wall,
          BenchResult.perSecond(events, wall),
          null,
          null,
          null,
          null,
          null,
          notes);
    }
  }

  private void log(String line) {
    PrintStream p = opts.log();
    if (p != null) {
      p.println("bench: " + line);
      p.flush();
    }
  }

  private static void deleteTree(Path dir) {
    Scenarios.deleteTree(dir);
  }
}
