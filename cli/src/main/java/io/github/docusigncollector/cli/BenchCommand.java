package io.github.docusigncollector.cli;

import io.github.docusigncollector.bench.BenchOptions;
import io.github.docusigncollector.bench.BenchReport;
import io.github.docusigncollector.bench.BenchResult;
import io.github.docusigncollector.bench.Scenarios;
import io.github.docusigncollector.error.CollectorException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: the benchmark scenarios against the embedded simulator, beside a baseline. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the benchmark scenarios against the embedded simulator and prints our figures beside"
          + " a baseline that works as the peer collectors do, and their ratio.",
      "Scenarios: backlog, steady, users-bulk, users-incremental, startup, hotpath (JMH), or all"
          + " (everything but hotpath). The collector runs as a child JVM from this jar where its"
          + " heap and resident set are measured, through the launcher bin/docusign-collector when"
          + " bench was started by it (else java -jar); DOCUSIGN_JAVA_OPTS applies to the"
          + " children."
    })
final class BenchCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description = "One scenario, or all (default: ${DEFAULT-VALUE}).")
  String scenario = "all";

  @Option(names = "--json", description = "Print one JSON array instead of the table.")
  boolean json;

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "Events of the backlog scenario (default: ${DEFAULT-VALUE}).")
  long events = 1_000_000;

  @Option(
      names = "--minutes",
      paramLabel = "M",
      description = "Simulated minutes of the steady scenario (default: ${DEFAULT-VALUE}).")
  int minutes = 10;

  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT",
      description =
          "A Kafka broker that the sinks scenario also delivers into (topic "
              + BenchOptions.KAFKA_TOPIC
              + ", which must exist or be created automatically); without it there is no kafka"
              + " row. bench/scripts/sinks-kafka.sh runs it against an in-process test broker.")
  String kafkaBootstrap;

  @Override
  public Integer call() throws Exception {
    Invocation inv = CommandContext.invocation(spec);
    Logging.configure(inv.env(), global.verbose());
    if (!scenario.equals("all") && !Scenarios.NAMES.contains(scenario)) {
      throw CollectorException.config(
          "--scenario "
              + scenario
              + " is not a scenario: use one of "
              + String.join(", ", Scenarios.NAMES)
              + " or all");
    }
    if (events < 1 || minutes < 1) {
      throw CollectorException.config("--events and --minutes must be at least 1");
    }
    if (kafkaBootstrap != null
        && !kafkaBootstrap.matches("[^\\s:,]+:[0-9]{1,5}(,[^\\s:,]+:[0-9]{1,5})*")) {
      throw CollectorException.config(
          "--kafka-bootstrap "
              + kafkaBootstrap
              + " is not HOST:PORT[,HOST:PORT...]: give the broker's address, e.g."
              + " 127.0.0.1:9092");
    }
    Path jar = ownJar();
    String javaOpts = inv.env().getOrDefault("DOCUSIGN_JAVA_OPTS", "").trim();
    List<String> jvm = javaOpts.isEmpty() ? List.of() : Arrays.asList(javaOpts.split("\\s+"));
    Path work = Files.createTempDirectory("docusign-bench-");
    PrintStream out = inv.out();
    try {
      BenchOptions opts =
          new BenchOptions(jar, jvm, work, events, Math.min(10_000, events), minutes, inv.err())
              .withLauncher(launcher(inv, jar))
              .withKafkaBootstrap(kafkaBootstrap);
      List<BenchResult> results = new Scenarios(opts).run(scenario);
      if (json) {
        // The table goes to stderr beside the progress lines; stdout holds the JSON alone.
        inv.err().print(BenchReport.table(results));
        inv.err().flush();
        out.print(BenchReport.json(results) + "\n");
      } else {
        out.print(BenchReport.table(results));
      }
      out.flush();
    } finally {
      Files.deleteIfExists(work);
    }
    return 0;
  }

  /**
   * The launcher that started this command ({@code DOCUSIGN_LAUNCHER}, exported by {@code
   * bin/docusign-collector}), which then runs the collector's children too; null without one.
   */
  private static Path launcher(Invocation inv, Path jar) {
    String l = inv.env().get("DOCUSIGN_LAUNCHER");
    if (jar == null || l == null || l.isBlank()) {
      return null;
    }
    Path p = Path.of(l);
    return Files.isExecutable(p) ? p : null;
  }

  /** The fat jar this command runs from (children are started from it), or null in-process. */
  private static Path ownJar() {
    try {
      Path p =
          Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return null;
    }
  }
}
