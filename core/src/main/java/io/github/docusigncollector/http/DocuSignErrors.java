package io.github.docusigncollector.http;

import static io.github.docusigncollector.http.Wording.firstLine;
import static io.github.docusigncollector.http.Wording.human;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.error.ThrottledException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;

/**
 * DocuSign's refusals and the network's failures told as the collector's errors, for one account:
 * each message names the cause, the keys to check and the fix, in the words of that account's
 * configuration (its user, integration key, organization and server), and passes the secrets
 * registry. Holds no state besides the configuration it words with.
 */
final class DocuSignErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CollectorConfig config;
  private final Set<String> scopes;

  DocuSignErrors(CollectorConfig config, Set<String> scopes) {
    this.config = config;
    this.scopes = scopes;
  }

  /** A refused JWT Grant (any 4xx of {@code /oauth/token}): exit 3 with the grant error's fix. */
  CollectorException tokenError(int status, byte[] body) {
    String error = "";
    String description = "";
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null) {
        error = root.path("error").asText("");
        description = root.path("error_description").asText("");
      }
    } catch (IOException e) {
      // not DocuSign's JSON error shape; the status alone must do
    }
    String both = (error + " " + description).toLowerCase(Locale.ROOT);
    String server = config.serverUrl().toString();
    String message;
    if (both.contains("consent_required")) {
      message =
          "DocuSign answered consent_required: the impersonated user (user_id "
              + config.userId()
              + ") has not granted this integration key the scopes "
              + String.join(" ", scopes)
              + ". Run `docusign-collector consent-url` and open the URL in a browser signed in as"
              + " that user (or run `docusign-collector consent-url --admin` and open it as an"
              + " organization administrator), accept, then try again.";
    } else if (both.contains("issuer_not_found")) {
      message =
          "DocuSign answered issuer_not_found: the integration key "
              + config.integrationKey()
              + " is unknown in the environment of "
              + server
              + " (developer vs production): developer keys work only with"
              + " https://account-d.docusign.com, production keys (after Go-Live) only with"
              + " https://account.docusign.com. Check integration_key and"
              + " server_url.";
    } else if (both.contains("user_not_found") || both.contains("invalid_subject")) {
      String code = both.contains("user_not_found") ? "user_not_found" : "invalid_subject";
      message =
          "DocuSign answered "
              + code
              + ": user_id ("
              + config.userId()
              + ") must be the GUID of the impersonated user (not an email address) of an"
              + " active user in the environment of "
              + server
              + " (developer and production users differ).";
    } else if (both.contains("no_valid_keys_or_signatures")) {
      message =
          "DocuSign answered no_valid_keys_or_signatures: the private key does not belong to"
              + " integration key "
              + config.integrationKey()
              + " in the environment of "
              + server
              + " (a developer key used in production, or a key pair that was deleted), or this"
              + " machine's clock is off. Check private_key_file/private_key, integration_key,"
              + " server_url and the system clock.";
    } else if (both.contains("expired_grant")) {
      message =
          "DocuSign answered expired_grant: the JWT assertion's exp lies in the past for"
              + " DocuSign. Check this machine's system clock (it must be set correctly, e.g. by"
              + " NTP).";
    } else {
      String code = !error.isEmpty() ? error : "HTTP " + status;
      message =
          "DocuSign refused the JWT grant at "
              + server
              + "/oauth/token with "
              + code
              + (description.isEmpty() || description.equals(error) ? "" : " (" + description + ")")
              + ". Check integration_key, user_id, the private key, server_url and consent"
              + " (`docusign-collector consent-url`).";
    }
    return CollectorException.auth(Secrets.redact(message));
  }

  /** A 403: which role or scope the impersonated user lacks for that API (exit 3). */
  CollectorException forbidden(Api api, String where, byte[] body) {
    String detail = errorSummary(body);
    String message =
        switch (api) {
          case MONITOR ->
              "the Monitor API refused access to "
                  + where
                  + " (HTTP 403"
                  + detail
                  + "): the organization lacks Monitor (in production it is a paid add-on), or"
                  + " the impersonated user (user_id "
                  + config.userId()
                  + ") is not an organization administrator or security reports administrator"
                  + " of exactly one organization (an administrator of two organizations is"
                  + " refused).";
          case ADMIN ->
              "the Admin API refused access to "
                  + where
                  + " (HTTP 403"
                  + detail
                  + "): the impersonated user (user_id "
                  + config.userId()
                  + ") must be an organization administrator of organization_id "
                  + config.organizationId()
                  + ", and the token needs the user_read and organization_read scopes (grant"
                  + " them through `docusign-collector consent-url`).";
          case ESIGN ->
              "the eSignature API refused access to "
                  + where
                  + " (HTTP 403"
                  + detail
                  + "): the impersonated user (user_id "
                  + config.userId()
                  + ") needs account administrator rights in account "
                  + config.accountId()
                  + " to read users.";
          default ->
              "DocuSign refused access to "
                  + where
                  + " (HTTP 403"
                  + detail
                  + "): check the impersonated user's rights and consent.";
        };
    return CollectorException.auth(Secrets.redact(message));
  }

  /** A 401 that a newly issued token did not cure (exit 3). */
  CollectorException tokenRefused(String where, byte[] body) {
    return CollectorException.auth(
        "DocuSign refused the access token for "
            + where
            + " (HTTP 401) even with a newly issued token"
            + errorSummary(body)
            + ". Check that the impersonated user (user_id "
            + config.userId()
            + ") is active and still consents to the scopes (`docusign-collector"
            + " consent-url`).");
  }

  /** A 407 from the proxy (exit 1). */
  static CollectorException proxyRefused(String where) {
    return CollectorException.operational(
        "the proxy refused "
            + where
            + " (HTTP 407 Proxy Authentication Required): put the proxy's user and password in"
            + " HTTPS_PROXY / HTTP_PROXY as http://user:password@host:port (percent-encode"
            + " special characters), or check them.");
  }

  /** Any other status the collector does not expect (exit 1). */
  static CollectorException unexpected(int status, String where, byte[] body) {
    return CollectorException.operational(
        Secrets.redact("DocuSign answered HTTP " + status + " to " + where + errorSummary(body)));
  }

  /** A transient failure that persisted through every attempt (exit 1). */
  static CollectorException gaveUp(String where, int attempts, String cause, Throwable e) {
    return new CollectorException(
        CollectorException.OPERATIONAL,
        Secrets.redact(
            where
                + " failed "
                + attempts
                + " times; giving up. Last cause: "
                + cause
                + ". Check the network path to DocuSign (or the proxy settings) and DocuSign's"
                + " status."),
        e);
  }

  /** A wait longer than {@code max_wait}: the cycle stops at a clean checkpoint. */
  ThrottledException beyondMaxWait(String why, Duration wait) {
    return new ThrottledException(
        why
            + "; the wait of "
            + human(wait)
            + " exceeds max_wait ("
            + human(config.maxWait())
            + "): stopping the cycle at a clean checkpoint",
        wait);
  }

  /** A server certificate that did not verify: names ca_file and insecure (exit 1). */
  static CollectorException tlsFailure(URI uri, IOException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new CollectorException(
        CollectorException.OPERATIONAL,
        "the TLS certificate of "
            + uri.getHost()
            + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
            + " could not be verified ("
            + firstLine(root.getMessage())
            + "). If a TLS-inspecting proxy or a private CA signs it, put that CA certificate"
            + " (PEM) into the file named by ca_file; insecure: true turns verification off"
            + " (unsafe).",
        null);
  }

  static boolean isCertificateFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLHandshakeException || t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  /** An I/O failure in a few words: DNS, a time-out (naming its key), a refused connection. */
  String describeIo(IOException e, URI uri) {
    if (unresolved(e)) {
      return "the host name "
          + uri.getHost()
          + " does not resolve (DNS lookup failed): check the URL's host name, and the DNS or"
          + " proxy settings";
    }
    if (e instanceof HttpTimeoutException) {
      return e instanceof java.net.http.HttpConnectTimeoutException
          ? "connect timed out after " + human(config.connectTimeout()) + " (connect_timeout)"
          : "no answer within " + human(config.requestTimeout()) + " (request_timeout)";
    }
    String top = e.getClass().getSimpleName();
    if (e instanceof java.net.ConnectException) {
      top += " (connection refused or host unreachable)";
    } else if (e.getMessage() != null) {
      top += ": " + firstLine(e.getMessage());
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e) {
      top +=
          ", caused by "
              + root.getClass().getSimpleName()
              + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()));
    }
    return top;
  }

  /** Whether {@code e} (or a cause) says the host name did not resolve. */
  static boolean unresolved(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.nio.channels.UnresolvedAddressException
          || t instanceof java.net.UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /** DocuSign's {@code errorCode} (or OAuth {@code error}) of an error body; null when none. */
  static String errorCode(byte[] body) {
    if (body.length == 0 || body.length > 64 * 1024) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || !root.isObject()) {
        return null;
      }
      JsonNode c = root.get("errorCode");
      if (c == null || !c.isTextual()) {
        c = root.get("error");
      }
      return c != null && c.isTextual() ? c.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** ": CODE: message" from DocuSign's error shapes, short and redacted; "" when there is none. */
  static String errorSummary(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String out;
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null && root.isObject()) {
        String code = root.path("errorCode").asText(root.path("error").asText(""));
        String msg = root.path("message").asText(root.path("error_description").asText(""));
        out = (code + (code.isEmpty() || msg.isEmpty() ? "" : ": ") + msg).trim();
      } else {
        out = "";
      }
    } catch (IOException e) {
      out = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
      if (!out.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\t' || c == '\r')) {
        out = "";
      }
    }
    out = firstLine(out);
    if (out.length() > 200) {
      out = out.substring(0, 200) + "...";
    }
    return out.isEmpty() ? "" : ": " + Secrets.redact(out);
  }
}
