package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class UserInfoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void parsesBooleanAndStringIsDefault() throws Exception {
    UserInfo ui =
        UserInfo.fromJson(
            JSON.readTree(
                "{\"sub\":\"u\",\"name\":\"N\",\"email\":\"e@x\",\"accounts\":["
                    + "{\"account_id\":\"a1\",\"is_default\":\"false\",\"account_name\":\"A1\","
                    + "\"base_uri\":\"https://demo.docusign.net\"},"
                    + "{\"account_id\":\"a2\",\"is_default\":true,\"account_name\":\"A2\","
                    + "\"base_uri\":\"https://na2.docusign.net\","
                    + "\"organization\":{\"organization_id\":\"o1\"}},"
                    + "{\"account_id\":\"a3\",\"is_default\":\"true\"}]}"));
    assertThat(ui.sub()).isEqualTo("u");
    assertThat(ui.accounts())
        .extracting(UserInfo.Account::isDefault)
        .containsExactly(false, true, true);
    assertThat(ui.accounts().get(1).organizationId()).isEqualTo("o1");
    assertThat(ui.accounts().get(0).organizationId()).isNull();
  }

  @Test
  void missingAccountsIsMalformed() {
    assertThatThrownBy(() -> UserInfo.fromJson(JSON.readTree("{\"sub\":\"u\"}")))
        .isInstanceOf(IOException.class);
  }
}
