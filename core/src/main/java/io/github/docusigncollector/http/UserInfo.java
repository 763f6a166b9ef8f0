package io.github.docusigncollector.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The answer of {@code /oauth/userinfo}: who the token impersonates and their accounts. */
public record UserInfo(String sub, String name, String email, List<Account> accounts) {
  public UserInfo {
    accounts = List.copyOf(accounts);
  }

  /** One eSignature account of the user, with the base URI its API lives at. */
  public record Account(
      String accountId,
      String accountName,
      boolean isDefault,
      String baseUri,
      String organizationId) {}

  /** Reads DocuSign's JSON; {@code is_default} may be a boolean or the string "true". */
  public static UserInfo fromJson(JsonNode root) throws IOException {
    if (root == null || !root.isObject()) {
      throw new IOException("the userinfo answer is not a JSON object");
    }
    JsonNode accounts = root.get("accounts");
    if (accounts == null || !accounts.isArray()) {
      throw new IOException("the userinfo answer has no accounts list");
    }
    List<Account> list = new ArrayList<>();
    for (JsonNode a : accounts) {
      JsonNode def = a.path("is_default");
      boolean isDefault =
          def.isBoolean() ? def.booleanValue() : "true".equalsIgnoreCase(def.asText(""));
      String org = a.path("organization").path("organization_id").asText(null);
      list.add(
          new Account(
              a.path("account_id").asText(null),
              a.path("account_name").asText(null),
              isDefault,
              a.path("base_uri").asText(null),
              org));
    }
    return new UserInfo(
        root.path("sub").asText(null),
        root.path("name").asText(null),
        root.path("email").asText(null),
        list);
  }
}
