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
 * URLs), each falling back to the other, either case; hosts that {@code NO_PROXY} names go direct,
 * as curl reads it: a domain matches itself and its subdomains (a leading {@code .} or {@code *.}
 * changes nothing), an IP address itself, a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}) the
 * IP-literal hosts within it (no DNS lookup), {@code *} everything. Loopback is not exempt unless
 * named.
 */
public final class EnvProxySelector extends ProxySelector {
  private static final java.util.regex.Pattern SEPARATORS =
      java.util.regex.Pattern.compile("[,\\s]+");

  private final Proxy httpsProxy;
  private final Proxy httpProxy;
  private final Map<Proxy, String> credentials = new java.util.HashMap<>();
  private final List<String> noProxy;
  private final List<Cidr> noProxyRanges;
  private final boolean noProxyAll;

  private EnvProxySelector(
      Proxy httpsProxy, Proxy httpProxy, List<String> noProxy, List<Cidr> ranges, boolean all) {
    this.httpsProxy = httpsProxy;
    this.httpProxy = httpProxy;
    this.noProxy = noProxy;
    this.noProxyRanges = ranges;
    this.noProxyAll = all;
  }

  /** An address range of NO_PROXY: the first {@code bits} bits of {@code network}. */
  record Cidr(byte[] network, int bits, String text) {
    /** Parses {@code ADDRESS/BITS} of IPv4 or IPv6 literals; null when it is not one. */
    static Cidr parse(String entry) {
      int slash = entry.indexOf('/');
      if (slash <= 0) {
        return null;
      }
      byte[] addr = literal(entry.substring(0, slash));
      int bits;
      try {
        bits = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        return null;
      }
      if (addr == null || bits < 0 || bits > addr.length * 8) {
        return null;
      }
      return new Cidr(addr, bits, entry);
    }

    boolean contains(byte[] a) {
      if (a.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private static final java.util.regex.Pattern IPV4 =
      java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** The bytes of an IPv4 or IPv6 literal, or null for a name (never a DNS lookup). */
  static byte[] literal(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!IPV4.matcher(h).matches() && !(h.contains(":") && h.matches("[0-9a-fA-F:.%]+"))) {
      return null;
    }
    try {
      // A literal of these shapes is parsed, not looked up.
      return java.net.InetAddress.getByName(h).getAddress();
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  /** From an environment map (tests pass their own; production passes {@code System.getenv()}). */
  public static EnvProxySelector fromEnv(Map<String, String> env) {
    Proxy https = parseProxy(var(env, "HTTPS_PROXY"));
    Proxy http = parseProxy(var(env, "HTTP_PROXY"));
    String httpsAuth = basic(var(env, "HTTPS_PROXY"));
    String httpAuth = basic(var(env, "HTTP_PROXY"));
    List<String> entries = new ArrayList<>();
    List<Cidr> ranges = new ArrayList<>();
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
        Cidr range = Cidr.parse(e);
        if (range != null) {
          ranges.add(range);
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
    EnvProxySelector sel =
        new EnvProxySelector(https, http, List.copyOf(entries), List.copyOf(ranges), all);
    if (https != null && httpsAuth != null) {
      sel.credentials.put(https, httpsAuth);
    }
    if (http != null && httpAuth != null) {
      sel.credentials.put(http, httpAuth);
    }
    return sel;
  }

  /** Whether a proxy variable carries {@code user:password}. */
  public boolean hasCredentials() {
    return !credentials.isEmpty();
  }

  /**
   * The {@code Proxy-Authorization} value (Basic) for the proxy that {@code uri} goes through, or
   * null (direct, or a proxy without credentials). The JDK client sends it to the proxy only: in
   * the CONNECT of an https tunnel or with a proxied http request, never to the destination.
   */
  public String proxyAuthorization(URI uri) {
    Proxy p = select(uri).get(0);
    return p.type() == Proxy.Type.DIRECT ? null : credentials.get(p);
  }

  /** {@code Basic base64(user:password)} from a proxy URL's user part (registered as secrets). */
  private static String basic(String value) {
    if (value == null) {
      return null;
    }
    URI u;
    try {
      u = URI.create(value.contains("://") ? value : "http://" + value);
    } catch (IllegalArgumentException e) {
      return null; // parseProxy has reported it
    }
    String info = u.getUserInfo();
    if (info == null || info.isEmpty()) {
      return null;
    }
    int colon = info.indexOf(':');
    if (colon >= 0) {
      io.github.docusigncollector.auth.Secrets.register(info.substring(colon + 1));
    }
    String raw = u.getRawUserInfo();
    io.github.docusigncollector.auth.Secrets.register(raw);
    String header =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(info.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    io.github.docusigncollector.auth.Secrets.register(header.substring(6));
    return header;
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
        + (noProxyAll
            ? ", NO_PROXY=*"
            : noProxy.isEmpty() && noProxyRanges.isEmpty()
                ? ""
                : ", except " + noProxy + (noProxyRanges.isEmpty() ? "" : " " + noProxyRanges));
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
    if (!noProxyRanges.isEmpty()) {
      byte[] a = literal(host);
      if (a != null) {
        for (Cidr r : noProxyRanges) {
          if (r.contains(a)) {
            return true;
          }
        }
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
