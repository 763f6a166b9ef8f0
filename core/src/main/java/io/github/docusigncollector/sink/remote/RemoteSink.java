package io.github.docusigncollector.sink.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.http.HttpClients;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.DeadLetters;
import io.github.docusigncollector.sink.Recovered;
import io.github.docusigncollector.sink.RetryWindow;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.SinkException;
import io.github.docusigncollector.sink.SinkSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.zip.Deflater;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery machinery every HTTP sink shares (SPEC §8): splits a batch by {@code
 * batch_max_events} / {@code batch_max_bytes}, has the {@link Protocol} frame each part, gzips it,
 * sends it with the sink's own HTTP client, and acts on the protocol's reading of the answer:
 * retries transient failures with exponential backoff and jitter (honouring {@code Retry-After})
 * for at most {@code retry_for}, splits a part the receiver finds too large down to single events,
 * writes events refused on their own merits to the dead letters, and fails the cycle on anything
 * else. {@link #deliver} returns only when every event was acknowledged or dead-lettered.
 */
public class RemoteSink implements Sink {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteSink.class);

  /** Parts accepted and awaiting their acknowledgement before the sink has them confirmed. */
  static final int MAX_PENDING = 64;

  /** A page that fits in one request larger than this is sent as two (see {@link #chunk}). */
  static final int PAIR_BYTES = 1 << 20;

  private final String type;
  private final Protocol protocol;
  private final HttpClient client;
  private final SinkContext context;
  private final int maxEvents;
  private final long maxBytes;
  private final boolean gzip;
  private final Duration retryFor;
  private final Duration requestTimeout;
  private final RetryWindow window;
  private final DeadLetters deadLetters;

  /** Two sets of buffers: one part's request in flight while the next part is made ready. */
  private final Prepared[] buffers = {new Prepared(), new Prepared()};

  private final Exchange exchange = new LiveExchange();
  private final Gzip gzipper;
  private final String endpoint;

  private long requests;
  private long wireBytes;
  private long bodyBytes;

  /**
   * @param endpoint the receiver, for messages (host and port only: a URL path may be a secret)
   */
  public RemoteSink(SinkSettings settings, SinkContext context, Protocol protocol, URI endpoint) {
    this(
        settings,
        context,
        protocol,
        endpoint,
        HttpClients.build(
            "output (" + settings.type() + ")",
            settings.bool(RemoteKeys.INSECURE),
            settings.path(RemoteKeys.CA_FILE),
            settings.bool(RemoteKeys.PROXY),
            context.env(),
            context.connectTimeout()));
  }

  public RemoteSink(
      SinkSettings settings,
      SinkContext context,
      Protocol protocol,
      URI endpoint,
      HttpClient client) {
    this.type = settings.type();
    this.protocol = protocol;
    this.client = client;
    this.context = context;
    this.maxEvents = settings.integer(RemoteKeys.BATCH_MAX_EVENTS);
    this.maxBytes = settings.bytes(RemoteKeys.BATCH_MAX_BYTES);
    this.gzip = "gzip".equals(settings.string(RemoteKeys.COMPRESSION));
    this.retryFor = settings.duration(RemoteKeys.RETRY_FOR);
    this.requestTimeout = context.requestTimeout();
    this.window = new RetryWindow(type, retryFor, context);
    this.deadLetters = new DeadLetters(context.deadLetterFile(), type, context.clock());
    this.gzipper = gzip ? new Gzip(Deflater.BEST_SPEED) : null;
    this.endpoint =
        endpoint == null
            ? type
            : endpoint.getHost() + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
  }

  /** The sink type, for messages. */
  public String type() {
    return type;
  }

  public DeadLetters deadLetters() {
    return deadLetters;
  }

  /** Requests sent (retries and acknowledgement polls not included). */
  public long requests() {
    return requests;
  }

  /** Request body bytes sent, after compression. */
  public long wireBytes() {
    return wireBytes;
  }

  /** Request body bytes framed, before compression. */
  public long bodyBytes() {
    return bodyBytes;
  }

  /** Requests sent again after a transient failure. */
  public long retries() {
    return window.retries();
  }

  @Override
  public Recovered recover(ObjectNode checkpointPosition) {
    return Recovered.NONE;
  }

  @Override
  public ObjectNode position() {
    return null;
  }

  @Override
  public void cycleEnded() {
    deadLetters.endCycle();
  }

  /**
   * Sends the parts of {@code batch} in order, one request in flight at a time; while it is in
   * flight the next part is framed and compressed, so that the sink's own work overlaps the
   * receiver's. The next part is only sent once the answer to the previous one was read: a part
   * that must go again (a retry, a split, the rest of a partial answer) goes before it. Parts
   * accepted with an acknowledgement to come (Splunk's indexer acknowledgement) are confirmed
   * together once the others were sent, so that the batch waits for the receiver's indexing once,
   * not once per part; a part not confirmed is sent again. The batch is acknowledged only when
   * every part is.
   */
  @Override
  public Ack deliver(Batch batch) {
    return deliver(batch, null);
  }

  /**
   * As {@link #deliver(Batch)}; the first part is framed and compressed before {@code
   * previousCheckpoint} runs, so that the previous checkpoint's sync overlaps that work.
   */
  @Override
  public Ack deliver(Batch batch, Runnable previousCheckpoint) {
    Runnable barrier = previousCheckpoint;
    if (batch.isEmpty()) {
      if (barrier != null) {
        barrier.run();
      }
      return new Ack(0, null);
    }
    Events events = Events.of(batch);
    Deque<int[]> parts = chunk(events);
    List<int[]> pendingParts = new ArrayList<>();
    List<Long> pendingTokens = new ArrayList<>();
    Prepared ready = null;
    while (ready != null || !parts.isEmpty() || !pendingParts.isEmpty()) {
      if (ready == null && (parts.isEmpty() || pendingParts.size() >= MAX_PENDING)) {
        confirm(events, pendingParts, pendingTokens, parts);
        continue;
      }
      Prepared p = ready != null ? ready : prepare(events, parts.pollFirst(), free(null));
      ready = null;
      if (barrier != null) {
        // Nothing of the batch has left yet: the first part is only ready.
        barrier.run();
        barrier = null;
      }
      int[] part = p.part;
      if (p.body.size() > maxBytes && part.length > 1) {
        splitInto(parts, part);
        continue;
      }
      if (p.body.size() > protocol.maxRequestBytes()) {
        if (part.length > 1) {
          splitInto(parts, part);
        } else {
          deadLetter(events, part, 1, tooLargeForProtocol(p.body.size()));
        }
        continue;
      }
      Flight flight = start(p);
      if (flight.answer == null && !parts.isEmpty()) {
        // The receiver works on this part while the next one is made ready.
        ready = prepare(events, parts.pollFirst(), free(p));
      }
      Answer a = finish(flight, events);
      if (a.kind() == Answer.Kind.PENDING) {
        pendingParts.add(part);
        pendingTokens.add(a.token());
        continue;
      }
      if (a.kind() != Answer.Kind.DELIVERED && ready != null) {
        // What goes again (or split) goes before the part made ready.
        parts.addFirst(ready.part);
        ready = null;
      }
      act(a, events, part, parts);
    }
    return new Ack(batch.events(), null);
  }

  /** Has the protocol confirm the pending parts, and acts on each verdict. */
  private void confirm(
      Events events, List<int[]> pendingParts, List<Long> pendingTokens, Deque<int[]> parts) {
    long[] tokens = new long[pendingTokens.size()];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = pendingTokens.get(i);
    }
    Answer[] verdicts = protocol.confirm(tokens, exchange);
    List<int[]> confirmed = new ArrayList<>(pendingParts);
    pendingParts.clear();
    pendingTokens.clear();
    for (int i = confirmed.size() - 1; i >= 0; i--) {
      // From the last, so that parts sent again keep their order at the front of the queue.
      act(verdicts[i], events, confirmed.get(i), parts);
    }
  }

  /** Acts on the answer to {@code part}: done, split, sent again, dead-lettered or failed. */
  private void act(Answer a, Events events, int[] part, Deque<int[]> parts) {
    switch (a.kind()) {
      case DELIVERED -> succeeded();
      case TOO_LARGE -> {
        LOG.debug("{} sink: {} event(s) refused as too large ({})", type, part.length, a.reason());
        if (part.length == 1) {
          deadLetter(events, part, part.length, "too large for the receiver: " + a.reason());
          succeeded();
        } else {
          splitInto(parts, part);
        }
      }
      case FATAL -> throw new SinkException(type + " sink (" + endpoint + "): " + a.reason(), null);
      case RETRY -> {
        waitOrGiveUp(a);
        parts.addFirst(part);
      }
      case ITEMS -> items(events, part, a, parts);
      case PENDING ->
          throw new IllegalStateException("the protocol confirmed a part as still pending");
    }
  }

  /** The buffers not used by {@code busy}. */
  private Prepared free(Prepared busy) {
    return buffers[0] == busy ? buffers[1] : buffers[0];
  }

  /** Frames {@code part} into {@code into}'s body, and compresses it when gzip is on. */
  private Prepared prepare(Events events, int[] part, Prepared into) {
    into.part = part;
    into.body.reset();
    protocol.frame(events, part, part.length, into.body);
    if (gzip
        && !(into.body.size() > maxBytes && part.length > 1)
        && into.body.size() <= protocol.maxRequestBytes()) {
      gzipper.compress(into.body, into.compressed);
    }
    return into;
  }

  private void items(Events events, int[] part, Answer a, Deque<int[]> parts) {
    if (a.itemCount() != part.length) {
      throw new IllegalStateException(
          "the protocol gave " + a.itemCount() + " verdicts for " + part.length + " events");
    }
    int[] retry = new int[part.length];
    int nRetry = 0;
    int[] dead = new int[part.length];
    String[] reasons = new String[part.length];
    int nDead = 0;
    for (int i = 0; i < part.length; i++) {
      switch (a.item(i)) {
        case DELIVERED -> {}
        case RETRY -> retry[nRetry++] = part[i];
        case DEAD -> {
          reasons[nDead] = a.itemReason(i);
          dead[nDead++] = part[i];
        }
      }
    }
    deadLetter(events, dead, reasons, nDead);
    if (nRetry == 0) {
      succeeded();
      return;
    }
    int[] again = Arrays.copyOf(retry, nRetry);
    if (nRetry < part.length) {
      // Progress (some delivered or dead-lettered): the rest goes again at once.
      succeeded();
    } else {
      waitOrGiveUp(Answer.retry(a.status(), nRetry + " event(s) to send again", a.retryAfter()));
    }
    parts.addFirst(again);
  }

  private void deadLetter(Events events, int[] idx, int count, String reason) {
    String[] reasons = new String[count];
    Arrays.fill(reasons, reason);
    deadLetter(events, idx, reasons, count);
  }

  private void deadLetter(Events events, int[] idx, String[] reasons, int count) {
    if (count == 0) {
      return;
    }
    int[] s = new int[count];
    int[] e = new int[count];
    for (int i = 0; i < count; i++) {
      s[i] = events.start(idx[i]);
      e[i] = events.end(idx[i]);
    }
    deadLetters.write(events.data(), s, e, reasons, count);
  }

  private String tooLargeForProtocol(long size) {
    return "too large for the receiver: "
        + size
        + " bytes in one request, the receiver takes at most "
        + protocol.maxRequestBytes();
  }

  /** Sends a prepared part; the answer is had with {@link #finish}. */
  private Flight start(Prepared p) {
    Body payload = gzip ? p.compressed : p.body;
    if (gzip && payload.size() > protocol.maxRequestBytes()) {
      // Not sent: the receiver would refuse it; split as if it had (dead letter when alone).
      return new Flight(
          p, null, Answer.tooLarge(-1, tooLargeForProtocol(payload.size()) + " (compressed)"));
    }
    HttpRequest.Builder request;
    try {
      request = protocol.request();
    } catch (AnswerException e) {
      // The protocol could not even make the request (its token could not be had).
      return new Flight(p, null, e.answer());
    }
    HttpRequest.Builder b =
        request
            .timeout(requestTimeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload.array(), 0, payload.size()));
    if (gzip) {
      b.header("Content-Encoding", "gzip");
    }
    requests++;
    bodyBytes += p.body.size();
    wireBytes += payload.size();
    return new Flight(
        p, client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray()), null);
  }

  /** Waits for the answer to {@code flight} and has the protocol read it. */
  private Answer finish(Flight flight, Events events) {
    if (flight.answer != null) {
      return flight.answer;
    }
    Response r;
    try {
      HttpResponse<byte[]> resp = flight.response.get();
      r = new Response(resp.statusCode(), resp.headers(), resp.body());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        return connectionFailure(io);
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new SinkException(type + " sink: " + cause, cause);
    } catch (InterruptedException e) {
      flight.response.cancel(true);
      Thread.currentThread().interrupt();
      throw new SinkException(
          type + " sink: interrupted while delivering; nothing was checkpointed", e);
    }
    int[] part = flight.prepared.part;
    try {
      return protocol.read(r, events, part, part.length, exchange);
    } catch (RuntimeException e) {
      if (e instanceof SinkException) {
        throw e;
      }
      // A 2xx whose answer cannot be read is not an acknowledgement.
      return Answer.retry(
          r.status(), "an unreadable answer (HTTP " + r.status() + Answers.snippet(r) + ")", null);
    }
  }

  private Answer connectionFailure(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLHandshakeException || t instanceof CertificateException) {
        return Answer.fatal(
            -1,
            "the TLS certificate of "
                + endpoint
                + " could not be verified; put the CA certificate that signs it (PEM) into the file"
                + " named by output.ca_file (output.insecure: true turns verification off, unsafe)");
      }
    }
    String what =
        e instanceof HttpTimeoutException
            ? "no answer within " + requestTimeout.toSeconds() + "s"
            : e instanceof ConnectException
                ? "connection refused or unreachable"
                : "connection failed (" + e.getClass().getSimpleName() + ")";
    return Answer.retry(-1, Secrets.redact(what), null);
  }

  private void succeeded() {
    window.succeeded();
  }

  private void waitOrGiveUp(Answer a) {
    window.waitOrGiveUp(
        a.reason(),
        a.retryAfter(),
        () ->
            type
                + " sink ("
                + endpoint
                + "): still failing after "
                + RetryWindow.describe(retryFor)
                + " of retries (output.retry_for), last: "
                + a.reason()
                + "; nothing past the last acknowledged batch was checkpointed. Check that the"
                + " receiver is up and output.url; the next cycle starts again from there.");
  }

  private static void splitInto(Deque<int[]> parts, int[] part) {
    int half = part.length / 2;
    parts.addFirst(Arrays.copyOfRange(part, half, part.length));
    parts.addFirst(Arrays.copyOfRange(part, 0, half));
  }

  private Deque<int[]> chunk(Events events) {
    Deque<int[]> parts = new ArrayDeque<>();
    int n = events.size();
    int from = 0;
    long limit = Math.min(maxBytes, protocol.maxRequestBytes());
    int framing = Math.max(1, protocol.framingBytesPerEvent());
    while (from < n) {
      int to = from;
      long bytes = 0;
      while (to < n && to - from < maxEvents) {
        long next = bytes + events.length(to) + framing;
        if (to > from && next > limit) {
          break;
        }
        bytes = next;
        to++;
      }
      int[] idx = new int[to - from];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = from + i;
      }
      parts.addLast(idx);
      from = to;
    }
    int[] only = parts.peekFirst();
    if (parts.size() == 1 && only.length > 1 && events.end(n - 1) - events.start(0) > PAIR_BYTES) {
      // One large request would leave nothing to make ready while it is in flight: two halves
      // let the second be framed and compressed while the receiver reads the first.
      parts.clear();
      splitInto(parts, only);
    }
    return parts;
  }

  @Override
  public void close() {
    if (gzipper != null) {
      gzipper.close();
    }
  }

  /** The exchange a protocol sees: the sink's client, clock and sleeper. */
  private final class LiveExchange implements Exchange {
    @Override
    public Response send(HttpRequest.Builder request) throws IOException {
      try {
        HttpResponse<byte[]> resp =
            client.send(
                request.timeout(requestTimeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(resp.statusCode(), resp.headers(), resp.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SinkException(type + " sink: interrupted; nothing was checkpointed", e);
      }
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
      context.sleeper().sleep(d);
    }

    @Override
    public Instant now() {
      return context.clock().instant();
    }

    @Override
    public Instant giveUpAt() {
      return window.giveUpAt();
    }
  }

  /** A part with its framed body and, with gzip, the body compressed; reused. */
  private static final class Prepared {
    final Body body = new Body(1 << 20);
    final Body compressed = new Body(1 << 18);
    int[] part;
  }

  /** A request in flight, or the answer had without sending ({@code answer} not null). */
  private record Flight(
      Prepared prepared, CompletableFuture<HttpResponse<byte[]>> response, Answer answer) {}
}
