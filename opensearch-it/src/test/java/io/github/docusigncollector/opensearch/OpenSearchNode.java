package io.github.docusigncollector.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.http.HttpServerTransport;

/**
 * One real OpenSearch 2.x node in the test JVM, on free loopback ports, for one test class. A
 * single node leaves replicas unassigned, so it is ready at yellow, not green.
 */
final class OpenSearchNode implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenSearchRunner runner;
  private final String url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private OpenSearchNode(OpenSearchRunner runner, String url) {
    this.runner = runner;
    this.url = url;
  }

  static OpenSearchNode start(Path basePath) {
    int httpPort = freePort();
    int transportPort = freePort();
    OpenSearchRunner runner = new OpenSearchRunner();
    runner.setMaxHttpPort(65_535); // it looks for a free port from base + 1 up to this
    runner.onBuild(
        (n, settings) ->
            settings
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("transport.port", String.valueOf(transportPort))
                .put("http.port", String.valueOf(httpPort))
                // small enough that a test of the sink's 413 split does not need 100 MB bodies
                .put("http.max_content_length", "1mb")
                .put("cluster.routing.allocation.disk.threshold_enabled", "false")
                .put("action.auto_create_index", "true"));
    runner.build(
        OpenSearchRunner.newConfigs()
            .basePath(basePath.toString())
            .numOfNode(1)
            .baseHttpPort(httpPort - 1)
            .disableESLogger());
    runner.ensureYellow();
    int bound =
        runner
            .node()
            .injector()
            .getInstance(HttpServerTransport.class)
            .boundAddress()
            .publishAddress()
            .getPort();
    return new OpenSearchNode(runner, "http://127.0.0.1:" + bound);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The node's HTTP address, {@code http://127.0.0.1:<port>}. */
  String url() {
    return url;
  }

  /** A REST call; returns the status and the body as JSON (or null when the body is not JSON). */
  Answer call(String method, String path, String body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = r.body().isEmpty() ? null : JSON.readTree(r.body());
      } catch (IOException notJson) {
        json = null;
      }
      return new Answer(r.statusCode(), r.body(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every document of {@code index} (refreshed first), in no particular order. */
  List<JsonNode> documents(String index) {
    call("POST", "/" + index + "/_refresh", null);
    List<JsonNode> out = new ArrayList<>();
    Answer a =
        call(
            "POST",
            "/" + index + "/_search?scroll=1m",
            "{\"size\":5000,\"query\":{\"match_all\":{}},\"sort\":[\"_doc\"]}");
    if (a.status() == 404) {
      return out;
    }
    if (a.status() != 200) {
      throw new IllegalStateException("search of " + index + ": " + a.status() + " " + a.text());
    }
    JsonNode page = a.json();
    while (true) {
      JsonNode hits = page.path("hits").path("hits");
      if (hits.isEmpty()) {
        break;
      }
      hits.forEach(out::add);
      page =
          call(
                  "POST",
                  "/_search/scroll",
                  "{\"scroll\":\"1m\",\"scroll_id\":\"" + page.path("_scroll_id").asText() + "\"}")
              .json();
    }
    return out;
  }

  void deleteEverything() {
    call("DELETE", "/_data_stream/*", null);
    call("DELETE", "/*?expand_wildcards=all", null);
    call("DELETE", "/_index_template/*", null);
  }

  @Override
  public void close() throws IOException {
    try {
      runner.close();
    } finally {
      runner.clean();
    }
  }

  record Answer(int status, String text, JsonNode json) {}
}
