package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.error.CollectorException;
import java.net.URI;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The token goes to a host only by the rule of SPEC §6, whatever host a response names. */
class AllowedHostsPropertiesTest {
  private static final AllowedHosts PROD =
      new AllowedHosts(
          TestConfigs.builder()
              .serverUrl("https://account.docusign.com")
              .monitorUrl("https://lens.docusign.net")
              .adminUrl("https://corp-gateway.example")
              .build());

  @Provide
  Arbitrary<String> hosts() {
    Arbitrary<String> label =
        Arbitraries.strings().withChars("abcdz-").ofMinLength(1).ofMaxLength(6);
    Arbitrary<String> suffix =
        Arbitraries.of(
            "docusign.net",
            "docusign.com",
            "docusign.net.evil",
            "evildocusign.com",
            "corp-gateway.example",
            "example",
            "127.0.0.1",
            "localhost");
    return Combinators.combine(label, suffix, Arbitraries.integers().between(0, 2))
        .as((l, s, form) -> form == 0 ? s : form == 1 ? l + "." + s : l + s);
  }

  private static boolean allowed(URI u) {
    try {
      PROD.check(u);
      return true;
    } catch (CollectorException e) {
      assertThat(e.exitCode()).isEqualTo(1);
      return false;
    }
  }

  @Property(tries = 500)
  void tokenGoesOnlyToConfiguredOrDocuSignHostsOverHttps(
      @ForAll("hosts") String host, @ForAll boolean https) {
    URI u = URI.create((https ? "https" : "http") + "://" + host + "/restapi/x");
    boolean docusign =
        host.equals("docusign.net")
            || host.equals("docusign.com")
            || host.endsWith(".docusign.net")
            || host.endsWith(".docusign.com");
    // A name that is not a valid host name (URI finds no host in it) is refused as well.
    boolean expected =
        https && u.getHost() != null && (docusign || host.equals("corp-gateway.example"));
    assertThat(allowed(u)).as(u.toString()).isEqualTo(expected);
  }
}
