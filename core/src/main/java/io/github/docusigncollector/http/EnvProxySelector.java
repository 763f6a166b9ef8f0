package io.github.docusigncollector.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code proxy: true}: the proxy of {@code HTTPS_PROXY} (https URLs) or {@code HTTP_PROXY} (http
 * URLs), each falling back to the other, either case; hosts that {@code NO_PROXY} names go direct
 * (a suffix match per entry, {@code *} for all). Loopback is not exempt unless named.
 */
public final class EnvProxySelector extends ProxySelector {
  private static final java.util.regex.Pattern SEPARATORS =
      java.util.regex.Pattern.compile("[,\\s]+");

  private final Proxy httpsProxy;
  private final Proxy httpProxy;
  private final List<String> noProxy;
  private final boolean noProxyAll;

  private EnvProxySelector(Proxy httpsProxy, Proxy httpProxy, List<String> noProxy, boolean all) {
    this.httpsProxy = httpsProxy;
    this.httpProxy = httpProxy;
    this.noProxy = noProxy;
    this.noProxyAll = all;
  }

  /** From an environment map (tests pass their own; production passes {@code System.getenv()}). */
  public static EnvProxySelector fromEnv(Map<String, String> env) {
    Proxy https = parseProxy(var(env, "HTTPS_PROXY"));
    Proxy http = parseProxy(var(env, "HTTP_PROXY"));
    List<String> entries = new ArrayList<>();
    boolean all = false;
    String np = var(env, "NO_PROXY");
    if (np != null) {
      for (String raw : SEPARATORS.splitAsStream(np).toList()) {
        String e = raw.trim().toLowerCase(Locale.ROOT);
        if (e.isEmpty()) {
          continue;
        }
        if (e.equals("*")) {
          all = true;
          continue;
        }
        e = stripPort(e);
        while (e.startsWith("*") || e.startsWith(".")) {
          e = e.substring(1);
        }
        if (!e.isEmpty()) {
          entries.add(e);
        }
      }
    }
    return new EnvProxySelector(https, http, List.copyOf(entries), all);
  }

  /** True when neither HTTPS_PROXY nor HTTP_PROXY names a proxy. */
  public boolean isEmpty() {
    return httpsProxy == null && httpProxy == null;
  }

  /** The proxy's host:port for https URLs, for logs (never its credentials). */
  public String describe() {
    return "https via "
        + addr(httpsProxy != null ? httpsProxy : httpProxy)
        + ", http via "
        + addr(httpProxy != null ? httpProxy : httpsProxy)
        + (noProxyAll ? ", NO_PROXY=*" : noProxy.isEmpty() ? "" : ", except " + noProxy);
  }

  private static String addr(Proxy p) {
    if (p == null) {
      return "direct";
    }
    InetSocketAddress a = (InetSocketAddress) p.address();
    return a.getHostString() + ":" + a.getPort();
  }

  @Override
  public List<Proxy> select(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (bypass(host)) {
      return List.of(Proxy.NO_PROXY);
    }
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    Proxy p =
        https
            ? (httpsProxy != null ? httpsProxy : httpProxy)
            : (httpProxy != null ? httpProxy : httpsProxy);
    return List.of(p == null ? Proxy.NO_PROXY : p);
  }

  boolean bypass(String host) {
    if (noProxyAll) {
      return true;
    }
    for (String e : noProxy) {
      if (host.equals(e) || host.endsWith("." + e)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // The client reports the failure itself; there is no other proxy to fall back to.
  }

  private static String var(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      v = env.get(name.toLowerCase(Locale.ROOT));
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static String stripPort(String e) {
    if (e.startsWith("[")) {
      int end = e.indexOf(']');
      return end > 0 ? e.substring(1, end) : e;
    }
    int colon = e.indexOf(':');
    if (colon > 0 && e.indexOf(':', colon + 1) < 0) {
      return e.substring(0, colon);
    }
    return e;
  }

  /** {@code http://user:pw@host:port}, {@code host:port} or {@code host} (port 80). */
  static Proxy parseProxy(String value) {
    if (value == null) {
      return null;
    }
    String v = value.contains("://") ? value : "http://" + value;
    URI u;
    try {
      u = URI.create(v);
    } catch (IllegalArgumentException e) {
      throw io.github.docusigncollector.error.CollectorException.config(
          "the proxy variable (HTTPS_PROXY/HTTP_PROXY) is not a URL: set it to http://host:port");
    }
    if (u.getHost() == null) {
      throw io.github.docusigncollector.error.CollectorException.config(
          "the proxy variable (HTTPS_PROXY/HTTP_PROXY) names no host: set it to http://host:port");
    }
    int port = u.getPort() > 0 ? u.getPort() : ("https".equalsIgnoreCase(u.getScheme()) ? 443 : 80);
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(u.getHost(), port));
  }
}
