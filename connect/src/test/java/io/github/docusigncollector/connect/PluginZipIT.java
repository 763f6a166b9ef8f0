package io.github.docusigncollector.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin zip built by {@code package}, unpacked under a fresh worker's {@code plugin.path}: a
 * standalone Connect worker in another JVM, whose class path holds Kafka's jars but neither the
 * connector nor the collector's core, lists the connector and validates a configuration with it.
 */
class PluginZipIT {
  private static final String CONNECTOR = DocuSignSourceConnector.class.getName();

  @TempDir Path tmp;

  @Test
  void aFreshWorkerLoadsTheZipFromPluginPath() throws Exception {
    Path zip = Path.of(System.getProperty("plugin.zip", "target/missing.zip"));
    assertThat(zip).as("run mvn package first").exists();
    Path plugins = tmp.resolve("plugins");
    unzip(zip, plugins);
    try (ZipFile z = new ZipFile(zip.toFile())) {
      List<String> names = z.stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .anyMatch(n -> n.endsWith("/lib/docusign-collector-core-0.1.0-SNAPSHOT.jar"));
      // Kafka's own jars come from the worker.
      assertThat(names).noneMatch(n -> n.contains("kafka-clients") || n.contains("connect-api"));
    }

    List<String> classPath = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!holdsOurClasses(Path.of(e))) {
        classPath.add(e);
      }
    }

    KafkaClusterTestKit kafka =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .build();
    Process worker = null;
    try {
      kafka.format();
      kafka.startup();
      kafka.waitForReadyBrokers();
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path props = tmp.resolve("worker.properties");
      Files.writeString(
          props,
          String.join(
              "\n",
              "bootstrap.servers=" + kafka.bootstrapServers(),
              "listeners=http://127.0.0.1:" + port,
              "plugin.path=" + plugins,
              "plugin.discovery=service_load",
              "key.converter=org.apache.kafka.connect.storage.StringConverter",
              "value.converter=org.apache.kafka.connect.storage.StringConverter",
              "offset.storage.file.filename=" + tmp.resolve("offsets"),
              ""));
      Path log = tmp.resolve("worker.log");
      worker =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-cp",
                  String.join(File.pathSeparator, classPath),
                  "org.apache.kafka.connect.cli.ConnectStandalone",
                  props.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      HttpClient http = HttpClient.newHttpClient();
      URI pluginsUri = URI.create("http://127.0.0.1:" + port + "/connector-plugins");
      String[] body = {null};
      Process w = worker;
      Awaitility.await()
          .atMost(90, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                assertThat(w.isAlive()).as("the worker exited; see %s", log).isTrue();
                try {
                  HttpResponse<String> r =
                      http.send(
                          HttpRequest.newBuilder(pluginsUri).build(),
                          HttpResponse.BodyHandlers.ofString());
                  body[0] = r.body();
                  return r.statusCode() == 200;
                } catch (IOException e) {
                  return false;
                }
              });
      assertThat(body[0]).contains("\"class\":\"" + CONNECTOR + "\"").contains("0.1.0-SNAPSHOT");

      // The connector's classes and its dependencies load from the plugin directory: validate
      // runs the connector's own checks, and names the bad key.
      String json =
          "{\"connector.class\":\""
              + CONNECTOR
              + "\",\"name\":\"z\",\"docusign.server.url\":\"ftp://example\"}";
      HttpResponse<String> v =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + port
                              + "/connector-plugins/DocuSignSourceConnector/config/validate"))
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(v.statusCode()).isEqualTo(200);
      assertThat(v.body()).contains("\"name\":\"docusign.server.url\"").contains("https://host");
      assertThat(v.body()).doesNotContain("\"error_count\":0");
    } finally {
      if (worker != null) {
        worker.destroy();
        if (!worker.waitFor(20, TimeUnit.SECONDS)) {
          worker.destroyForcibly().waitFor();
        }
      }
      kafka.close();
    }
  }

  /** Whether a class path entry holds this project's classes (the connector or the core). */
  private static boolean holdsOurClasses(Path entry) throws IOException {
    if (Files.isDirectory(entry)) {
      return Files.exists(entry.resolve("io/github/docusigncollector"));
    }
    if (!Files.isRegularFile(entry)) {
      return false;
    }
    try (ZipFile z = new ZipFile(entry.toFile())) {
      return z.getEntry("io/github/docusigncollector/") != null
          || z.stream().anyMatch(e -> e.getName().startsWith("io/github/docusigncollector/"));
    } catch (IOException e) {
      return false;
    }
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream z = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = z.getNextEntry()) != null) {
        Path out = into.resolve(e.getName()).normalize();
        if (!out.startsWith(into)) {
          throw new IOException("zip entry outside the target: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(z, out);
        }
      }
    }
  }
}
