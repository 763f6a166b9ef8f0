package io.github.docusigncollector.cli.ops;

import io.github.docusigncollector.auth.ConsentUrl;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;

/**
 * A stream's last error told as a problem an operator can fix: what is wrong in a few words, the
 * fix, and a link where there is one (the consent URL when consent is missing).
 */
public record Diagnosis(String problem, String fix, String link) {

  /** The diagnosis of {@code error} (the message of the stream's last failure). */
  public static Diagnosis of(String error, int exitCode, CollectorConfig config) {
    String e = error == null ? "" : error;
    if (e.contains("consent_required")) {
      String link = null;
      String fix;
      try {
        link = ConsentUrl.of(config, false);
        fix =
            "Open the consent link below in a browser signed in as the impersonated user (user_id "
                + config.userId()
                + ") and accept; or run `docusign-collector consent-url --wait`. The collector"
                + " resumes by itself at its next cycle.";
      } catch (CollectorException noRedirect) {
        fix =
            "Set redirect_url to a redirect URI registered on the app, then run `docusign-collector"
                + " consent-url` and open the URL as the impersonated user (user_id "
                + config.userId()
                + ").";
      }
      return new Diagnosis("Consent is missing", fix, link);
    }
    if (e.contains("no_valid_keys_or_signatures")) {
      return new Diagnosis(
          "DocuSign rejected the private key",
          "The key configured in private_key_file / private_key does not belong to integration key "
              + config.integrationKey()
              + " at "
              + config.serverUrl()
              + ": point private_key_file at the private key of that app's RSA key pair (Apps and"
              + " Keys), or add a new key pair there; also check this machine's clock.",
          null);
    }
    if (e.contains("issuer_not_found")) {
      return new Diagnosis(
          "The integration key is unknown here",
          "Integration key "
              + config.integrationKey()
              + " is not known at "
              + config.serverUrl()
              + ": developer keys work only with account-d.docusign.com, production keys only"
              + " after Go-Live with account.docusign.com.",
          null);
    }
    if (e.contains("the Monitor API refused access")) {
      return new Diagnosis(
          "Monitor answered 403 (forbidden)",
          "The impersonated user (user_id "
              + config.userId()
              + ") needs the organization administrator or security reports administrator role"
              + " in exactly one organization, and the organization needs DocuSign Monitor.",
          null);
    }
    if (e.contains("the Admin API refused access")) {
      return new Diagnosis(
          "The Admin API answered 403 (forbidden)",
          "The impersonated user (user_id "
              + config.userId()
              + ") must be an organization administrator of organization_id "
              + config.organizationId()
              + ", with consent to the user_read and organization_read scopes.",
          null);
    }
    if (e.contains("the eSignature API refused access")) {
      return new Diagnosis(
          "eSignature answered 403 (forbidden)",
          "The impersonated user (user_id "
              + config.userId()
              + ") needs account administrator rights in account_id "
              + config.accountId()
              + ".",
          null);
    }
    String problem =
        switch (exitCode) {
          case CollectorException.AUTH -> "DocuSign refused the authorization";
          case CollectorException.CONFIG -> "The configuration is wrong";
          default -> "The last cycle failed";
        };
    return new Diagnosis(
        problem,
        Secrets.redact(e) + " The collector tries again after a pause; see its log for details.",
        null);
  }
}
