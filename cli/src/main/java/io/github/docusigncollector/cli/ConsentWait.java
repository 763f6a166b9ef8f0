package io.github.docusigncollector.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.error.CollectorException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The listening half of {@code consent-url --wait}: serves the loopback {@code redirect_url} until
 * the browser comes back from DocuSign's consent page with a {@code code} or an {@code error}, and
 * shows the browser a short page saying what happened.
 */
final class ConsentWait implements AutoCloseable {
  private final HttpServer server;
  private final CompletableFuture<Map<String, String>> answer = new CompletableFuture<>();

  private ConsentWait(HttpServer server) {
    this.server = server;
  }

  /**
   * Listens where {@code redirectUrl} points; exit 2 unless it is a loopback {@code http://} URL,
   * or when its port cannot be bound.
   */
  static ConsentWait listen(String redirectUrl) {
    URI uri = URI.create(redirectUrl);
    if (!"http".equalsIgnoreCase(uri.getScheme()) || !ConfigLoader.isLoopback(uri.getHost())) {
      throw CollectorException.config(
          "redirect_url: --wait needs a loopback http:// redirect URI (e.g."
              + " http://127.0.0.1:8765/callback, registered on the app), but it is "
              + redirectUrl
              + "; run consent-url without --wait and open the URL by hand instead.");
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    String host = uri.getHost().replace("[", "").replace("]", "");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 4);
    } catch (IOException e) {
      throw CollectorException.config(
          "redirect_url: cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); stop what uses that port or register another loopback redirect URI.");
    }
    ConsentWait w = new ConsentWait(server);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    server.createContext("/", w::handle);
    w.path = path;
    server.start();
    return w;
  }

  private String path;

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestURI().getRawPath().equals(path)) {
        reply(ex, 404, "Not found", "This address only takes DocuSign's consent answer.");
        return;
      }
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      if (q.containsKey("code")) {
        reply(
            ex,
            200,
            "Consent received",
            "DocuSign sent the browser back with a grant. docusign-collector is checking it with"
                + " a token request now: return to the terminal to see the result. You can close"
                + " this tab.");
        answer.complete(q);
      } else if (q.containsKey("error")) {
        reply(
            ex,
            200,
            "Consent not given",
            "DocuSign answered "
                + esc(q.get("error"))
                + ". Nothing was granted; return to the terminal.");
        answer.complete(q);
      } else {
        reply(ex, 400, "No answer", "This address expects DocuSign's code or error.");
      }
    }
  }

  /** The callback's parameters; exit 1 when none came within {@code timeout}. */
  Map<String, String> await(Duration timeout) {
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw CollectorException.operational(
          "no answer from the browser within "
              + timeout.toSeconds()
              + " s: open the printed URL, accept, and keep this command running until the browser"
              + " shows the page of docusign-collector (or pass a longer --timeout).");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CollectorException.operational("interrupted while waiting for the browser", e);
    } catch (ExecutionException e) {
      throw CollectorException.unwrap(e, "waiting for the browser");
    }
  }

  /** The port listened on. */
  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Parses a duration option such as {@code 10m} or {@code 90s}; exit 2 naming the option. */
  static Duration timeout(String text) {
    Duration d = text == null ? null : ConfigLoader.parseDuration(text);
    if (d == null || d.isZero()) {
      throw CollectorException.config(
          "--timeout: \"" + text + "\" is not a duration; write e.g. 90s, 10m or 1h");
    }
    return d;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }

  private static void reply(HttpExchange ex, int status, String title, String text)
      throws IOException {
    byte[] body =
        ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + title
                + "</title></head><body style=\"font-family:system-ui,sans-serif;margin:40px\">"
                + "<h1>"
                + title
                + "</h1><p>"
                + text
                + "</p></body></html>\n")
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
