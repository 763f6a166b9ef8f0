package io.github.docusigncollector.sink.sentinel;

import io.github.docusigncollector.http.HttpClients;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.SinkKeys;
import io.github.docusigncollector.sink.SinkKeys.Key;
import io.github.docusigncollector.sink.SinkKeys.Kind;
import io.github.docusigncollector.sink.SinkSettings;
import io.github.docusigncollector.sink.SinkType;
import io.github.docusigncollector.sink.remote.RemoteKeys;
import io.github.docusigncollector.sink.remote.RemoteSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code output.type: sentinel}: Microsoft Sentinel through the Azure Monitor Logs Ingestion API, a
 * data collection rule's stream (SPEC §8).
 */
public final class SentinelSinkType implements SinkType {
  public static final String TYPE = "sentinel";
  public static final String TENANT_ID = "tenant_id";
  public static final String CLIENT_ID = "client_id";
  public static final String CLIENT_SECRET = "client_secret";
  public static final String ENDPOINT = "endpoint";
  public static final String DCR_IMMUTABLE_ID = "dcr_immutable_id";
  public static final String STREAM = "stream";
  public static final String AUTHORITY_URL = "authority_url";

  /**
   * The largest request body before compression: under the API's 1,048,576 bytes with room for the
   * few bytes gzip adds to data it cannot compress, so that no call is refused as too large.
   */
  static final long MAX_BATCH_BYTES = 1_040_000;

  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,254}");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern DCR = Pattern.compile("dcr-[0-9a-fA-F]{32}");
  private static final Pattern STREAM_NAME =
      Pattern.compile("(Custom|Microsoft)-[A-Za-z0-9_-]{1,250}");

  private static final SinkKeys KEYS =
      RemoteKeys.common(10_000, 1_000_000)
          .with(
              Key.range(
                  RemoteKeys.BATCH_MAX_BYTES,
                  Kind.BYTES,
                  1_000_000,
                  1024,
                  MAX_BATCH_BYTES,
                  "most bytes in one call before compression (the API takes at most 1 MB a call)"),
              Key.required(
                  TENANT_ID, Kind.STRING, "the Microsoft Entra tenant (directory) id of the app"),
              Key.required(
                  CLIENT_ID, Kind.STRING, "the app registration's application (client) id"),
              Key.required(CLIENT_SECRET, Kind.SECRET, "a client secret of the app registration"),
              Key.required(
                  ENDPOINT,
                  Kind.URL,
                  "the data collection endpoint, or the rule's logs ingestion endpoint,"
                      + " https://<name>.<region>-1.ingest.monitor.azure.com"),
              Key.required(
                  DCR_IMMUTABLE_ID, Kind.STRING, "the data collection rule's immutable id, dcr-…"),
              Key.required(STREAM, Kind.STRING, "the rule's input stream, e.g. Custom-DocuSign_CL"),
              Key.optional(
                  AUTHORITY_URL,
                  Kind.URL,
                  URI.create("https://login.microsoftonline.com"),
                  "the Microsoft Entra authority the token is asked for at"));

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SinkKeys keys() {
    return KEYS;
  }

  @Override
  public void validate(SinkSettings s, List<String> problems) {
    String tenant = s.string(TENANT_ID);
    if (!TENANT.matcher(tenant).matches()) {
      problems.add(
          "output.tenant_id: \""
              + tenant
              + "\" is not a tenant id; give the directory (tenant) id of the app registration, a"
              + " GUID (or the tenant's domain, contoso.onmicrosoft.com).");
    }
    String client = s.string(CLIENT_ID);
    if (!GUID.matcher(client).matches()) {
      problems.add(
          "output.client_id: \""
              + client
              + "\" is not a GUID; give the app registration's Application (client) ID.");
    }
    String dcr = s.string(DCR_IMMUTABLE_ID);
    if (!DCR.matcher(dcr).matches()) {
      problems.add(
          "output.dcr_immutable_id: \""
              + dcr
              + "\" is not a data collection rule's immutable id (dcr- and 32 hexadecimal"
              + " digits); copy it from the rule's JSON view (immutableId).");
    }
    String stream = s.string(STREAM);
    if (!STREAM_NAME.matcher(stream).matches()) {
      problems.add(
          "output.stream: \""
              + stream
              + "\" is not a stream name; give the rule's input stream, Custom-<table> (e.g."
              + " Custom-DocuSign_CL).");
    }
  }

  @Override
  public Sink open(SinkSettings s, SinkContext context) {
    HttpClient client =
        HttpClients.build(
            "output (" + TYPE + ")",
            s.bool(RemoteKeys.INSECURE),
            s.path(RemoteKeys.CA_FILE),
            s.bool(RemoteKeys.PROXY),
            context.env(),
            context.connectTimeout());
    EntraToken token =
        new EntraToken(
            client,
            s.uri(AUTHORITY_URL),
            s.string(TENANT_ID),
            s.string(CLIENT_ID),
            s.secret(CLIENT_SECRET),
            context.clock(),
            context.requestTimeout());
    URI endpoint = s.uri(ENDPOINT);
    IngestionProtocol protocol =
        new IngestionProtocol(endpoint, s.string(DCR_IMMUTABLE_ID), s.string(STREAM), token);
    return new RemoteSink(s, context, protocol, endpoint, client);
  }
}
