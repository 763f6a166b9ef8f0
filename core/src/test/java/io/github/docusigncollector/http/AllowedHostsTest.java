package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.docusigncollector.error.CollectorException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
  private static final AllowedHosts PROD =
      new AllowedHosts(
          TestConfigs.builder()
              .serverUrl("https://account.docusign.com")
              .monitorUrl("https://lens.docusign.net")
              .adminUrl("https://api.docusign.net")
              .build());

  private static void ok(AllowedHosts a, String url) {
    assertThatCode(() -> a.check(URI.create(url))).doesNotThrowAnyException();
  }

  private static void refused(AllowedHosts a, String url, String why) {
    assertThatThrownBy(() -> a.check(URI.create(url)))
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("came from a DocuSign response")
        .hasMessageContaining(why)
        .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(1));
  }

  @Test
  void configuredAndDocuSignHostsAreAllowed() {
    ok(PROD, "https://account.docusign.com/oauth/userinfo");
    ok(PROD, "https://na3.docusign.net/restapi/v2.1/accounts/a/users/u");
    ok(PROD, "https://eu.docusign.com/x");
    ok(PROD, "https://API.DOCUSIGN.NET/Management/v2/organizations/o/users?start=250");
  }

  @Test
  void foreignHostsLookalikesPlainHttpAndLoopbackAreRefused() {
    refused(PROD, "https://evil.example/restapi", "neither a configured host");
    refused(PROD, "https://docusign.net.evil.example/x", "neither a configured host");
    refused(PROD, "https://evildocusign.net/x", "neither a configured host");
    refused(PROD, "http://na3.docusign.net/x", "plain http://");
    refused(PROD, "https://127.0.0.1:8443/x", "loopback");
    refused(PROD, "ftp://na3.docusign.net/x", "not an http(s) URL");
  }

  @Test
  void loopbackIsAllowedWhenConfiguredSo() {
    AllowedHosts sim =
        new AllowedHosts(
            TestConfigs.builder()
                .serverUrl("http://127.0.0.1:4000")
                .monitorUrl("http://127.0.0.1:4000")
                .adminUrl("http://127.0.0.1:4000")
                .build());
    ok(sim, "http://127.0.0.1:4000/x");
    ok(sim, "http://localhost:5000/restapi");
    ok(sim, "https://demo.docusign.net/restapi");
    refused(sim, "http://demo.docusign.net/restapi", "plain http://");
    refused(sim, "https://10.0.0.1/restapi", "neither a configured host");
  }
}
