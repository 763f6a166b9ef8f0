package io.github.docusigncollector.http;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDK HTTP client with TLS and proxy settings of its own (never the JVM's), for a component other
 * than the DocuSign client: a sink. Same meanings of {@code insecure}, {@code ca_file} and {@code
 * proxy} as for DocuSign.
 */
public final class HttpClients {
  private static final Logger LOG = LoggerFactory.getLogger(HttpClients.class);

  private HttpClients() {}

  /**
   * @param who the component, for the warnings (e.g. {@code output (splunk_hec)})
   */
  public static HttpClient build(
      String who,
      boolean insecure,
      Path caFile,
      boolean proxy,
      Map<String, String> env,
      Duration connectTimeout) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout);
    TlsContexts.configure(b, insecure, caFile);
    if (insecure) {
      LOG.warn(
          "{}: insecure: true - TLS certificates and host names are NOT verified; anyone on the"
              + " network path can read the credential. Prefer ca_file.",
          who);
    }
    if (proxy) {
      EnvProxySelector sel = EnvProxySelector.fromEnv(env);
      if (sel.isEmpty()) {
        LOG.warn("{}: proxy: true, but neither HTTPS_PROXY nor HTTP_PROXY is set", who);
      } else {
        LOG.debug("{}: proxy {}", who, sel.describe());
      }
      b.proxy(sel);
    } else {
      b.proxy(HttpClient.Builder.NO_PROXY);
    }
    return b.build();
  }
}
