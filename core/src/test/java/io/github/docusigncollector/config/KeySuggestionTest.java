package io.github.docusigncollector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeySuggestionTest {

  private static final List<String> KNOWN = List.of("user_id", "account_id", "integration_key");

  @Test
  void aTypoWithinTheLimitNamesTheNearestKey() {
    assertThat(KeySuggestion.closest("acount_id", KNOWN, 2)).contains("account_id");
    assertThat(KeySuggestion.closest("integraton_kye", KNOWN, 3)).contains("integration_key");
  }

  @Test
  void nothingIsSuggestedBeyondTheLimit() {
    assertThat(KeySuggestion.closest("integraton_kye", KNOWN, 2)).isEmpty();
    assertThat(KeySuggestion.closest("interval", KNOWN, 2)).isEmpty();
  }

  @Test
  void distanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(KeySuggestion.distance("", "abc")).isEqualTo(3);
    assertThat(KeySuggestion.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(KeySuggestion.distance("same", "same")).isZero();
  }
}
