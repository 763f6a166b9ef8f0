package io.github.docusigncollector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.format.OutputFormat;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.pipeline.Collector;
import io.github.docusigncollector.pipeline.CycleResult;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.receivers.EmbeddedReceivers;
import io.github.docusigncollector.simulator.receivers.Receiver;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.Sinks;
import io.github.docusigncollector.state.StateStore;
import io.github.docusigncollector.state.WriterLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole product end to end without a DocuSign account: an in-process simulator
 * with generated data and consent, a ready configuration in {@code ./demo/}, collection until
 * caught up into {@code ./demo/events.jsonl}, and a summary.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the embedded simulator with generated data, writes a ready configuration into"
          + " ./demo/, collects until caught up into ./demo/events.jsonl and prints a summary.",
      "Needs no configuration and no network (everything stays on 127.0.0.1)."
    })
final class DemoCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "Monitor events in the simulator's backlog (default: ${DEFAULT-VALUE}).")
  long events = 20_000;

  @Option(
      names = "--users",
      paramLabel = "M",
      description = "Users in the simulated organization (default: ${DEFAULT-VALUE}).")
  int users = 300;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where the demo writes its files (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("demo");

  @Option(
      names = "--output",
      paramLabel = "TYPE",
      description =
          "Where the events go: file (default: ./demo/events.jsonl), or a SIEM sink type"
              + " (xsiam, splunk_hec, http, ...), delivered into an embedded receiver of that"
              + " type on 127.0.0.1.")
  String output = "file";

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "Shape of the events written: raw (as collected), ocsf or ecs (default: ${DEFAULT-VALUE}).")
  String format = "raw";

  @Override
  public Integer call() throws IOException {
    if (!output.equals("file")) {
      if (!EmbeddedReceivers.types().contains(output)) {
        throw CollectorException.config(
            "--output "
                + output
                + ": no embedded receiver of that type; use file or one of "
                + String.join(", ", EmbeddedReceivers.types()));
      }
      try (EmbeddedReceivers.Embedded receiver = EmbeddedReceivers.start(output)) {
        receiver.receiver().keepEvents(false);
        return run(receiver);
      }
    }
    return run(null);
  }

  private Integer run(EmbeddedReceivers.Embedded receiver) throws IOException {
    Invocation inv = CommandContext.invocation(spec);
    OutputFormat outputFormat =
        OutputFormat.fromKey(format)
            .orElseThrow(
                () ->
                    CollectorException.config(
                        "--format: \""
                            + format
                            + "\" is not an event format; use raw, ocsf or ecs"));
    PrintStream out = inv.out();
    Path demo = inv.workDir().resolve(dir).toAbsolutePath().normalize();
    Files.createDirectories(demo);
    Path eventsFile = demo.resolve("events.jsonl");
    Path stateDir = demo.resolve("state");
    cleanPreviousRun(demo, stateDir);
    long start = System.nanoTime();
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder().events(events).users(users).consent(true).start()) {
      Path key = demo.resolve("private-key.pem");
      Files.writeString(key, sim.privateKeyPkcs8Pem(), StandardCharsets.US_ASCII);
      restrict(key);
      Path yaml = demo.resolve("docusign-collector.yaml");
      Files.writeString(
          yaml,
          "# Written by `docusign-collector demo`: points at the embedded simulator, which stops\n"
              + "# when the demo ends. See the summary for pointing it at a real account.\n"
              + sim.collectorConfigYaml(key)
              + "event_types: [customer_events, audit_users]\n"
              + "first_fetch: 1h\n"
              + "state_dir: "
              + quote(stateDir)
              + "\noutput:\n"
              + (receiver != null
                  ? receiver.yaml()
                  : "  type: file\n  path: " + quote(eventsFile) + "\n")
              + "  format: "
              + outputFormat.key()
              + "\n",
          StandardCharsets.UTF_8);
      CollectorConfig config = ConfigLoader.load(yaml, Map.of(), inv.workDir());
      Map<EventType, Long> totals = collect(config, inv.clock(), inv.env(), inv.err());
      double secs = (System.nanoTime() - start) / 1e9;
      if (receiver != null) {
        receiverSummary(out, totals, secs, receiver, yaml);
      } else {
        summary(out, totals, secs, eventsFile, yaml, demo);
      }
    }
    return 0;
  }

  private Map<EventType, Long> collect(
      CollectorConfig config, Clock clock, Map<String, String> env, PrintStream err) {
    StateStore state = new StateStore(config.stateDir());
    Map<EventType, Long> totals = new EnumMap<>(EventType.class);
    try (WriterLock lock = state.lockWriter("demo");
        DocuSignClient client =
            new DocuSignClient(
                config, state, clock, Sleeper.SYSTEM, ClientOptions.defaults().withEnv(env));
        Sink sink =
            Sinks.open(
                config,
                new SinkContext(
                    config.stateDir(),
                    env,
                    System.out,
                    clock,
                    Sleeper.SYSTEM,
                    new Random(),
                    config.connectTimeout(),
                    config.requestTimeout()))) {
      Collector collector =
          new Collector(config, client, state, sink, clock, TerminalProgress.forConsole(err));
      for (int cycle = 0; cycle < 20; cycle++) {
        CycleResult r = collector.cycle(() -> false);
        r.delivered().forEach((t, n) -> totals.merge(t, n, Long::sum));
        if (!r.errors().isEmpty()) {
          throw r.errors().values().iterator().next();
        }
        if (r.caughtUp()) {
          break;
        }
      }
    }
    return totals;
  }

  private static void summary(
      PrintStream out, Map<EventType, Long> totals, double secs, Path events, Path yaml, Path demo)
      throws IOException {
    out.println("docusign-collector demo: collected from the embedded DocuSign simulator");
    long all = 0;
    for (Map.Entry<EventType, Long> e : totals.entrySet()) {
      out.printf(Locale.ROOT, "  %-16s %,d%n", e.getKey().key(), e.getValue());
      all += e.getValue();
    }
    out.printf(Locale.ROOT, "  %-16s %,d in %.1f s%n", "total", all, secs);
    out.println("  events file      " + events);
    JsonNode sample = firstLine(events);
    if (sample != null) {
      out.println("\nOne event:");
      out.println(
          Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(sample));
    }
    out.println("\nThe configuration used is " + yaml + " (its simulator is gone now).");
    out.println("To collect from a real DocuSign account, copy it and change:");
    out.println(
        "  server_url: https://account-d.docusign.com   (production: account.docusign.com)");
    out.println("  delete monitor_url and admin_url (they are derived from server_url)");
    out.println("  integration_key, user_id, account_id, organization_id: your app's and admin's");
    out.println("  private_key_file: the RSA key of your integration key");
    out.println("then run, with --config pointing at it:");
    out.println("  docusign-collector consent-url   (open it once as the impersonated user)");
    out.println("  docusign-collector auth-test");
    out.println("  docusign-collector fetch         (or run, to keep collecting)");
    out.println("(demo files are in " + demo + "; a new demo starts them afresh)");
    out.flush();
  }

  private static void receiverSummary(
      PrintStream out,
      Map<EventType, Long> totals,
      double secs,
      EmbeddedReceivers.Embedded receiver,
      Path yaml)
      throws IOException {
    String type = receiver.output().get("type");
    out.println(
        "docusign-collector demo: collected from the embedded DocuSign simulator into an embedded "
            + type
            + " receiver at "
            + receiver.receiver().baseUrl());
    long all = 0;
    for (Map.Entry<EventType, Long> e : totals.entrySet()) {
      out.printf(Locale.ROOT, "  %-16s %,d%n", e.getKey().key(), e.getValue());
      all += e.getValue();
    }
    out.printf(Locale.ROOT, "  %-16s %,d in %.1f s%n", "total", all, secs);
    Receiver r = receiver.receiver();
    out.printf(
        Locale.ROOT,
        "  %-16s %,d events in %,d requests, %,d bytes on the wire%n",
        "received",
        r.eventCount(),
        r.requests().size(),
        r.wireBytes());
    String first = r.firstEnvelope();
    if (first != null) {
      out.println("\nOne event as the " + type + " receiver saw it:");
      JsonNode n;
      try {
        n = Json.MAPPER.readTree(first);
      } catch (IOException e) {
        n = null;
      }
      out.println(
          n == null
              ? first
              : Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n));
    }
    out.println(
        "\nThe configuration used is " + yaml + " (its simulator and receiver are gone now).");
    out.println(
        "To deliver into your own "
            + type
            + ", change its output: block (see the README's section on "
            + type
            + ").");
    out.flush();
  }

  private static JsonNode firstLine(Path events) throws IOException {
    if (!Files.exists(events)) {
      return null;
    }
    try (BufferedReader r = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
      String line = r.readLine();
      return line == null ? null : Json.MAPPER.readTree(line);
    }
  }

  /** A demo starts afresh: its own state and events of an earlier demo go. */
  private static void cleanPreviousRun(Path demo, Path stateDir) throws IOException {
    if (Files.isDirectory(stateDir)) {
      try (Stream<Path> s = Files.list(stateDir)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
    try (Stream<Path> s = Files.list(demo)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.getFileName().toString().startsWith("events.jsonl")) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void restrict(Path key) {
    try {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: the file stays as created
    }
  }

  private static String quote(Path p) {
    return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Created on first use: picocli instantiates every command at start, and a mapper is costly. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
