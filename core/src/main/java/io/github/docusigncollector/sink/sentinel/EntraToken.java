package io.github.docusigncollector.sink.sentinel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.sink.remote.Answer;
import io.github.docusigncollector.sink.remote.AnswerException;
import io.github.docusigncollector.sink.remote.Answers;
import io.github.docusigncollector.sink.remote.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A Microsoft Entra ID access token for the Logs Ingestion API, by the OAuth 2.0 client-credentials
 * grant ({@code {authority}/{tenant}/oauth2/v2.0/token}, scope {@code
 * https://monitor.azure.com//.default}), kept until shortly before it expires: 5 minutes before, or
 * at half its lifetime when that is shorter. The client secret and every token are registered as
 * secrets, so no message can show them.
 */
final class EntraToken {
  static final String SCOPE = "https://monitor.azure.com//.default";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EARLY = Duration.ofMinutes(5);

  private final HttpClient client;
  private final URI tokenUri;
  private final String form;
  private final Clock clock;
  private final Duration timeout;
  private String token;
  private Instant renewAt = Instant.MIN;
  private long fetched;

  EntraToken(
      HttpClient client,
      URI authority,
      String tenantId,
      String clientId,
      String clientSecret,
      Clock clock,
      Duration timeout) {
    this.client = client;
    this.tokenUri = tokenUri(authority, tenantId);
    Secrets.register(clientSecret);
    this.form =
        "grant_type=client_credentials&client_id="
            + enc(clientId)
            + "&client_secret="
            + enc(clientSecret)
            + "&scope="
            + enc(SCOPE);
    Secrets.register(enc(clientSecret));
    this.clock = clock;
    this.timeout = timeout;
  }

  static URI tokenUri(URI authority, String tenantId) {
    String a = authority.toString();
    while (a.endsWith("/")) {
      a = a.substring(0, a.length() - 1);
    }
    return URI.create(a + "/" + enc(tenantId) + "/oauth2/v2.0/token");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Tokens obtained so far (tests). */
  long fetched() {
    return fetched;
  }

  /** Forgets the token (the API refused it): the next {@link #get} asks for a new one. */
  void invalidate() {
    token = null;
    renewAt = Instant.MIN;
  }

  /**
   * The current token, asked for when there is none or it is about to expire.
   *
   * @throws AnswerException when no token could be had: transient (retried like a failed delivery)
   *     or refused (the cycle fails naming the key to fix)
   */
  String get() {
    Instant now = clock.instant();
    if (token != null && now.isBefore(renewAt)) {
      return token;
    }
    HttpRequest request =
        HttpRequest.newBuilder(tokenUri)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
            .build();
    Response r;
    try {
      HttpResponse<byte[]> resp = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      r = new Response(resp.statusCode(), resp.headers(), resp.body());
    } catch (IOException e) {
      throw new AnswerException(
          Answer.retry(
              -1,
              "the token endpoint "
                  + tokenUri.getHost()
                  + " cannot be reached ("
                  + e.getClass().getSimpleName()
                  + "); check output.authority_url",
              null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AnswerException(Answer.fatal(-1, "interrupted while asking for a token"));
    }
    if (r.status() == 200) {
      return accept(r, now);
    }
    throw new AnswerException(refusal(r));
  }

  private String accept(Response r, Instant now) {
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AnswerException(Answer.retry(200, "the token endpoint's answer is not JSON", null));
    }
    String t = body.path("access_token").asText("");
    if (t.isEmpty()) {
      throw new AnswerException(
          Answer.retry(200, "the token endpoint's answer has no access_token", null));
    }
    Secrets.register(t);
    long life = body.path("expires_in").asLong(3600); // a number, or a number in a string
    if (life <= 0) {
      life = 3600;
    }
    Duration lifetime = Duration.ofSeconds(life);
    Duration early = EARLY.compareTo(lifetime.dividedBy(2)) < 0 ? EARLY : lifetime.dividedBy(2);
    token = t;
    renewAt = now.plus(lifetime).minus(early);
    fetched++;
    return t;
  }

  /** What a refusal of the token endpoint means, naming the key to fix. */
  static Answer refusal(Response r) {
    int s = r.status();
    if (s == 408 || s == 429 || s >= 500) {
      return Answer.retry(s, "the token endpoint answered HTTP " + s, Answers.retryAfter(r));
    }
    String error = "";
    String description = "";
    try {
      JsonNode b = JSON.readTree(r.body());
      error = b.path("error").asText("");
      description = b.path("error_description").asText("");
    } catch (IOException | RuntimeException e) {
      // not the OAuth error shape: the status alone
    }
    String key;
    if (description.contains("AADSTS90002") || description.contains("AADSTS900023")) {
      key = "output.tenant_id";
    } else if (description.contains("AADSTS700016")) {
      key = "output.client_id";
    } else if (error.equals("invalid_client") || description.contains("AADSTS7000215")) {
      key = "output.client_secret";
    } else if (s == 404) {
      key = "output.authority_url and output.tenant_id";
    } else {
      key = "output.tenant_id, output.client_id and output.client_secret";
    }
    String detail = description.isEmpty() ? error : description;
    int cut = detail.indexOf('\n');
    if (cut > 0) {
      detail = detail.substring(0, cut);
    }
    if (detail.length() > 200) {
      detail = detail.substring(0, 200) + "…";
    }
    return Answer.fatal(
        s,
        "Microsoft Entra ID refused the client credentials (HTTP "
            + s
            + (detail.isEmpty() ? "" : ": " + Secrets.redact(detail))
            + "); check "
            + key);
  }
}
