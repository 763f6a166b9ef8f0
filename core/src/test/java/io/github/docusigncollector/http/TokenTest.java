package io.github.docusigncollector.http;

import static io.github.docusigncollector.http.SimSupport.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.auth.SigningKey;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.SimClock;
import io.github.docusigncollector.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWT Grant, the shared token cache and the token errors, against the simulator. */
class TokenTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  SimClock clock;
  DocuSignSimulator sim;
  SimSupport.ClockSleeper sleeper;

  @BeforeEach
  void start() {
    clock = SimClock.fixed(SimSupport.START);
    sim = SimSupport.sim(clock).start();
    sleeper = new SimSupport.ClockSleeper(clock);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private CollectorConfig config() {
    return SimSupport.config(sim, tmp.resolve("state")).build();
  }

  private DocuSignClient client(CollectorConfig c) {
    return SimSupport.client(c, clock, sleeper);
  }

  private static final BodyParser<JsonNode> TREE = (status, body) -> JSON.readTree(body);

  @Test
  void tokenIsReusedAcrossTwoClientsOnOneStateDir() throws Exception {
    String a;
    String b;
    try (DocuSignClient first = client(config());
        DocuSignClient second = client(config())) {
      a = first.accessToken();
      b = second.accessToken();
    }
    assertThat(b).isEqualTo(a);
    assertThat(count(sim, Endpoint.TOKEN)).isEqualTo(1);
    // The file holds it (mode 0600, checked by the state tests) and the request counted (closed
    // clients have given back the unused rest of their call lease).
    assertThat(Files.readString(tmp.resolve("state/shared.json"))).contains(a);
    assertThat(client(config()).apiCallsThisHour()).isEqualTo(1);
  }

  @Test
  void resetTokenForcesANewGrantAndIsIdempotent() {
    DocuSignClient c = client(config());
    String a = c.accessToken();
    c.resetToken();
    c.resetToken();
    assertThat(new StateStore(tmp.resolve("state")).readShared().token()).isNull();
    String b = client(config()).accessToken();
    assertThat(b).isNotEqualTo(a);
    assertThat(count(sim, Endpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void tokenIsRenewedFifteenMinutesBeforeExpiry() {
    DocuSignClient c = client(config());
    String a = c.accessToken();
    clock.advance(Duration.ofMinutes(44));
    assertThat(c.accessToken()).isEqualTo(a);
    assertThat(client(config()).accessToken()).isEqualTo(a);
    clock.advance(Duration.ofMinutes(2));
    String b = c.accessToken();
    assertThat(b).isNotEqualTo(a);
    assertThat(client(config()).accessToken()).isEqualTo(b);
    assertThat(count(sim, Endpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void aShortLivedTokenIsReusedForHalfItsLifetime() {
    sim.close();
    sim = SimSupport.sim(clock).tokenLifetime(Duration.ofMinutes(10)).start();
    DocuSignClient c = client(config());
    String a = c.accessToken();
    clock.advance(Duration.ofMinutes(4));
    assertThat(client(config()).accessToken()).isEqualTo(a);
    clock.advance(Duration.ofMinutes(2));
    assertThat(c.accessToken()).isNotEqualTo(a);
    assertThat(count(sim, Endpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void aNeededScopeTheTokenLacksGetsANewToken() {
    String narrow = client(config()).accessToken();
    CollectorConfig both =
        SimSupport.config(sim, tmp.resolve("state"))
            .eventTypes(EventType.CUSTOMER_EVENTS, EventType.AUDIT_USERS)
            .build();
    String wide = client(both).accessToken();
    assertThat(wide).isNotEqualTo(narrow);
    // A token with more scopes than needed serves the narrower configuration.
    assertThat(client(config()).accessToken()).isEqualTo(wide);
    assertThat(count(sim, Endpoint.TOKEN)).isEqualTo(2);
    assertThat(new StateStore(tmp.resolve("state")).readShared().token().scopes())
        .contains("user_read", "organization_read", "signature", "impersonation");
  }

  @Test
  void extraScopesAreAskedFor() {
    DocuSignClient c =
        new DocuSignClient(
            config(),
            new StateStore(tmp.resolve("state")),
            clock,
            sleeper,
            ClientOptions.defaults()
                .withEnv(java.util.Map.of())
                .withExtraScopes(java.util.Set.copyOf(EventType.AUDIT_USERS.scopes())));
    c.accessToken();
    assertThat(c.scopes()).contains("user_read");
    assertThat(new StateStore(tmp.resolve("state")).readShared().token().scopes())
        .contains("user_read");
  }

  @Test
  void anExpiredTokenIsRenewedOnceOn401() throws Exception {
    DocuSignClient c = client(config());
    c.get(SimSupport.monitor(sim), TREE);
    sim.faults().expireTokens();
    JsonNode page = c.get(SimSupport.monitor(sim), TREE);
    assertThat(page.has("endCursor")).isTrue();
    assertThat(count(sim, Endpoint.TOKEN)).isEqualTo(2);
    assertThat(SimSupport.of(sim, Endpoint.MONITOR))
        .extracting(r -> r.status())
        .containsExactly(200, 401, 200);
  }

  @Test
  void a401ThatPersistsAfterANewTokenIsExitThree() {
    // Monitor on a second simulator that never issued our tokens: every token is refused there.
    try (DocuSignSimulator other = SimSupport.sim(clock).start()) {
      CollectorConfig c =
          SimSupport.config(sim, tmp.resolve("state")).monitorUrl(other.baseUrl()).build();
      DocuSignClient client = client(c);
      assertThatThrownBy(() -> client.get(SimSupport.monitor(other), TREE))
          .isInstanceOf(CollectorException.class)
          .hasMessageContaining("HTTP 401")
          .hasMessageContaining("newly issued token")
          .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(3));
      assertThat(count(sim, Endpoint.TOKEN)).isEqualTo(2);
      assertThat(count(other, Endpoint.MONITOR)).isEqualTo(2);
    }
  }

  private void assertTokenError(CollectorConfig c, SimClock clientClock, String... fragments) {
    DocuSignClient client = SimSupport.client(c, clientClock, sleeper);
    assertThatThrownBy(client::accessToken)
        .isInstanceOf(CollectorException.class)
        .satisfies(
            e -> {
              assertThat(((CollectorException) e).exitCode()).isEqualTo(3);
              assertThat(e.getMessage()).contains(fragments);
              assertNoSecret(e.getMessage());
            });
    assertThat(new StateStore(c.stateDir()).readShared().token()).isNull();
  }

  static void assertNoSecret(String message) {
    // No JWT (header or assertion) and no key material.
    assertThat(message).doesNotContain("eyJ").doesNotContain("PRIVATE KEY");
    String keyB64 = Base64.getEncoder().encodeToString(SimSupport.KEYS.getPrivate().getEncoded());
    assertThat(message).doesNotContain(keyB64.substring(100, 140));
  }

  @Test
  void consentRequiredTellsWhatToRun() {
    sim.revokeConsent();
    assertTokenError(
        config(),
        clock,
        "consent_required",
        "docusign-collector consent-url",
        "--admin",
        "organization administrator",
        sim.userId());
  }

  @Test
  void unknownIntegrationKeyIsIssuerNotFound() {
    CollectorConfig c =
        SimSupport.config(sim, tmp.resolve("state"))
            .integrationKey("11111111-2222-3333-4444-555555555555")
            .build();
    assertTokenError(c, clock, "issuer_not_found", "integration key", "developer", "production");
  }

  @Test
  void unknownUserIsUserNotFound() {
    CollectorConfig c =
        SimSupport.config(sim, tmp.resolve("state")).userId("someone@example.com").build();
    assertTokenError(c, clock, "user_not_found", "GUID", "not an email");
  }

  @Test
  void foreignKeyIsNoValidKeysOrSignatures() {
    CollectorConfig c =
        SimSupport.config(sim, tmp.resolve("state"))
            .privateKey(new SigningKey((RSAPrivateKey) SimSupport.newKeyPair().getPrivate()))
            .build();
    assertTokenError(
        c, clock, "no_valid_keys_or_signatures", "private key does not belong", "clock");
  }

  @Test
  void assertionFromThePastIsExpiredGrant() {
    SimClock behind = SimClock.fixed(SimSupport.START.minus(Duration.ofHours(2)));
    assertTokenError(config(), behind, "expired_grant", "system clock");
  }

  @Test
  void tokenEndpointErrorsOtherThanGrantErrorsAreRetried() {
    sim.faults().failNext(Endpoint.TOKEN, 2, 503);
    assertThat(client(config()).accessToken()).isNotBlank();
    assertThat(SimSupport.of(sim, Endpoint.TOKEN))
        .extracting(r -> r.status())
        .containsExactly(503, 503, 200);
  }

  @Test
  void userInfoIsCachedInTheSharedState() {
    CollectorConfig c = config();
    UserInfo ui = client(c).userInfo();
    assertThat(ui.sub()).isEqualTo(sim.userId());
    assertThat(ui.accounts()).extracting(UserInfo.Account::accountId).contains(sim.accountId());
    DocuSignClient second = client(c);
    assertThat(second.userInfo()).isEqualTo(ui);
    assertThat(second.esignBaseUri().toString()).isEqualTo(sim.baseUrl());
    assertThat(count(sim, Endpoint.USERINFO)).isEqualTo(1);
    second.fetchUserInfo();
    assertThat(count(sim, Endpoint.USERINFO)).isEqualTo(2);
  }

  @Test
  void unknownAccountIdIsExitThreeListingTheUsersAccounts() {
    CollectorConfig c =
        SimSupport.config(sim, tmp.resolve("state"))
            .accountId("99999999-9999-9999-9999-999999999999")
            .build();
    assertThatThrownBy(() -> client(c).esignBaseUri())
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("account_id 99999999-9999-9999-9999-999999999999")
        .hasMessageContaining(sim.accountId())
        .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(3));
  }

  @Test
  void defaultAccountWhenNoAccountIdIsSet() {
    CollectorConfig c = SimSupport.config(sim, tmp.resolve("state")).accountId(null).build();
    assertThat(client(c).esignBaseUri().toString()).isEqualTo(sim.baseUrl());
  }
}
