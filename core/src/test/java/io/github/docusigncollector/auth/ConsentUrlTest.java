package io.github.docusigncollector.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.config.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsentUrlTest {
  static final String SERVER = "https://account-d.docusign.com";
  static final String IK = "11111111-2222-3333-4444-555555555555";
  static final String REDIRECT = "https://example.com/cb?x=1 y";

  static String url(List<EventType> types, boolean admin) {
    return ConsentUrl.build(SERVER, IK, REDIRECT, EventType.scopesFor(types), admin);
  }

  @Test
  void customerEvents() {
    assertThat(url(List.of(EventType.CUSTOMER_EVENTS), false))
        .isEqualTo(
            SERVER
                + "/oauth/auth?response_type=code&scope=signature%20impersonation&client_id="
                + IK
                + "&redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1%20y");
  }

  @Test
  void auditUsersAndBoth() {
    String scopes = "scope=signature%20impersonation%20organization_read%20user_read&";
    assertThat(url(List.of(EventType.AUDIT_USERS), false)).contains("&" + scopes);
    assertThat(url(List.of(EventType.CUSTOMER_EVENTS, EventType.AUDIT_USERS), false))
        .contains("&" + scopes)
        .startsWith(SERVER + "/oauth/auth?response_type=code&");
  }

  @Test
  void adminForm() {
    assertThat(url(List.of(EventType.CUSTOMER_EVENTS), true))
        .isEqualTo(
            SERVER
                + "/oauth/auth?response_type=code&scope=openid"
                + "&admin_consent_scope=signature%20impersonation&client_id="
                + IK
                + "&redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1%20y");
    assertThat(url(List.of(EventType.AUDIT_USERS, EventType.CUSTOMER_EVENTS), true))
        .contains(
            "&scope=openid&admin_consent_scope="
                + "signature%20impersonation%20organization_read%20user_read&");
  }
}
