package io.github.docusigncollector.http;

import io.github.docusigncollector.config.CollectorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way to DocuSign's hosts that accounts may share: one JDK HTTP client (HTTP/1.1, no redirects)
 * with the TLS settings ({@code insecure}, {@code ca_file}), the proxy ({@code proxy} and the proxy
 * variables of the environment, with the {@code Proxy-Authorization} a proxy login needs) and the
 * {@code connect_timeout} of its {@link Settings}, never the JVM's. Holds nothing of an account:
 * tokens and budgets live in each account's {@link DocuSignClient}. Thread-safe.
 */
public final class Transport {
  private static final Logger LOG = LoggerFactory.getLogger(DocuSignClient.class);

  /** The environment variables a proxy selector reads (either case). */
  private static final String[] PROXY_VARIABLES = {"HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"};

  private final Settings settings;
  private final HttpClient http;
  private final EnvProxySelector proxyLogin;

  /**
   * What makes two clients interchangeable: equal settings share one {@link Transport}.
   *
   * @param proxyEnv the proxy variables of the environment when {@code proxy} is on, else empty
   */
  public record Settings(
      boolean insecure,
      Path caFile,
      boolean proxy,
      Map<String, String> proxyEnv,
      Duration connectTimeout) {
    public Settings {
      proxyEnv = Map.copyOf(proxyEnv);
    }

    /** The settings of {@code config}, reading the proxy variables from {@code env}. */
    public static Settings of(CollectorConfig config, Map<String, String> env) {
      Map<String, String> vars = new TreeMap<>();
      if (config.proxy()) {
        for (String name : PROXY_VARIABLES) {
          for (String n : new String[] {name, name.toLowerCase(Locale.ROOT)}) {
            String v = env.get(n);
            if (v != null) {
              vars.put(n, v);
            }
          }
        }
      }
      return new Settings(
          config.insecure(), config.caFile(), config.proxy(), vars, config.connectTimeout());
    }

    /** Without the proxy variables' values, which may carry a proxy password. */
    @Override
    public String toString() {
      return "Settings[insecure="
          + insecure
          + ", caFile="
          + caFile
          + ", proxy="
          + proxy
          + ", proxyVariables="
          + proxyEnv.keySet()
          + ", connectTimeout="
          + connectTimeout
          + "]";
    }
  }

  private Transport(Settings settings, HttpClient http, EnvProxySelector proxyLogin) {
    this.settings = settings;
    this.http = http;
    this.proxyLogin = proxyLogin;
  }

  /** A new client with {@code s}; warns of {@code insecure} and of a proxy without a variable. */
  public static Transport open(Settings s) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(s.connectTimeout());
    TlsContexts.configure(b, s.insecure(), s.caFile());
    if (s.insecure()) {
      LOG.warn(
          "insecure: true - TLS certificates and host names are NOT verified; anyone on the"
              + " network path can read the access token. Prefer ca_file.");
    }
    EnvProxySelector sel = s.proxy() ? EnvProxySelector.fromEnv(s.proxyEnv()) : null;
    EnvProxySelector login = sel != null && sel.hasCredentials() ? sel : null;
    if (login != null) {
      allowBasicForProxyTunnels();
    }
    if (sel != null) {
      if (sel.isEmpty()) {
        LOG.warn("proxy: true, but neither HTTPS_PROXY nor HTTP_PROXY is set: connecting directly");
      } else {
        LOG.debug("proxy: {}", sel.describe());
      }
      b.proxy(sel);
    } else {
      b.proxy(HttpClient.Builder.NO_PROXY);
    }
    return new Transport(s, b.build(), login);
  }

  /**
   * The JDK's HTTP client leaves out a Basic {@code Proxy-Authorization} from the CONNECT of an
   * https tunnel unless {@code jdk.http.auth.tunneling.disabledSchemes} allows it. That property
   * applies to the whole JVM, which the collector never changes (SPEC §6): the launcher sets it
   * empty among its JVM defaults, and a JVM started otherwise is told at start what to add.
   */
  private static void allowBasicForProxyTunnels() {
    String value = System.getProperty("jdk.http.auth.tunneling.disabledSchemes");
    if (value == null || value.toLowerCase(Locale.ROOT).contains("basic")) {
      LOG.warn(
          "the proxy URL carries a user name and password, but this JVM sends no Basic proxy"
              + " authentication through https tunnels: start it with"
              + " -Djdk.http.auth.tunneling.disabledSchemes= (bin/docusign-collector does)");
    }
  }

  public Settings settings() {
    return settings;
  }

  /** The {@code Proxy-Authorization} value for the proxy {@code uri} goes through, or null. */
  String proxyAuthorization(URI uri) {
    return proxyLogin == null ? null : proxyLogin.proxyAuthorization(uri);
  }

  <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return http.send(request, handler);
  }
}
