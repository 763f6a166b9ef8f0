package io.github.docusigncollector.simulator.receivers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The semantics of a fake Microsoft Entra token endpoint and Azure Monitor Logs Ingestion API: the
 * client-credentials grant for one app of one tenant (401 {@code invalid_client} for a wrong
 * secret, 400 AADSTS90002 / AADSTS700016 for an unknown tenant or app), bearer tokens that expire,
 * and {@code POST /dataCollectionRules/{dcr}/streams/{stream}} taking a JSON array of rows: 204, or
 * 401 for an unknown, expired or revoked token, 403 when the app lacks the role on the rule, 404
 * for another rule or stream, 413 {@code ContentLengthLimitExceeded} above 1 MB before or after
 * compression, 400 for a body that is not a JSON array of objects. Thread-safe.
 */
public final class AzureLogsIngestion {
  /** The API's limit per call, before and after compression. */
  public static final int MAX_CALL_BYTES = 1_048_576;

  public static final String SCOPE = "https://monitor.azure.com//.default";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String tenantId;
  private final String clientId;
  private final String clientSecret;
  private final String dcrImmutableId;
  private final String stream;
  private final Clock clock;
  private final Map<String, Instant> tokens = new HashMap<>();
  private final List<String> rows = new ArrayList<>();
  private Duration tokenLifetime = Duration.ofSeconds(3599);
  private boolean roleAssigned = true;
  private boolean keepRows = true;
  private long tokensIssued;
  private long largestRaw;
  private long largestDecoded;

  public AzureLogsIngestion(
      String tenantId,
      String clientId,
      String clientSecret,
      String dcrImmutableId,
      String stream,
      Clock clock) {
    this.tenantId = tenantId;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.dcrImmutableId = dcrImmutableId;
    this.stream = stream;
    this.clock = clock;
  }

  /**
   * A reply: status, JSON body (may be empty), the {@code x-ms-error-code} if any, and on success
   * the number of rows accepted and their text (every row when rows are kept, else the first).
   */
  public record Reply(
      int status, String body, String errorCode, int rowCount, List<String> rowTexts) {
    Reply(int status, String body, String errorCode) {
      this(status, body, errorCode, 0, List.of());
    }
  }

  public synchronized void tokenLifetime(Duration d) {
    tokenLifetime = d;
  }

  /** Whether the app has the Monitoring Metrics Publisher role on the rule (else 403). */
  public synchronized void roleAssigned(boolean on) {
    roleAssigned = on;
  }

  /** Keep every row (default), or only check them (a benchmark of a million). */
  public synchronized void keepRows(boolean keep) {
    keepRows = keep;
  }

  /** Revokes every token issued so far (the next call with one is a 401). */
  public synchronized void revokeTokens() {
    tokens.clear();
  }

  public synchronized long tokensIssued() {
    return tokensIssued;
  }

  /** Every row accepted, as JSON text, in arrival order. */
  public synchronized List<String> rows() {
    return List.copyOf(rows);
  }

  public synchronized List<JsonNode> rowsAsJson() {
    List<JsonNode> out = new ArrayList<>();
    for (String r : rows) {
      try {
        out.add(JSON.readTree(r));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** The largest accepted call: its body as sent (compressed or not). */
  public synchronized long largestAcceptedRawBytes() {
    return largestRaw;
  }

  /** The largest accepted call: its body decompressed. */
  public synchronized long largestAcceptedDecodedBytes() {
    return largestDecoded;
  }

  /** {@code POST /{tenant}/oauth2/v2.0/token} with a form body. */
  public synchronized Reply token(String pathTenant, String form) {
    Map<String, String> f = new HashMap<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        f.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    if (!tenantId.equals(pathTenant)) {
      return oauthError(
          400,
          "invalid_request",
          "AADSTS90002: Tenant '"
              + pathTenant
              + "' not found. Check to make sure you have the correct tenant ID.");
    }
    if (!"client_credentials".equals(f.get("grant_type"))) {
      return oauthError(
          400,
          "unsupported_grant_type",
          "AADSTS70003: The app requested an unsupported grant type.");
    }
    if (!clientId.equals(f.get("client_id"))) {
      return oauthError(
          400,
          "unauthorized_client",
          "AADSTS700016: Application with identifier '"
              + f.get("client_id")
              + "' was not found in the directory.");
    }
    if (!clientSecret.equals(f.get("client_secret"))) {
      return oauthError(
          401,
          "invalid_client",
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
    }
    String scope = f.get("scope");
    if (!SCOPE.equals(scope) && !"https://monitor.azure.com/.default".equals(scope)) {
      return oauthError(
          400,
          "invalid_scope",
          "AADSTS70011: The provided value for the input parameter 'scope' is not valid.");
    }
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    String token =
        "eyJ0eXAiOiJKV1Qi." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    tokens.put(token, clock.instant().plus(tokenLifetime));
    tokensIssued++;
    ObjectNode o = JSON.createObjectNode();
    o.put("token_type", "Bearer");
    o.put("expires_in", tokenLifetime.toSeconds());
    o.put("ext_expires_in", tokenLifetime.toSeconds());
    o.put("access_token", token);
    return new Reply(200, o.toString(), null);
  }

  /**
   * {@code POST /dataCollectionRules/{dcr}/streams/{stream}?api-version=...}.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param rawLength the body's length as sent
   * @param body the body decompressed
   */
  public synchronized Reply ingest(
      String dcr,
      String streamName,
      String apiVersion,
      String authorization,
      long rawLength,
      byte[] body) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return apiError(401, "InvalidAuthenticationToken", "Authentication failed: no bearer token.");
    }
    Instant expires = tokens.get(authorization.substring("Bearer ".length()));
    if (expires == null || !clock.instant().isBefore(expires)) {
      return apiError(401, "InvalidToken", "The provided token is invalid or has expired.");
    }
    if (!roleAssigned) {
      return apiError(
          403,
          "OperationFailed",
          "The authentication token provided does not have access to ingest data for the data collection rule with immutable Id '"
              + dcr
              + "'.");
    }
    if (!dcrImmutableId.equals(dcr)) {
      return apiError(
          404,
          "InvalidDataCollectionRule",
          "Data collection rule with immutable Id '" + dcr + "' not found.");
    }
    if (!stream.equals(streamName)) {
      return apiError(
          404,
          "InvalidStream",
          "Stream '" + streamName + "' is not declared in the data collection rule.");
    }
    if (!"2023-01-01".equals(apiVersion) && !"2021-11-01-preview".equals(apiVersion)) {
      return apiError(
          400, "InvalidApiVersion", "The api-version '" + apiVersion + "' is not supported.");
    }
    if (rawLength > MAX_CALL_BYTES || body.length > MAX_CALL_BYTES) {
      return apiError(
          413,
          "ContentLengthLimitExceeded",
          "Maximum allowed content length: 1048576 bytes (1 MB). Provided content length: "
              + Math.max(rawLength, body.length)
              + " bytes.");
    }
    if (body.length == 0) {
      return apiError(500, "InternalServerError", "Service request failed.");
    }
    // Checked against the grammar, no tree: each row's text is cut from the body as it came.
    List<String> accepted = new ArrayList<>();
    int count = 0;
    int n = body.length;
    int p = JsonCheck.space(body, 0, n);
    if (p >= n || body[p] != '[') {
      int e = p >= n ? n : JsonCheck.value(body, p, n);
      if (e < 0 || JsonCheck.space(body, e, n) != n) {
        return apiError(400, "InvalidPayload", "The request body is not valid JSON.");
      }
      return apiError(400, "InvalidPayload", "The request body must be a JSON array.");
    }
    boolean objectsOnly = true;
    p = JsonCheck.space(body, p + 1, n);
    if (p < n && body[p] == ']') {
      p++;
    } else {
      while (true) {
        int from = p;
        p = JsonCheck.value(body, p, n);
        if (p < 0) {
          return apiError(400, "InvalidPayload", "The request body is not valid JSON.");
        }
        if (body[from] != '{') {
          objectsOnly = false;
        } else {
          if (keepRows || count == 0) {
            accepted.add(new String(body, from, p - from, StandardCharsets.UTF_8));
          }
          count++;
        }
        p = JsonCheck.space(body, p, n);
        byte c = p < n ? body[p++] : 0;
        if (c == ']') {
          break;
        }
        if (c != ',') {
          return apiError(400, "InvalidPayload", "The request body is not valid JSON.");
        }
        p = JsonCheck.space(body, p, n);
      }
    }
    if (JsonCheck.space(body, p, n) != n) {
      return apiError(400, "InvalidPayload", "The request body is not valid JSON.");
    }
    if (!objectsOnly) {
      return apiError(400, "InvalidPayload", "Every element of the array must be a JSON object.");
    }
    if (keepRows) {
      rows.addAll(accepted);
    }
    largestRaw = Math.max(largestRaw, rawLength);
    largestDecoded = Math.max(largestDecoded, body.length);
    return new Reply(204, "", null, count, accepted);
  }

  private static Reply oauthError(int status, String error, String description) {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", error);
    o.put(
        "error_description",
        description
            + "\r\nTrace ID: 0000\r\nCorrelation ID: 0000\r\nTimestamp: 2026-01-01 00:00:00Z");
    o.putArray("error_codes");
    return new Reply(status, o.toString(), null);
  }

  private static Reply apiError(int status, String code, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.putObject("error").put("code", code).put("message", message);
    return new Reply(status, o.toString(), code);
  }
}
