package io.github.docusigncollector.sink.remote;

import java.net.http.HttpRequest;

/**
 * What makes one HTTP sink differ from another: how a group of events becomes a request, and how
 * the answer is read. Everything else — splitting by {@code batch_max_events} / {@code
 * batch_max_bytes}, gzip, sending, retries, splitting on "too large", dead letters — is {@link
 * RemoteSink}'s. Not called concurrently.
 */
public interface Protocol {
  /**
   * Writes the request body (uncompressed) for {@code count} events of {@code events}, those at the
   * indexes {@code idx[0..count)}, in that order.
   */
  void frame(Events events, int[] idx, int count, Body out);

  /**
   * A request builder with the URI, method-independent headers (content type, credential); the
   * machinery adds the body, {@code Content-Encoding} and the time-out.
   */
  HttpRequest.Builder request();

  /**
   * Reads the answer to the request carrying {@code idx[0..count)}. {@link Answers#byStatus} is the
   * common reading of statuses; {@code exchange} lets a protocol talk to the receiver again (a
   * Splunk acknowledgement poll).
   */
  Answer read(Response response, Events events, int[] idx, int count, Exchange exchange);

  /**
   * Settles the answers {@link #read} gave as {@link Answer#pending}: for each of {@code tokens},
   * delivered once the receiver confirms it, or a retry (the part is sent again) or a fatal answer;
   * asks the receiver with {@code exchange}, within {@link Exchange#giveUpAt}. Called once the
   * batch's parts were all sent, with every token still pending. A protocol that never answers
   * pending has nothing to settle.
   */
  default Answer[] confirm(long[] tokens, Exchange exchange) {
    throw new IllegalStateException("this protocol has no pending answers to confirm");
  }

  /**
   * The key a user fixes when the receiver refuses the credential (401/403), e.g. {@code
   * output.api_key}.
   */
  String credentialKey();

  /**
   * About how many bytes framing adds to one event (an envelope, an added field, an action line):
   * parts are cut so that their framed body stays within {@code batch_max_bytes} and {@link
   * #maxRequestBytes}, instead of being framed, found too large and framed again in halves. An
   * estimate: a part that still comes out too large is split. Default: the newline.
   */
  default int framingBytesPerEvent() {
    return 1;
  }

  /**
   * The most bytes the receiver takes in one request body, both before and after compression
   * (Azure's Logs Ingestion API refuses a call above 1 MB either way). A part above it is split
   * before it is sent, and a single event above it is a dead letter without a request. Default: no
   * limit but {@code batch_max_bytes}.
   */
  default long maxRequestBytes() {
    return Long.MAX_VALUE;
  }
}
