package io.github.docusigncollector.simulator.receivers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.docusigncollector.simulator.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * A loopback HTTP(S) server that plays a SIEM's ingestion endpoint, for tests, {@code demo} and
 * {@code bench}. The base does what every receiver shares: gzip decoding, a size limit (413), fault
 * injection (a status for the next N requests, an outage in which connections are refused, a {@code
 * Retry-After}), a predicate that marks events to refuse one by one, and a record of what arrived
 * (requests with their headers; events as received and as the collector's event JSON). A protocol
 * receiver extends it with {@link #handle}. Thread-safe.
 */
public abstract class Receiver implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** One request as it arrived, its body decoded. */
  @SuppressWarnings("ArrayRecordComponent")
  public record Request(
      String method,
      String path,
      String query,
      Map<String, List<String>> headers,
      byte[] body,
      int wireBytes) {
    /** A header's first value (name in any case), or null. */
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** A query parameter (not decoded), or null. */
    public String param(String name) {
      if (query == null) {
        return null;
      }
      for (String p : query.split("&")) {
        int eq = p.indexOf('=');
        if ((eq < 0 ? p : p.substring(0, eq)).equals(name)) {
          return eq < 0 ? "" : p.substring(eq + 1);
        }
      }
      return null;
    }
  }

  /** An answer. */
  public record Reply(int status, String contentType, String body, Map<String, String> headers) {
    public static Reply json(int status, String body) {
      return new Reply(status, "application/json", body, Map.of());
    }

    public static Reply empty(int status) {
      return new Reply(status, null, "", Map.of());
    }

    public Reply withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Reply(status, contentType, body, h);
    }
  }

  /** What the record keeps of one request. */
  public record Seen(
      String method,
      String path,
      Map<String, List<String>> headers,
      int wireBytes,
      int bodyBytes,
      int status) {
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private final boolean https;
  private final int requestedPort;
  private HttpServer server;
  private ExecutorService executor;
  private int port;
  private X509Certificate certificate;
  private SelfSignedCertificate cert;
  private final Timer timer = new Timer("receiver-faults", true);

  // faults
  private int failNext;
  private int failStatus;
  private String failBody = "";
  private Duration failRetryAfter;
  private volatile long maxBodyBytes = Long.MAX_VALUE;
  private volatile Predicate<String> reject;
  private volatile boolean down;

  // record
  private volatile boolean keepEvents = true;
  private final List<Seen> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final List<String> envelopes = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong eventCount = new AtomicLong();
  private final AtomicLong wireBytes = new AtomicLong();
  private volatile String firstEnvelope;
  private volatile int largestAccepted;

  protected Receiver(boolean https, int port) {
    this.https = https;
    this.requestedPort = port;
  }

  /** Binds 127.0.0.1 (the port given, or a free one) and starts serving. */
  public synchronized Receiver start() {
    bind(requestedPort);
    return this;
  }

  private void bind(int p) {
    try {
      InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), p);
      if (https) {
        if (cert == null) {
          cert = SelfSignedCertificate.create(Long.toHexString(System.nanoTime()) + "rcv");
          certificate = cert.certificate;
        }
        HttpsServer s = HttpsServer.create(addr, 128);
        s.setHttpsConfigurator(new HttpsConfigurator(cert.sslContext));
        server = s;
      } else {
        server = HttpServer.create(addr, 128);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind a receiver on 127.0.0.1:" + p + ": " + e, e);
    }
    executor =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "receiver-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    port = server.getAddress().getPort();
  }

  public int port() {
    return port;
  }

  /** {@code http(s)://127.0.0.1:port}. */
  public URI baseUrl() {
    return URI.create((https ? "https" : "http") + "://127.0.0.1:" + port);
  }

  /** The self-signed certificate when serving HTTPS (for a test's {@code ca_file}), else null. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** PEM of {@link #certificate}. */
  public String certificatePem() {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- faults

  /** The next {@code n} requests get {@code status} with {@code body} (and no effect). */
  public synchronized Receiver failNext(int n, int status, String body) {
    return failNext(n, status, body, null);
  }

  /** As {@link #failNext(int, int, String)}, with a {@code Retry-After} header when not null. */
  public synchronized Receiver failNext(int n, int status, String body, Duration retryAfter) {
    failNext = n;
    failStatus = status;
    failBody = body == null ? "" : body;
    failRetryAfter = retryAfter;
    return this;
  }

  /** Requests with a decoded body larger than this get 413 (as the receiver documents). */
  public Receiver maxBodyBytes(long n) {
    maxBodyBytes = n;
    return this;
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Events (as the collector's JSON) for which this is true are refused one by one. */
  public Receiver rejectEvents(Predicate<String> p) {
    reject = p;
    return this;
  }

  /** Whether {@link #rejectEvents} marks this event. */
  protected boolean rejected(String eventJson) {
    Predicate<String> r = reject;
    return r != null && r.test(eventJson);
  }

  /** The predicate of {@link #rejectEvents}, or null when none was set (nothing is refused). */
  protected Predicate<String> rejection() {
    return reject;
  }

  /** An outage: the server stops listening, so connections are refused, until {@link #up}. */
  public synchronized Receiver down() {
    if (!down) {
      down = true;
      server.stop(0);
      executor.shutdownNow();
    }
    return this;
  }

  /** Listening again on the same port. */
  public synchronized Receiver up() {
    if (down) {
      bind(port);
      down = false;
    }
    return this;
  }

  /** Down now and up again after {@code d} of real time. */
  public Receiver downFor(Duration d) {
    down();
    timer.schedule(
        new TimerTask() {
          @Override
          public void run() {
            up();
          }
        },
        d.toMillis());
    return this;
  }

  public boolean isDown() {
    return down;
  }

  // ---------------------------------------------------------------- record

  /** Keep every event (default), or only count them (a benchmark of a million). */
  public Receiver keepEvents(boolean keep) {
    keepEvents = keep;
    return this;
  }

  /** Every request that reached the receiver, faults included. */
  public List<Seen> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The events accepted, as the collector's event JSON, in arrival order. */
  public List<String> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** The events accepted, each as the receiver saw it (its envelope, if the protocol has one). */
  public List<String> envelopes() {
    synchronized (envelopes) {
      return List.copyOf(envelopes);
    }
  }

  public long eventCount() {
    return eventCount.get();
  }

  /** The first event accepted, as the receiver saw it (null before one). */
  public String firstEnvelope() {
    return firstEnvelope;
  }

  /** The largest decoded body of an accepted request. */
  public int largestAccepted() {
    return largestAccepted;
  }

  /** Bytes received on the wire (request bodies as sent, compressed or not). */
  public long wireBytes() {
    return wireBytes.get();
  }

  /** Forgets what was recorded. */
  public void clear() {
    requests.clear();
    events.clear();
    envelopes.clear();
    eventCount.set(0);
    wireBytes.set(0);
    firstEnvelope = null;
    largestAccepted = 0;
  }

  /**
   * Records an accepted event: {@code envelope} as received, {@code event} the collector's JSON.
   */
  protected void accepted(String envelope, String event) {
    eventCount.incrementAndGet();
    if (firstEnvelope == null) {
      firstEnvelope = envelope;
    }
    if (keepEvents) {
      envelopes.add(envelope);
      events.add(event);
    }
  }

  /** Records {@code n} accepted events without their text (count-only mode). */
  protected void acceptedCount(long n, String first) {
    eventCount.addAndGet(n);
    if (firstEnvelope == null) {
      firstEnvelope = first;
    }
  }

  public boolean keepsEvents() {
    return keepEvents;
  }

  // ---------------------------------------------------------------- protocol

  /**
   * Answers one request that passed the faults and the size limit; records the events it accepts
   * with {@link #accepted}.
   */
  protected abstract Reply handle(Request request);

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] raw;
      try (InputStream in = ex.getRequestBody()) {
        raw = in.readAllBytes();
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      ex.getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      wireBytes.addAndGet(raw.length);
      Reply reply;
      int bodyBytes = raw.length;
      Reply fault = nextFault();
      if (fault != null) {
        reply = fault;
      } else {
        String enc = first(headers, "content-encoding");
        byte[] body = raw;
        Reply bad = null;
        if (enc != null && enc.equalsIgnoreCase("gzip")) {
          try {
            body = gunzip(raw);
          } catch (IOException e) {
            bad = decodeError();
          }
        } else if (enc != null && !enc.equalsIgnoreCase("identity")) {
          bad = Reply.json(415, "{\"error\":\"unsupported content encoding\"}");
        }
        bodyBytes = body.length;
        if (bad != null) {
          reply = bad;
        } else if (body.length > maxBodyBytes) {
          reply = tooLarge(body.length);
        } else {
          URI uri = ex.getRequestURI();
          reply =
              handle(
                  new Request(
                      ex.getRequestMethod(),
                      uri.getPath(),
                      uri.getRawQuery(),
                      headers,
                      body,
                      raw.length));
          if (reply.status() >= 200 && reply.status() < 300) {
            synchronized (this) {
              largestAccepted = Math.max(largestAccepted, body.length);
            }
          }
        }
      }
      requests.add(
          new Seen(
              ex.getRequestMethod(),
              ex.getRequestURI().getPath(),
              headers,
              raw.length,
              bodyBytes,
              reply.status()));
      byte[] out =
          reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
      if (reply.contentType() != null) {
        ex.getResponseHeaders().set("Content-Type", reply.contentType());
      }
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      if (out.length == 0) {
        ex.sendResponseHeaders(reply.status(), -1);
      } else {
        ex.sendResponseHeaders(reply.status(), out.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    } catch (RuntimeException e) {
      ex.sendResponseHeaders(500, -1);
    }
  }

  private synchronized Reply nextFault() {
    if (failNext <= 0) {
      return null;
    }
    failNext--;
    Reply r =
        new Reply(
            failStatus,
            failBody.startsWith("{") ? "application/json" : "text/plain",
            failBody,
            Map.of());
    if (failRetryAfter != null) {
      r = r.withHeader("Retry-After", Long.toString(failRetryAfter.toSeconds()));
    }
    return r;
  }

  /** The answer to a body above {@link #maxBodyBytes}; protocols override with their shape. */
  protected Reply tooLarge(int bytes) {
    return Reply.json(413, "{\"error\":\"request entity too large\"}");
  }

  /** The answer to a gzip body that cannot be decoded. */
  protected Reply decodeError() {
    return Reply.json(400, "{\"error\":\"cannot decode gzip body\"}");
  }

  private static String first(Map<String, List<String>> h, String name) {
    List<String> v = h.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  static byte[] gunzip(byte[] raw) throws IOException {
    byte[] one = gunzipOneMember(raw);
    if (one != null) {
      return one;
    }
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw), 65536)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 8);
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  /**
   * The common case without copies: one gzip member with a plain 10-byte header, inflated into an
   * array of the size its trailer gives and checked against its CRC; null for anything else (then
   * read by {@link GZIPInputStream}).
   */
  private static byte[] gunzipOneMember(byte[] raw) {
    int n = raw.length;
    if (n < 18
        || (raw[0] & 0xff) != 0x1f
        || (raw[1] & 0xff) != 0x8b
        || raw[2] != 8
        || raw[3] != 0) {
      return null;
    }
    long size = le32(raw, n - 4);
    if (size > Integer.MAX_VALUE - 16 || size > (long) n * 1032) {
      return null;
    }
    byte[] out = new byte[(int) size];
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(raw, 10, n - 18);
      int got = 0;
      while (got < out.length && !inflater.finished()) {
        int k = inflater.inflate(out, got, out.length - got);
        if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return null;
        }
        got += k;
      }
      if (got != out.length || !inflater.finished() || inflater.getRemaining() != 0) {
        return null;
      }
      CRC32 crc = new CRC32();
      crc.update(out, 0, got);
      return crc.getValue() == le32(raw, n - 8) ? out : null;
    } catch (java.util.zip.DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  private static long le32(byte[] b, int at) {
    return (b[at] & 0xffL)
        | (b[at + 1] & 0xffL) << 8
        | (b[at + 2] & 0xffL) << 16
        | (b[at + 3] & 0xffL) << 24;
  }

  @Override
  public synchronized void close() {
    timer.cancel();
    if (!down && server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
    down = true;
  }
}
