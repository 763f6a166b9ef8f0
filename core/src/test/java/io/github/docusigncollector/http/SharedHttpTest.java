package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.SimClock;
import io.github.docusigncollector.state.InMemorySharedState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients of several accounts share one JDK HTTP client when their TLS and proxy settings are equal
 * (and only then), while each keeps its own token, userinfo and call count.
 */
class SharedHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BodyParser<JsonNode> TREE = (status, body) -> JSON.readTree(body);

  @TempDir Path tmp;
  SimClock clock;
  DocuSignSimulator alpha;
  DocuSignSimulator beta;

  @BeforeEach
  void start() {
    clock = SimClock.fixed(SimSupport.START);
    alpha = SimSupport.sim(clock).start();
    beta = SimSupport.sim(clock).start();
  }

  @AfterEach
  void stop() {
    alpha.close();
    beta.close();
  }

  private DocuSignClient client(
      CollectorConfig config, InMemorySharedState state, SharedHttp shared) {
    return new DocuSignClient(
        config,
        state,
        clock,
        new SimSupport.ClockSleeper(clock),
        ClientOptions.defaults().withEnv(Map.of()),
        shared);
  }

  @Test
  void accountsWithEqualSettingsShareOneHttpClientAndKeepTheirOwnTokenAndCount() {
    SharedHttp shared = new SharedHttp(new Random(1));
    InMemorySharedState stateA = new InMemorySharedState();
    InMemorySharedState stateB = new InMemorySharedState();
    DocuSignClient a = client(SimSupport.config(alpha, tmp.resolve("a")).build(), stateA, shared);
    DocuSignClient b = client(SimSupport.config(beta, tmp.resolve("b")).build(), stateB, shared);
    assertThat(a.transport()).isSameAs(b.transport());
    assertThat(shared.transports()).isEqualTo(1);

    for (int i = 0; i < 3; i++) {
      a.get(SimSupport.monitor(alpha), TREE);
    }
    b.get(SimSupport.monitor(beta), TREE);
    assertThat(a.esignBaseUri().toString()).startsWith(alpha.baseUrl());
    assertThat(b.esignBaseUri().toString()).startsWith(beta.baseUrl());

    // each account's own token, from its own DocuSign, kept in its own state
    assertThat(stateA.readShared().token().accessToken())
        .isNotEqualTo(stateB.readShared().token().accessToken());
    assertThat(SimSupport.count(alpha, Endpoint.TOKEN)).isEqualTo(1);
    assertThat(SimSupport.count(beta, Endpoint.TOKEN)).isEqualTo(1);
    // each account's calls counted against its own budget only
    a.close();
    b.close();
    assertThat(stateA.readShared().callsInHour(clock.instant())).isEqualTo(alpha.requests().size());
    assertThat(stateB.readShared().callsInHour(clock.instant())).isEqualTo(beta.requests().size());
    assertThat(alpha.requests().size()).isGreaterThan(beta.requests().size());
  }

  @Test
  void differentTlsOrProxySettingsGetTheirOwnHttpClient() throws Exception {
    SharedHttp shared = new SharedHttp(new Random(1));
    Path caFile = tmp.resolve("ca.pem");
    try (DocuSignSimulator tls = SimSupport.sim(clock).https(true).start()) {
      Files.writeString(
          caFile,
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(tls.certificate().getEncoded())
              + "\n-----END CERTIFICATE-----\n");
    }
    CollectorConfig plain = SimSupport.config(alpha, tmp).build();
    Map<String, String> env = Map.of("HTTPS_PROXY", "http://user:hunter2@proxy.example:3128");
    Transport first = shared.transport(plain, env);
    // proxy: false ignores the proxy variables
    assertThat(shared.transport(SimSupport.config(beta, tmp).build(), Map.of())).isSameAs(first);
    Transport insecure =
        shared.transport(SimSupport.config(alpha, tmp).insecure(true).build(), env);
    Transport ca = shared.transport(SimSupport.config(alpha, tmp).caFile(caFile).build(), env);
    CollectorConfig proxied = SimSupport.config(alpha, tmp).proxy(true).build();
    Transport viaProxy = shared.transport(proxied, env);
    Transport otherProxy =
        shared.transport(proxied, Map.of("HTTPS_PROXY", "http://other.example:3128"));
    assertThat(shared.transport(proxied, env)).isSameAs(viaProxy);
    assertThat(java.util.List.of(first, insecure, ca, viaProxy, otherProxy))
        .doesNotHaveDuplicates();
    assertThat(shared.transports()).isEqualTo(5);
    // the settings never show the proxy's password
    assertThat(viaProxy.settings().toString()).contains("HTTPS_PROXY").doesNotContain("hunter2");
  }

  @Test
  void theRetryPolicyIsSharedAndOffWhenAClientAsksForNoRetries() {
    SharedHttp shared = new SharedHttp(new Random(1));
    assertThat(shared.retryPolicy(true)).isSameAs(shared.retryPolicy(true));
    assertThat(shared.retryPolicy(true).maxAttempts()).isEqualTo(5);
    assertThat(shared.retryPolicy(false).maxAttempts()).isEqualTo(1);
  }
}
