package io.github.docusigncollector.simulator.receivers;

import java.time.Clock;

/**
 * Microsoft Sentinel's way in, on one loopback server: the Entra ID token endpoint ({@code POST
 * /{tenant}/oauth2/v2.0/token}, so that {@code authority_url} is this receiver's URL) and the Azure
 * Monitor Logs Ingestion API ({@code POST /dataCollectionRules/{dcr}/streams/{stream}}, so that
 * {@code endpoint} is too), over {@link AzureLogsIngestion}. Use {@link #failNext} for a 429 with
 * {@code Retry-After}; {@link #ingestion} to revoke tokens, take the role away or read the rows.
 */
public final class SentinelReceiver extends Receiver {
  public static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  public static final String CLIENT_ID = "0f5a2c3e-1b4d-4e6f-8a9b-0c1d2e3f4a5b";
  public static final String DCR_IMMUTABLE_ID = "dcr-00112233445566778899aabbccddeeff";
  public static final String STREAM = "Custom-DocuSign_CL";

  private final AzureLogsIngestion ingestion;

  public SentinelReceiver(String clientSecret, boolean https, int port, Clock clock) {
    super(https, port);
    ingestion =
        new AzureLogsIngestion(TENANT_ID, CLIENT_ID, clientSecret, DCR_IMMUTABLE_ID, STREAM, clock);
  }

  /** A receiver on a free loopback port for the app with {@code clientSecret}. */
  public SentinelReceiver(String clientSecret) {
    this(clientSecret, false, 0, Clock.systemUTC());
  }

  public AzureLogsIngestion ingestion() {
    return ingestion;
  }

  /** The {@code output:} block of a collector configuration that sends here (YAML, indented). */
  public String outputYaml(String secret) {
    return "output:\n"
        + "  type: sentinel\n"
        + "  tenant_id: "
        + TENANT_ID
        + "\n  client_id: "
        + CLIENT_ID
        + "\n  client_secret: \""
        + secret
        + "\"\n  endpoint: "
        + baseUrl()
        + "\n  dcr_immutable_id: "
        + DCR_IMMUTABLE_ID
        + "\n  stream: "
        + STREAM
        + "\n  authority_url: "
        + baseUrl()
        + "\n";
  }

  @Override
  public Receiver keepEvents(boolean keep) {
    ingestion.keepRows(keep);
    return super.keepEvents(keep);
  }

  @Override
  protected Reply handle(Request r) {
    String path = r.path();
    if (!r.method().equals("POST")) {
      return Reply.json(
          405, "{\"error\":{\"code\":\"MethodNotAllowed\",\"message\":\"POST only\"}}");
    }
    String[] parts = path.split("/");
    // ["", tenant, "oauth2", "v2.0", "token"]
    if (parts.length == 5
        && parts[2].equals("oauth2")
        && parts[3].equals("v2.0")
        && parts[4].equals("token")) {
      return reply(ingestion.token(parts[1], r.text()));
    }
    // ["", "dataCollectionRules", dcr, "streams", stream]
    if (parts.length == 5 && parts[1].equals("dataCollectionRules") && parts[3].equals("streams")) {
      AzureLogsIngestion.Reply a =
          ingestion.ingest(
              parts[2],
              parts[4],
              r.param("api-version"),
              r.header("Authorization"),
              r.wireBytes(),
              r.body());
      if (a.status() == 204) {
        recordRows(a);
      }
      return reply(a);
    }
    return Reply.json(404, "{\"error\":{\"code\":\"NotFound\",\"message\":\"no such path\"}}");
  }

  private void recordRows(AzureLogsIngestion.Reply a) {
    if (keepsEvents() && a.rowTexts().size() == a.rowCount()) {
      for (String row : a.rowTexts()) {
        accepted(row, row);
      }
    } else {
      acceptedCount(a.rowCount(), a.rowTexts().isEmpty() ? null : a.rowTexts().get(0));
    }
  }

  private static Reply reply(AzureLogsIngestion.Reply a) {
    if (a.status() == 204) {
      return Reply.empty(204);
    }
    Reply r = Reply.json(a.status(), a.body());
    return a.errorCode() == null ? r : r.withHeader("x-ms-error-code", a.errorCode());
  }
}
