package io.github.docusigncollector.http;

import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where the bearer token may go (SPEC §6): the configured hosts, and hosts from responses ({@code
 * base_uri}, {@code paging.next}) that are a configured host or under {@code docusign.net} / {@code
 * docusign.com}; loopback only when a configured host is loopback. Plain {@code http://} only to
 * loopback.
 */
final class AllowedHosts {
  private final Set<String> configured = new LinkedHashSet<>();
  private final boolean loopbackConfigured;

  AllowedHosts(CollectorConfig config) {
    for (URI u : new URI[] {config.serverUrl(), config.monitorUrl(), config.adminUrl()}) {
      if (u != null && u.getHost() != null) {
        configured.add(normal(u.getHost()));
      }
    }
    loopbackConfigured = configured.stream().anyMatch(AllowedHosts::isLoopback);
  }

  /** Throws exit 1 when {@code uri} may not receive the token. */
  void check(URI uri) {
    String host = uri.getHost() == null ? null : normal(uri.getHost());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw refused(uri, "it is not an http(s) URL with a host");
    }
    boolean loopback = isLoopback(host);
    if (scheme.equals("http") && !loopback) {
      throw refused(uri, "plain http:// is accepted only for loopback hosts");
    }
    if (configured.contains(host)) {
      return;
    }
    if (loopback) {
      if (loopbackConfigured) {
        return;
      }
      throw refused(uri, "loopback is allowed only when a configured host is loopback");
    }
    if (under(host, "docusign.net") || under(host, "docusign.com")) {
      return;
    }
    throw refused(
        uri,
        "its host is neither a configured host (server_url, monitor_url, admin_url: "
            + String.join(", ", configured)
            + ") nor under docusign.net or docusign.com");
  }

  private static boolean under(String host, String domain) {
    return host.equals(domain) || host.endsWith("." + domain);
  }

  private static CollectorException refused(URI uri, String why) {
    return CollectorException.operational(
        "refused to send the access token to "
            + Wording.describe(uri)
            + ": the URL came from a DocuSign response (base_uri or paging.next) and "
            + why
            + ". It was not followed.");
  }

  static String normal(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  static boolean isLoopback(String host) {
    String h = normal(host);
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.startsWith("127.")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }
}
