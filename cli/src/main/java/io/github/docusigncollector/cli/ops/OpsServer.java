package io.github.docusigncollector.cli.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.CollectorConfig.Listen;
import io.github.docusigncollector.error.CollectorException;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The plain-HTTP listener of {@code run --listen}: {@code /metrics}, {@code /healthz}, {@code
 * /readyz} and the status page {@code /}. One daemon thread answers; every answer is built from
 * {@link Telemetry} and the state directory, and passes the secrets registry.
 */
public final class OpsServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private OpsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts listening at {@code listen}; an address in use is exit 2 naming {@code listen}. */
  public static OpsServer start(Listen listen, Telemetry telemetry, BooleanSupplier loopAlive) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(listen.host(), listen.port()), 16);
    } catch (IOException | RuntimeException e) {
      throw CollectorException.config(
          "listen: cannot listen on "
              + listen
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "); choose a free port on an address of this machine, e.g. 127.0.0.1:9464");
    }
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    server.createContext(
        "/metrics",
        ex ->
            answer(
                ex,
                () -> {
                  ByteArrayOutputStream b = new ByteArrayOutputStream(32 * 1024);
                  writer.write(b, telemetry.registry().scrape());
                  return new Reply(200, writer.getContentType(), b.toByteArray());
                }));
    server.createContext(
        "/healthz",
        ex ->
            answer(
                ex,
                () ->
                    loopAlive.getAsBoolean()
                        ? Reply.text(200, "ok\n")
                        : Reply.text(503, "the daemon loop has ended\n")));
    server.createContext(
        "/readyz",
        ex ->
            answer(
                ex,
                () -> {
                  Readiness r =
                      Readiness.of(
                          telemetry.streams(),
                          telemetry.config().interval(),
                          telemetry.now(),
                          telemetry.named());
                  return new Reply(
                      r.ready() ? 200 : 503,
                      "application/json",
                      (r.body().toString() + "\n").getBytes(StandardCharsets.UTF_8));
                }));
    server.createContext(
        "/",
        ex ->
            answer(
                ex,
                () -> {
                  String path = ex.getRequestURI().getPath();
                  if (!path.equals("/") && !path.equals("/index.html")) {
                    return Reply.text(404, "not found; try / /metrics /healthz /readyz\n");
                  }
                  return new Reply(
                      200,
                      "text/html; charset=utf-8",
                      StatusPage.render(telemetry).getBytes(StandardCharsets.UTF_8));
                }));
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "ops-listener");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    return new OpsServer(server, executor);
  }

  /** The port listened on (the chosen one when the configuration said 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @SuppressWarnings("ArrayRecordComponent") // built once, sent once
  private record Reply(int status, String contentType, byte[] body) {
    static Reply text(int status, String text) {
      return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private interface ReplyMaker {
    Reply make() throws IOException;
  }

  private static void answer(HttpExchange ex, ReplyMaker maker) throws IOException {
    try (ex) {
      Reply r;
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        r = Reply.text(405, "only GET\n");
      } else {
        try {
          r = maker.make();
        } catch (IOException | RuntimeException e) {
          r = Reply.text(500, Secrets.redact("could not build the answer: " + e) + "\n");
        }
      }
      ex.getResponseHeaders().set("Content-Type", r.contentType());
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(r.status(), -1);
        return;
      }
      ex.sendResponseHeaders(r.status(), r.body().length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(r.body());
      }
    }
  }
}
