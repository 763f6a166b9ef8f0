package io.github.docusigncollector.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OAuthTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:15:00Z");
  static DocuSignSimulator sim;
  static SimHttp http;

  @BeforeAll
  static void start() {
    sim = DocuSignSimulator.builder().clock(SimClock.fixed(T0)).users(5).start();
    http = new SimHttp(sim);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void reset() {
    sim.clock().set(T0);
    sim.revokeConsent();
    sim.faults().clear();
    sim.grantConsent(List.of("signature", "impersonation", "user_read"));
  }

  private void assertGrantError(HttpResponse<String> r, String error, String description) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode j = SimHttp.json(r);
    assertThat(j.path("error").asText()).isEqualTo(error);
    if (description != null) {
      assertThat(j.path("error_description").asText()).isEqualTo(description);
    }
  }

  private String signed(String claims) {
    return SimHttp.sign(claims, sim.keyPair().getPrivate());
  }

  @Test
  void tokenSuccess() {
    HttpResponse<String> r = http.tokenRequest(signed(http.claims("signature impersonation")));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode j = SimHttp.json(r);
    assertThat(j.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(j.path("expires_in").asLong()).isEqualTo(3600);
    assertThat(j.path("access_token").asText()).hasSizeGreaterThan(20);
  }

  @Test
  void localhostAudienceAccepted() {
    String c = http.claims("signature").replace("127.0.0.1:", "localhost:");
    assertThat(http.tokenRequest(signed(c)).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownIssuer() {
    String c =
        http.claims("signature")
            .replace(sim.integrationKey(), "00000000-0000-4000-8000-000000000000");
    assertGrantError(http.tokenRequest(signed(c)), "invalid_grant", "issuer_not_found");
  }

  @Test
  void badSignature() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair other = g.generateKeyPair();
    String a = SimHttp.sign(http.claims("signature"), other.getPrivate());
    assertGrantError(http.tokenRequest(a), "invalid_grant", "no_valid_keys_or_signatures");
    sim.registerPublicKey(other.getPublic());
    assertThat(http.tokenRequest(a).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongSubject() {
    String c =
        http.claims("signature").replace(sim.userId(), "11111111-1111-4111-8111-111111111111");
    assertGrantError(http.tokenRequest(signed(c)), "invalid_grant", "user_not_found");
  }

  @Test
  void wrongAudience() {
    String c =
        http.claims("signature").replace("127.0.0.1:" + sim.port(), "account-d.docusign.com");
    assertGrantError(http.tokenRequest(signed(c)), "invalid_grant", "no_valid_keys_or_signatures");
  }

  @Test
  void expiredAssertion() {
    String c = http.claims("signature");
    sim.clock().advance(Duration.ofHours(2));
    assertGrantError(http.tokenRequest(signed(c)), "invalid_grant", "expired_grant");
  }

  @Test
  void assertionLongerThanAnHour() {
    long now = T0.getEpochSecond();
    String c =
        http.claims("signature").replace("\"exp\":" + (now + 3600), "\"exp\":" + (now + 3601));
    assertGrantError(http.tokenRequest(signed(c)), "invalid_grant", "no_valid_keys_or_signatures");
  }

  @Test
  void scopeNotConsented() {
    HttpResponse<String> r = http.tokenRequest(signed(http.claims("signature organization_read")));
    assertGrantError(r, "consent_required", null);
  }

  @Test
  void otherGrantType() {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=x"))
                .build());
    assertGrantError(r, "unsupported_grant_type", null);
  }

  @Test
  void consentThroughAuthUrl() {
    sim.revokeConsent();
    String url =
        "/oauth/auth?response_type=code&scope=signature%20impersonation&client_id="
            + sim.integrationKey()
            + "&redirect_uri="
            + SimHttp.enc(sim.redirectUrl())
            + "&state=xyz";
    HttpResponse<String> r = http.get(url, null);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location").orElseThrow())
        .startsWith(sim.redirectUrl() + "?code=")
        .endsWith("&state=xyz");
    assertThat(sim.consentedScopes()).containsExactlyInAnyOrder("signature", "impersonation");
    assertThat(http.tokenRequest(signed(http.claims("signature impersonation"))).statusCode())
        .isEqualTo(200);
  }

  @Test
  void adminConsentForm() {
    sim.revokeConsent();
    String url =
        "/oauth/auth?response_type=code&scope=openid&admin_consent_scope=signature+user_read&client_id="
            + sim.integrationKey()
            + "&redirect_uri="
            + SimHttp.enc(sim.redirectUrl());
    assertThat(http.get(url, null).statusCode()).isEqualTo(302);
    assertThat(sim.consentedScopes()).contains("signature", "user_read");
  }

  @Test
  void consentRejectsUnknownClientOrRedirect() {
    String base = "/oauth/auth?response_type=code&scope=signature&client_id=";
    assertThat(
            http.get(base + "nope&redirect_uri=" + SimHttp.enc(sim.redirectUrl()), null)
                .statusCode())
        .isEqualTo(400);
    assertThat(
            http.get(
                    base
                        + sim.integrationKey()
                        + "&redirect_uri="
                        + SimHttp.enc("https://evil.example/cb"),
                    null)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void userInfo() {
    String token = http.token("signature");
    HttpResponse<String> r = http.get("/oauth/userinfo", token);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode j = SimHttp.json(r);
    assertThat(j.path("sub").asText()).isEqualTo(sim.userId());
    JsonNode acct = j.path("accounts").get(0);
    assertThat(acct.path("account_id").asText()).isEqualTo(sim.accountId());
    assertThat(acct.path("is_default").asBoolean()).isTrue();
    assertThat(acct.path("base_uri").asText()).isEqualTo(sim.baseUrl());
    assertThat(acct.path("organization").path("organization_id").asText())
        .isEqualTo(sim.organizationId());
    assertThat(http.get("/oauth/userinfo", null).statusCode()).isEqualTo(401);
  }

  @Test
  void tokensExpireAndRevokedConsentKeepsExistingTokens() {
    String token = http.token("signature");
    String me = "/restapi/v2.1/accounts/" + sim.accountId() + "/users/" + sim.userId();
    sim.revokeConsent();
    assertThat(http.get(me, token).statusCode()).isEqualTo(200);
    assertGrantError(http.tokenRequest(signed(http.claims("signature"))), "consent_required", null);
    sim.clock().advance(Duration.ofMinutes(59));
    assertThat(http.get(me, token).statusCode()).isEqualTo(200);
    sim.clock().advance(Duration.ofMinutes(1));
    assertThat(http.get(me, token).statusCode()).isEqualTo(401);
  }

  @Test
  void unknownAndMissingBearerAre401() {
    String me = "/restapi/v2.1/accounts/" + sim.accountId() + "/users/" + sim.userId();
    assertThat(http.get(me, null).statusCode()).isEqualTo(401);
    assertThat(http.get(me, "not-a-token").statusCode()).isEqualTo(401);
    assertThat(http.get("/api/v2.0/datasets/monitor/stream", "nope").statusCode()).isEqualTo(401);
  }

  @Test
  void pemsHoldTheKey() {
    assertThat(sim.privateKeyPkcs1Pem()).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
    assertThat(sim.privateKeyPkcs8Pem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
    String yaml = sim.collectorConfigYaml(java.nio.file.Path.of("/tmp/k.pem"));
    assertThat(yaml)
        .contains("server_url: " + sim.baseUrl())
        .contains("integration_key: " + sim.integrationKey())
        .contains("organization_id: " + sim.organizationId())
        .contains("private_key_file: \"/tmp/k.pem\"");
  }
}
