package io.github.docusigncollector.simulator.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The fake Logs Ingestion API reads a call's rows as a stream of tokens and keeps them as sent. */
class AzureLogsIngestionTest {
  private static AzureLogsIngestion.Reply ingest(AzureLogsIngestion az, String token, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return az.ingest("dcr-1", "Custom-X", "2023-01-01", "Bearer " + token, b.length, b);
  }

  private static String token(AzureLogsIngestion az) {
    String reply =
        az.token(
                "t",
                "grant_type=client_credentials&client_id=c&client_secret=s"
                    + "&scope=https%3A%2F%2Fmonitor.azure.com%2F%2F.default")
            .body();
    return reply.replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
  }

  @Test
  void rowsAreKeptAsSentAndCounted() {
    AzureLogsIngestion az =
        new AzureLogsIngestion("t", "c", "s", "dcr-1", "Custom-X", Clock.systemUTC());
    String token = token(az);
    AzureLogsIngestion.Reply r =
        ingest(az, token, " [ {\"a\":1,\"b\":{\"c\":[1,\"]\"]}} , {\"d\":\"\\\"}\"} ] ");
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.rowCount()).isEqualTo(2);
    assertThat(az.rows()).containsExactly("{\"a\":1,\"b\":{\"c\":[1,\"]\"]}}", "{\"d\":\"\\\"}\"}");
    assertThat(az.rowsAsJson()).hasSize(2);
  }

  @Test
  void whatIsNotAnArrayOfObjectsIsRefused() {
    AzureLogsIngestion az =
        new AzureLogsIngestion("t", "c", "s", "dcr-1", "Custom-X", Clock.systemUTC());
    String token = token(az);
    assertThat(ingest(az, token, "{\"a\":1}").body()).contains("must be a JSON array");
    assertThat(ingest(az, token, "[{\"a\":1},2]").body()).contains("must be a JSON object");
    assertThat(ingest(az, token, "[{\"a\":1}").body()).contains("not valid JSON");
    assertThat(ingest(az, token, "[{\"a\":1}] x").body()).contains("not valid JSON");
    assertThat(ingest(az, token, "[{\"a\":}]").status()).isEqualTo(400);
    assertThat(az.rows()).isEmpty();
    // Count only: the first row's text is still given.
    az.keepRows(false);
    AzureLogsIngestion.Reply r = ingest(az, token, "[{\"a\":1},{\"a\":2},{\"a\":3}]");
    assertThat(r.rowCount()).isEqualTo(3);
    assertThat(r.rowTexts()).containsExactly("{\"a\":1}");
  }
}
