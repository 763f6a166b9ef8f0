package io.github.docusigncollector.auth;

import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The consent URLs of SPEC §4.1: individual consent for the impersonated user, or an organization
 * administrator's consent on behalf of the users ({@code scope=openid&admin_consent_scope=...}).
 */
public final class ConsentUrl {
  private ConsentUrl() {}

  /** The URL for the configured event types' scopes; exit 2 when {@code redirect_url} is unset. */
  public static String of(CollectorConfig config, boolean admin) {
    if (config.redirectUrl() == null) {
      throw CollectorException.config(
          "redirect_url: required by consent-url but not set; set it (or DOCUSIGN_REDIRECT_URL) to"
              + " a redirect URI registered on the app in DocuSign's Apps and Keys page.");
    }
    return build(
        config.serverUrl().toString(),
        config.integrationKey(),
        config.redirectUrl(),
        config.scopes(),
        admin);
  }

  /** The URL from its parts; {@code serverUrl} has no trailing slash. */
  public static String build(
      String serverUrl,
      String integrationKey,
      String redirectUrl,
      Collection<String> scopes,
      boolean admin) {
    String joined = String.join("%20", scopes.stream().map(ConsentUrl::encode).toList());
    StringBuilder url = new StringBuilder(serverUrl).append("/oauth/auth?response_type=code");
    if (admin) {
      url.append("&scope=openid&admin_consent_scope=").append(joined);
    } else {
      url.append("&scope=").append(joined);
    }
    url.append("&client_id=").append(encode(integrationKey));
    url.append("&redirect_uri=").append(encode(redirectUrl));
    return url.toString();
  }

  private static String encode(String s) {
    // URLEncoder writes form encoding: a space would become '+', which is not %20.
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
