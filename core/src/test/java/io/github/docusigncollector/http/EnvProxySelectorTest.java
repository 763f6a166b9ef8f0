package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvProxySelectorTest {
  private static String target(EnvProxySelector s, String url) {
    Proxy p = s.select(URI.create(url)).get(0);
    if (p.type() == Proxy.Type.DIRECT) {
      return "direct";
    }
    InetSocketAddress a = (InetSocketAddress) p.address();
    return a.getHostString() + ":" + a.getPort();
  }

  @Test
  void httpsAndHttpUseTheirOwnVariable() {
    EnvProxySelector s =
        EnvProxySelector.fromEnv(
            Map.of("HTTPS_PROXY", "http://secure.proxy:3128", "HTTP_PROXY", "plain.proxy:8080"));
    assertThat(target(s, "https://lens-d.docusign.net/api")).isEqualTo("secure.proxy:3128");
    assertThat(target(s, "http://127.0.0.1:9/x")).isEqualTo("plain.proxy:8080");
  }

  @Test
  void lowerCaseVariablesAndFallbackToTheOther() {
    EnvProxySelector s = EnvProxySelector.fromEnv(Map.of("http_proxy", "http://p:1"));
    assertThat(target(s, "https://account-d.docusign.com/oauth/token")).isEqualTo("p:1");
    assertThat(s.isEmpty()).isFalse();
    assertThat(EnvProxySelector.fromEnv(Map.of()).isEmpty()).isTrue();
    assertThat(target(EnvProxySelector.fromEnv(Map.of()), "https://x.docusign.net/"))
        .isEqualTo("direct");
  }

  @Test
  void noProxyMatchesSuffixesAndStarButLoopbackIsNotExemptByItself() {
    EnvProxySelector s =
        EnvProxySelector.fromEnv(
            Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", " .corp.example, docusign.net:443 "));
    assertThat(target(s, "https://lens-d.docusign.net/")).isEqualTo("direct");
    assertThat(target(s, "https://docusign.net/")).isEqualTo("direct");
    assertThat(target(s, "https://a.corp.example/")).isEqualTo("direct");
    assertThat(target(s, "https://notdocusign.net/")).isEqualTo("p:1");
    assertThat(target(s, "https://account-d.docusign.com/")).isEqualTo("p:1");
    assertThat(target(s, "https://127.0.0.1:8443/")).isEqualTo("p:1");
    assertThat(target(s, "https://localhost/")).isEqualTo("p:1");

    EnvProxySelector star = EnvProxySelector.fromEnv(Map.of("HTTPS_PROXY", "p:1", "no_proxy", "*"));
    assertThat(target(star, "https://account.docusign.com/")).isEqualTo("direct");

    EnvProxySelector lo =
        EnvProxySelector.fromEnv(Map.of("HTTPS_PROXY", "p:1", "NO_PROXY", "127.0.0.1,localhost"));
    assertThat(target(lo, "https://127.0.0.1:8443/")).isEqualTo("direct");
    assertThat(target(lo, "https://localhost:8443/")).isEqualTo("direct");
  }

  @Test
  void noProxyTakesCidrRangesOfIpLiteralsAndDomainSuffixesAsCurlDoes() {
    EnvProxySelector s =
        EnvProxySelector.fromEnv(
            Map.of(
                "HTTPS_PROXY",
                "http://p:1",
                "NO_PROXY",
                "10.0.0.0/8, 192.168.4.0/22,fd00::/8, .internal.example, *.lab.example"));
    assertThat(target(s, "https://10.200.3.4/")).isEqualTo("direct");
    assertThat(target(s, "https://11.0.0.1/")).isEqualTo("p:1");
    assertThat(target(s, "https://192.168.7.255/")).isEqualTo("direct");
    assertThat(target(s, "https://192.168.8.1/")).isEqualTo("p:1");
    assertThat(target(s, "https://192.168.3.1/")).isEqualTo("p:1");
    assertThat(target(s, "https://[fd12:3456::1]:8443/")).isEqualTo("direct");
    assertThat(target(s, "https://[fe80::1]/")).isEqualTo("p:1");
    // a name is never looked up to match a range
    assertThat(target(s, "https://lens-d.docusign.net/")).isEqualTo("p:1");
    assertThat(target(s, "https://api.internal.example/")).isEqualTo("direct");
    assertThat(target(s, "https://internal.example/")).isEqualTo("direct");
    assertThat(target(s, "https://x.lab.example/")).isEqualTo("direct");
    assertThat(target(s, "https://notinternal.example/")).isEqualTo("p:1");
    assertThat(s.describe()).contains("10.0.0.0/8").contains("internal.example");

    EnvProxySelector bad =
        EnvProxySelector.fromEnv(Map.of("HTTPS_PROXY", "p:1", "NO_PROXY", "10.0.0.0/33,1.2.3.4/x"));
    assertThat(target(bad, "https://10.1.1.1/")).isEqualTo("p:1");
  }

  @Test
  void describeNamesNoCredentials() {
    EnvProxySelector s =
        EnvProxySelector.fromEnv(Map.of("HTTPS_PROXY", "http://user:hunter2secret@p:3128"));
    assertThat(s.describe()).contains("p:3128").doesNotContain("hunter2secret");
  }
}
