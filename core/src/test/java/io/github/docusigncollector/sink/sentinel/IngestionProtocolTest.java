package io.github.docusigncollector.sink.sentinel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.remote.Answer;
import io.github.docusigncollector.sink.remote.Body;
import io.github.docusigncollector.sink.remote.Events;
import io.github.docusigncollector.sink.remote.Response;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestionProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aCallIsAJsonArrayOfRowsEachWithTimeGenerated() throws Exception {
    String a = "{\"eventId\":\"e-1\",\"_time\":\"2026-01-01T00:00:01Z\"}";
    String b = "{}";
    String c = "{\"TimeGenerated\":\"own\",\"_time\":\"2026-01-01T00:00:02Z\"}";
    byte[] bytes = (a + "\n" + b + "\n" + c + "\n").getBytes(StandardCharsets.UTF_8);
    Events e = Events.of(new Batch(bytes, bytes.length, 3));
    IngestionProtocol p =
        new IngestionProtocol(URI.create("https://dce.example"), "dcr-0", "Custom-X_CL", null);
    Body out = new Body(16);
    p.frame(e, new int[] {0, 1, 2}, 3, out);
    JsonNode rows = JSON.readTree(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8));
    assertThat(rows.isArray()).isTrue();
    assertThat(rows.get(0).path("TimeGenerated").asText()).isEqualTo("2026-01-01T00:00:01Z");
    assertThat(rows.get(0).path("eventId").asText()).isEqualTo("e-1");
    assertThat(rows.get(1).size()).isZero();
    assertThat(rows.get(2).path("TimeGenerated").asText()).isEqualTo("own");
    assertThat(p.maxRequestBytes()).isEqualTo(1_048_576);
  }

  @Test
  void theIngestionUrlNamesTheRuleTheStreamAndTheApiVersion() {
    assertThat(
            IngestionProtocol.ingestionUri(
                URI.create("https://my-dce.westeurope-1.ingest.monitor.azure.com/"),
                "dcr-00000000000000000000000000000000",
                "Custom-DocuSign_CL"))
        .hasToString(
            "https://my-dce.westeurope-1.ingest.monitor.azure.com/dataCollectionRules/"
                + "dcr-00000000000000000000000000000000/streams/Custom-DocuSign_CL"
                + "?api-version=2023-01-01");
  }

  private static Response answer(int status, String body) {
    return new Response(
        status, HttpHeaders.of(Map.of(), (x, y) -> true), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theTokenEndpointsRefusalsNameTheKeyToFix() {
    Answer secret =
        EntraToken.refusal(
            answer(
                401,
                "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
                    + " secret provided.\\r\\nTrace ID: 1\"}"));
    assertThat(secret.kind()).isEqualTo(Answer.Kind.FATAL);
    assertThat(secret.reason()).contains("output.client_secret").doesNotContain("Trace ID");
    assertThat(
            EntraToken.refusal(
                    answer(
                        400,
                        "{\"error\":\"invalid_request\",\"error_description\":\"AADSTS90002: Tenant 'x' not found.\"}"))
                .reason())
        .contains("output.tenant_id");
    assertThat(
            EntraToken.refusal(
                    answer(
                        400,
                        "{\"error\":\"unauthorized_client\",\"error_description\":\"AADSTS700016: Application not found\"}"))
                .reason())
        .contains("output.client_id");
    assertThat(EntraToken.refusal(answer(503, "")).kind()).isEqualTo(Answer.Kind.RETRY);
  }

  @Test
  void theTokenUrlIsTheTenantsV2Endpoint() {
    assertThat(
            EntraToken.tokenUri(
                URI.create("https://login.microsoftonline.com/"), "contoso.onmicrosoft.com"))
        .hasToString("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
  }
}
