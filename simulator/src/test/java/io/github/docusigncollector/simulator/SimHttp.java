package io.github.docusigncollector.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** Test helper: JWTs signed with the JDK and HTTP calls to a simulator over loopback. */
final class SimHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  final DocuSignSimulator sim;
  final HttpClient client;

  SimHttp(DocuSignSimulator sim) {
    this(sim, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  SimHttp(DocuSignSimulator sim, HttpClient client) {
    this.sim = sim;
    this.client = client;
  }

  /** A JWT body with the usual claims; override pieces by passing a custom claims JSON. */
  String claims(String scope) {
    long now = sim.clock().instant().getEpochSecond();
    return "{\"iss\":\""
        + sim.integrationKey()
        + "\",\"sub\":\""
        + sim.userId()
        + "\",\"aud\":\"127.0.0.1:"
        + sim.port()
        + "\",\"iat\":"
        + now
        + ",\"exp\":"
        + (now + 3600)
        + ",\"scope\":\""
        + scope
        + "\"}";
  }

  static String sign(String claimsJson, PrivateKey key) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String head =
        b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String body = b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update((head + "." + body).getBytes(StandardCharsets.US_ASCII));
      return head + "." + body + "." + b64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> tokenRequest(String assertion) {
    String form =
        "grant_type="
            + URLEncoder.encode(
                "urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
            + "&assertion="
            + assertion;
    return send(
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/oauth/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  String token(String scope) {
    HttpResponse<String> r = tokenRequest(sign(claims(scope), sim.keyPair().getPrivate()));
    if (r.statusCode() != 200) {
      throw new AssertionError("token request failed: " + r.statusCode() + " " + r.body());
    }
    return json(r).path("access_token").asText();
  }

  String allScopesToken() {
    return token("signature impersonation user_read organization_read");
  }

  HttpResponse<String> get(String pathAndQuery, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    pathAndQuery.startsWith("http") ? pathAndQuery : sim.baseUrl() + pathAndQuery))
            .timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.GET().build());
  }

  HttpResponse<String> send(HttpRequest req) {
    try {
      return client.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
    }
  }

  static List<String> ids(JsonNode events) {
    List<String> out = new java.util.ArrayList<>();
    events.forEach(e -> out.add(e.path("eventId").asText()));
    return out;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
