package io.github.docusigncollector.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * How the scenarios run.
 *
 * @param jar the collector's fat jar; children ({@code java -jar jar fetch}) are run from it. Null
 *     runs the collector in-process instead (tests), where heap and RSS are not measured and {@code
 *     startup} is skipped
 * @param jvmOptions options of every child JVM (e.g. from {@code DOCUSIGN_JAVA_OPTS})
 * @param workDir where configurations, state and output files go (deleted afterwards)
 * @param backlogEvents events of {@code backlog}
 * @param backlogSmallEvents the smaller backlog whose peak heap the big one must not exceed (0 =
 *     skip)
 * @param steadyMinutes simulated minutes of {@code steady}
 * @param log progress lines (stderr)
 * @param launcher the launcher script ({@code bin/docusign-collector}) that runs the collector's
 *     children instead of {@code java -jar}, so that they start as users' do (its JVM defaults and
 *     class-data archive, and it applies {@code DOCUSIGN_JAVA_OPTS} itself); null: {@code java -jar
 *     jar} with {@code jvmOptions}
 * @param kafkaBootstrap a Kafka broker ({@code host:port}) that {@code sinks} also measures the
 *     kafka sink into, with the topic {@link #KAFKA_TOPIC}; null: no kafka row (the collector's jar
 *     carries no broker)
 */
public record BenchOptions(
    Path jar,
    List<String> jvmOptions,
    Path workDir,
    long backlogEvents,
    long backlogSmallEvents,
    int steadyMinutes,
    PrintStream log,
    Path launcher,
    String kafkaBootstrap) {

  /** The topic the kafka row of {@code sinks} writes to; it must exist or be auto-created. */
  public static final String KAFKA_TOPIC = "docusign-bench";

  public BenchOptions {
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** Children by {@code java -jar}, no launcher. */
  public BenchOptions(
      Path jar,
      List<String> jvmOptions,
      Path workDir,
      long backlogEvents,
      long backlogSmallEvents,
      int steadyMinutes,
      PrintStream log) {
    this(jar, jvmOptions, workDir, backlogEvents, backlogSmallEvents, steadyMinutes, log, null);
  }

  /** Children through {@code launcher}, no kafka row. */
  public BenchOptions(
      Path jar,
      List<String> jvmOptions,
      Path workDir,
      long backlogEvents,
      long backlogSmallEvents,
      int steadyMinutes,
      PrintStream log,
      Path launcher) {
    this(
        jar,
        jvmOptions,
        workDir,
        backlogEvents,
        backlogSmallEvents,
        steadyMinutes,
        log,
        launcher,
        null);
  }

  /** The same options with the kafka row of {@code sinks} into {@code bootstrap} (null: none). */
  public BenchOptions withKafkaBootstrap(String bootstrap) {
    return new BenchOptions(
        jar,
        jvmOptions,
        workDir,
        backlogEvents,
        backlogSmallEvents,
        steadyMinutes,
        log,
        launcher,
        bootstrap);
  }

  /** The same options with children run through {@code launcher} (null: {@code java -jar}). */
  public BenchOptions withLauncher(Path launcher) {
    return new BenchOptions(
        jar,
        jvmOptions,
        workDir,
        backlogEvents,
        backlogSmallEvents,
        steadyMinutes,
        log,
        launcher,
        kafkaBootstrap);
  }

  /** The full scenarios of the performance issue. */
  public static BenchOptions full(
      Path jar, List<String> jvmOptions, Path workDir, PrintStream log) {
    return new BenchOptions(jar, jvmOptions, workDir, 1_000_000, 10_000, 10, log);
  }
}
