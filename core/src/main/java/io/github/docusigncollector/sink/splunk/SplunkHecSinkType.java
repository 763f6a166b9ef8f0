package io.github.docusigncollector.sink.splunk;

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
import java.util.UUID;

/**
 * {@code output.type: splunk_hec}: Splunk's HTTP Event Collector, {@code /services/collector/event}
 * with concatenated event envelopes; with {@code ack: true}, a batch counts only once the indexer
 * acknowledged it.
 */
public final class SplunkHecSinkType implements SinkType {
  public static final String URL = "url";
  public static final String TOKEN = "token";
  public static final String INDEX = "index";
  public static final String SOURCETYPE = "sourcetype";
  public static final String SOURCE = "source";
  public static final String HOST = "host";
  public static final String ACK = "ack";

  // 1 MB per request, as HEC clients send (older Splunk refuses more by default).
  static final SinkKeys KEYS =
      RemoteKeys.common(5000, 1_000_000)
          .with(
              Key.required(URL, Kind.URL, "HEC base URL, e.g. https://splunk.example.com:8088"),
              Key.required(
                  TOKEN,
                  Kind.SECRET,
                  "the HEC token (Settings > Data inputs > HTTP Event Collector)"),
              Key.optional(
                  INDEX, Kind.STRING, null, "the index (default: the token's default index)"),
              Key.optional(
                  SOURCETYPE,
                  Kind.STRING,
                  null,
                  "the sourcetype (default `docusign:<source_log_type>`)"),
              Key.optional(SOURCE, Kind.STRING, null, "the source field"),
              Key.optional(HOST, Kind.STRING, null, "the host field"),
              Key.optional(
                  ACK,
                  Kind.BOOLEAN,
                  false,
                  "wait for indexer acknowledgement (the token must have it enabled)"));

  @Override
  public String type() {
    return "splunk_hec";
  }

  @Override
  public SinkKeys keys() {
    return KEYS;
  }

  @Override
  public Sink open(SinkSettings s, SinkContext context) {
    URI base = s.uri(URL);
    String b = base.toString().replaceAll("/+$", "");
    if (b.endsWith("/services/collector/event")) {
      b = b.substring(0, b.length() - "/services/collector/event".length());
    } else if (b.endsWith("/services/collector")) {
      b = b.substring(0, b.length() - "/services/collector".length());
    }
    HecProtocol p =
        new HecProtocol(
            URI.create(b),
            s.secret(TOKEN),
            s.string(INDEX),
            s.string(SOURCETYPE),
            s.string(SOURCE),
            s.string(HOST),
            s.bool(ACK),
            UUID.randomUUID().toString());
    return new RemoteSink(s, context, p, base);
  }
}
