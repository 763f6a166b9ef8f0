package io.github.docusigncollector.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An embedded fake DocuSign (OAuth JWT Grant, Monitor, Admin users, eSignature users) on loopback,
 * with DocuSign's answers, quirks, limits and injectable faults.
 */
public final class DocuSignSimulator implements AutoCloseable {
  private static final Pattern V1_STREAM = Pattern.compile("/v1/organizations/([^/]+)/stream/?");
  private static final Pattern LENS_STREAM =
      Pattern.compile("/api/v2(?:\\.0)?/datasets/monitor/stream/?");
  private static final Pattern ADMIN_USERS =
      Pattern.compile("/(?i:management)/v2/organizations/([^/]+)/users/?");
  private static final Pattern ESIGN_USER =
      Pattern.compile("/restapi/v2\\.1/accounts/([^/]+)/users/([^/]+)/?");
  private static final Pattern ESIGN_USERS =
      Pattern.compile("/restapi/v2\\.1/accounts/([^/]+)/users/?");
  private static final AtomicInteger THREADS = new AtomicInteger();

  static {
    // The JDK server flushes headers and body in separate writes; with Nagle's algorithm and
    // delayed ACKs every small answer would wait ~40 ms. The flag is read once, when the JDK's
    // server classes load, so set it before the first server is made (unless someone chose).
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final ObjectMapper json = new ObjectMapper();
  private final SimClock clock;
  private final long seed;
  private final HttpServer server;
  private final ExecutorService executor;
  private final boolean ownExecutor;
  private final String baseUrl;
  private final int port;
  private final String integrationKey;
  private final String userId;
  private final String accountId;
  private final String organizationId;
  private final KeyPair keyPair;
  private final X509Certificate certificate;
  private final AuthService auth;
  private final EventStream events;
  private final UserDirectory users;
  private final RateLimiter limiter;
  private final Faults faults;

  /** The newest requests served, at most {@link #requestLogLimit} (the oldest are dropped). */
  private final java.util.ArrayDeque<RequestRecord> requests = new java.util.ArrayDeque<>();

  private final int requestLogLimit;
  private long requestsDropped;
  private final Set<String> extraRedirectUrls = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  // Per thread, shared by every simulator of the JVM: a thread serves one request at a time, and
  // many simulators on one executor then hold one page buffer per thread, not one per simulator.
  private static final ThreadLocal<ByteSink> SINKS =
      ThreadLocal.withInitial(() -> new ByteSink(1 << 16));

  /** Builds and starts a simulator. */
  public static Builder builder() {
    return new Builder();
  }

  /** How many requests the log keeps unless {@link Builder#requestLogLimit} says otherwise. */
  public static final int DEFAULT_REQUEST_LOG_LIMIT = 100_000;

  /** Options of a simulator; {@link #start()} binds it to 127.0.0.1. */
  public static final class Builder {
    private int port;
    private long seed = 1;
    private long events;
    private int users;
    private SimClock clock;
    private boolean https;
    private int hourlyLimit = 3000;
    private int burstLimit = 500;
    private Duration tokenLifetime = Duration.ofHours(1);
    private boolean consent;
    private KeyPair keyPair;
    private int requestLogLimit = DEFAULT_REQUEST_LOG_LIMIT;
    private ExecutorService executor;

    private Builder() {}

    /**
     * Serves requests on {@code executor} instead of a pool of its own (16 threads), which {@link
     * #close()} then leaves running: many simulators in one JVM can share a few threads.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Most requests the request log keeps (default {@value #DEFAULT_REQUEST_LOG_LIMIT}); older ones
     * are dropped, so a simulator serving for days does not grow without bound.
     */
    public Builder requestLogLimit(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("requestLogLimit must be >= 1, was " + n);
      }
      this.requestLogLimit = n;
      return this;
    }

    /** Uses this RSA key pair instead of generating one (saves time when starting many). */
    public Builder keyPair(KeyPair keyPair) {
      this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
      return this;
    }

    /** 0 (default) = ephemeral; always binds 127.0.0.1. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Default 1; the same seed gives the same data set. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Monitor backlog present at start, ingested evenly over the 30 minutes before now. */
    public Builder events(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("events must be >= 0, was " + n);
      }
      this.events = n;
      return this;
    }

    /** Users in the organization and the account (default 0). */
    public Builder users(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("users must be >= 0, was " + n);
      }
      this.users = n;
      return this;
    }

    /** Default {@link SimClock#system()}. */
    public Builder clock(SimClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Serve HTTPS with a self-signed certificate for 127.0.0.1 and localhost. */
    public Builder https(boolean on) {
      this.https = on;
      return this;
    }

    /** Calls per clock hour (default 3000; 0 = off). */
    public Builder hourlyLimit(int perHour) {
      this.hourlyLimit = Math.max(0, perHour);
      return this;
    }

    /** Calls per 30 seconds (default 500; 0 = off). */
    public Builder burstLimit(int per30s) {
      this.burstLimit = Math.max(0, per30s);
      return this;
    }

    /** Access token lifetime (default 1 h). */
    public Builder tokenLifetime(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("tokenLifetime must be positive, was " + d);
      }
      this.tokenLifetime = d;
      return this;
    }

    /** True = every scope consented at start (default false). */
    public Builder consent(boolean granted) {
      this.consent = granted;
      return this;
    }

    /** Starts the simulator. */
    public DocuSignSimulator start() {
      try {
        return new DocuSignSimulator(this);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the DocuSign simulator: " + e, e);
      }
    }
  }

  private DocuSignSimulator(Builder b) throws IOException {
    this.clock = b.clock != null ? b.clock : SimClock.system();
    this.seed = b.seed;
    this.requestLogLimit = b.requestLogLimit;
    this.integrationKey = Mix.guid(seed, 1, 0).toString();
    this.userId = Mix.guid(seed, 2, 0).toString();
    this.accountId = Mix.guid(seed, 3, 0).toString();
    this.organizationId = Mix.guid(seed, 4, 0).toString();
    this.keyPair = b.keyPair != null ? b.keyPair : newKeyPair();
    this.auth = new AuthService(json, integrationKey, userId, b.tokenLifetime);
    auth.registerKey(keyPair.getPublic());
    if (b.consent) {
      auth.grant(AuthService.ALL_SCOPES);
    }
    this.faults = new Faults(auth::expireAll);
    this.limiter = new RateLimiter(b.hourlyLimit, b.burstLimit);
    Instant now = clock.instant();
    this.users = new UserDirectory(json, seed, b.users, now, accountId, userId);
    this.events =
        new EventStream(
            seed,
            new EventWriter(seed, b.users, accountId, organizationId, userId, integrationKey));
    events.add(b.events, now.minus(Duration.ofMinutes(30)), now, Duration.ZERO, false);

    InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port);
    if (b.https) {
      SelfSignedCertificate cert = SelfSignedCertificate.create(auth.randomCode(18));
      HttpsServer s = HttpsServer.create(addr, 64);
      s.setHttpsConfigurator(new HttpsConfigurator(cert.sslContext));
      this.server = s;
      this.certificate = cert.certificate;
    } else {
      this.server = HttpServer.create(addr, 64);
      this.certificate = null;
    }
    this.ownExecutor = b.executor == null;
    this.executor =
        b.executor != null
            ? b.executor
            : Executors.newFixedThreadPool(
                16,
                r -> {
                  Thread t = new Thread(r, "docusign-sim-" + THREADS.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    this.port = server.getAddress().getPort();
    this.baseUrl = (b.https ? "https" : "http") + "://127.0.0.1:" + port;
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is not available in this JDK", e);
    }
  }

  // ---------------------------------------------------------------- public accessors

  /** "http://127.0.0.1:PORT" (or https), no trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  public int port() {
    return port;
  }

  public String integrationKey() {
    return integrationKey;
  }

  public String userId() {
    return userId;
  }

  public String accountId() {
    return accountId;
  }

  public String organizationId() {
    return organizationId;
  }

  /** A registered redirect URI. */
  public String redirectUrl() {
    return baseUrl + "/callback";
  }

  /** Registers one more redirect URI on the app (e.g. where {@code consent-url --wait} listens). */
  public void registerRedirectUrl(String url) {
    extraRedirectUrls.add(url);
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  public String privateKeyPkcs1Pem() {
    return Pem.pkcs1(keyPair.getPrivate());
  }

  public String privateKeyPkcs8Pem() {
    return Pem.pkcs8(keyPair.getPrivate());
  }

  public void registerPublicKey(PublicKey key) {
    auth.registerKey(Objects.requireNonNull(key, "key"));
  }

  /** Same as a user opening the consent URL for these scopes. */
  public void grantConsent(Collection<String> scopes) {
    auth.grant(scopes);
  }

  /** New token requests fail with consent_required; tokens already issued keep working. */
  public void revokeConsent() {
    auth.revoke();
  }

  public Set<String> consentedScopes() {
    return auth.consented();
  }

  /** YAML lines of a ready collector configuration pointing at this simulator. */
  public String collectorConfigYaml(Path privateKeyFile) {
    return "server_url: "
        + baseUrl
        + "\nmonitor_url: "
        + baseUrl
        + "\nadmin_url: "
        + baseUrl
        + "\nintegration_key: "
        + integrationKey
        + "\nuser_id: "
        + userId
        + "\naccount_id: "
        + accountId
        + "\norganization_id: "
        + organizationId
        + "\nredirect_url: "
        + redirectUrl()
        + "\nprivate_key_file: "
        + yamlQuote(privateKeyFile.toString())
        + "\n";
  }

  private static String yamlQuote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  /** The self-signed certificate, or null without https. */
  public X509Certificate certificate() {
    return certificate;
  }

  public SimClock clock() {
    return clock;
  }

  /** n new events ingested at clock().instant(). */
  public void addEvents(int n) {
    Instant now = clock.instant();
    events.add(n, now, now, faults.lag(), faults.odd());
  }

  /** Events ingested so far (visible in the stream). */
  public long eventCount() {
    return events.visible(clock.instant());
  }

  /** Every ingested eventId, in ingestion (stream) order. */
  public List<String> eventIds() {
    return events.ids(eventCount());
  }

  /** The eventId at a stream position (0-based), without building the whole list. */
  public String eventIdAt(long index) {
    checkIndex(index);
    return Mix.guid(seed, EventStream.EVENT_STREAM, index).toString();
  }

  /** When the event at a stream position was ingested (its place in the stream, not timestamp). */
  public Instant ingestionTimeAt(long index) {
    checkIndex(index);
    long nanos = events.ingestionNanos(index);
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /** The stream position of an eventId, searching from the newest event back; -1 if unknown. */
  public long eventIndexOf(String eventId) {
    UUID wanted;
    try {
      wanted = UUID.fromString(eventId);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    for (long i = events.total() - 1; i >= 0; i--) {
      if (Mix.guid(seed, EventStream.EVENT_STREAM, i).equals(wanted)) {
        return i;
      }
    }
    return -1;
  }

  private void checkIndex(long index) {
    if (index < 0 || index >= events.total()) {
      throw new IndexOutOfBoundsException(
          "no event at position " + index + "; the stream holds " + events.total());
    }
  }

  /** n distinct users change a field and get modifiedDate = now. */
  public void modifyUsers(int n) {
    users.modifyRandom(n, clock.instant());
  }

  public void modifyUser(String userId) {
    users.modify(userId, clock.instant());
  }

  /** Users sign in (their {@code lastLogin} moves to now); not a modification. */
  public void signIn(List<String> userIds) {
    users.signIn(userIds, clock.instant());
  }

  /** eSignature answers 404 for the user from now on; the Admin list still has it. */
  public void deleteUser(String userId) {
    users.delete(userId, clock.instant());
  }

  public List<String> userIds() {
    return users.ids();
  }

  public Map<String, Instant> userModifiedAt() {
    return users.modifiedAt();
  }

  public Faults faults() {
    return faults;
  }

  /**
   * The requests served (control endpoints excluded), in order: every one, or the newest {@link
   * Builder#requestLogLimit} once more were served.
   */
  public List<RequestRecord> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Requests dropped from the log because it was full (see {@link Builder#requestLogLimit}). */
  public long requestsDropped() {
    synchronized (requests) {
      return requestsDropped;
    }
  }

  public void clearRequests() {
    synchronized (requests) {
      requests.clear();
      requestsDropped = 0;
    }
  }

  /** Calls counted against the hourly limit in the current clock hour. */
  public int apiCallsThisHour() {
    return limiter.callsThisHour(clock.instant());
  }

  /** Stops serving; safe to call more than once. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      if (ownExecutor) {
        executor.shutdownNow();
      }
    }
  }

  @Override
  public String toString() {
    return "DocuSignSimulator[" + baseUrl + "]";
  }

  // ---------------------------------------------------------------- HTTP

  /** An answer before it is sent. */
  private static final class Reply {
    int status;
    byte[] body;
    int length;
    String contentType = "application/json; charset=utf-8";
    final Map<String, String> headers = new LinkedHashMap<>();

    Reply(int status, byte[] body) {
      this.status = status;
      this.body = body;
      this.length = body == null ? 0 : body.length;
    }
  }

  private Reply json(int status, Object value) {
    try {
      return new Reply(status, json.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Reply oauthError(int status, String error, String description) {
    ObjectNode o = json.createObjectNode();
    o.put("error", error);
    if (description != null) {
      o.put("error_description", description);
    }
    return json(status, o);
  }

  private Reply esignError(int status, String code, String message) {
    ObjectNode o = json.createObjectNode();
    o.put("errorCode", code);
    o.put("message", message);
    return json(status, o);
  }

  private static Endpoint classify(String path) {
    if (path.equals("/oauth/token")) {
      return Endpoint.TOKEN;
    }
    if (path.equals("/oauth/auth")) {
      return Endpoint.AUTH;
    }
    if (path.equals("/oauth/userinfo")) {
      return Endpoint.USERINFO;
    }
    if (LENS_STREAM.matcher(path).matches() || V1_STREAM.matcher(path).matches()) {
      return Endpoint.MONITOR;
    }
    if (ADMIN_USERS.matcher(path).matches()) {
      return Endpoint.ADMIN_USERS;
    }
    if (ESIGN_USER.matcher(path).matches()) {
      return Endpoint.ESIGN_USER;
    }
    if (ESIGN_USERS.matcher(path).matches()) {
      return Endpoint.ESIGN_USERS;
    }
    return Endpoint.OTHER;
  }

  private static boolean isApi(Endpoint e) {
    return e == Endpoint.MONITOR
        || e == Endpoint.ADMIN_USERS
        || e == Endpoint.ESIGN_USER
        || e == Endpoint.ESIGN_USERS;
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getRawPath();
      if (path.startsWith("/_sim/")) {
        send(ex, control(ex, path));
        return;
      }
      Instant at = clock.instant();
      Endpoint endpoint = classify(path);
      String query = ex.getRequestURI().getRawQuery();
      Faults.Pending fault = faults.take(endpoint);
      Duration latency = faults.latency();
      if (!latency.isZero()) {
        try {
          Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (fault != null && fault.kind() == Faults.Kind.DROP) {
        record(at, ex.getRequestMethod(), path, query, 0, endpoint);
        ex.close();
        return;
      }
      RateLimiter.Verdict verdict = isApi(endpoint) ? limiter.count(at) : null;
      Reply reply;
      if (fault != null && fault.kind() == Faults.Kind.FAIL) {
        reply =
            esignError(
                fault.status(),
                "INTERNAL_SERVER_ERROR",
                "An unexpected error occurred (simulated).");
      } else if (fault != null && fault.kind() == Faults.Kind.THROTTLE) {
        reply = throttled(fault.hourly(), verdict);
        if (fault.retryAfter() != null) {
          reply.headers.put("Retry-After", Long.toString(fault.retryAfter().toSeconds()));
        }
      } else if (verdict != null && (verdict.hourlyExceeded() || verdict.burstExceeded())) {
        reply = throttled(verdict.hourlyExceeded(), verdict);
      } else {
        reply = route(ex, endpoint, path, at);
      }
      if (verdict != null) {
        reply.headers.put("X-RateLimit-Limit", Integer.toString(verdict.hourlyLimit()));
        reply.headers.put("X-RateLimit-Remaining", Integer.toString(verdict.hourlyRemaining()));
        reply.headers.put("X-RateLimit-Reset", Long.toString(verdict.reset()));
        reply.headers.put("X-BurstLimit-Limit", Integer.toString(verdict.burstLimit()));
        reply.headers.put("X-BurstLimit-Remaining", Integer.toString(verdict.burstRemaining()));
      }
      if (fault != null && fault.kind() == Faults.Kind.MALFORMED) {
        reply.status = 200;
        reply.length = Math.max(1, reply.length / 2);
        if (reply.body == null || reply.body.length == 0) {
          reply.body = "{\"endCursor\":\"aa_".getBytes(StandardCharsets.US_ASCII);
          reply.length = reply.body.length;
        }
      }
      reply.headers.put("X-DocuSign-TraceToken", UUID.randomUUID().toString());
      record(at, ex.getRequestMethod(), path, query, reply.status, endpoint);
      send(ex, reply);
    } catch (RuntimeException e) {
      Reply r = esignError(500, "INTERNAL_SERVER_ERROR", "simulator error: " + e);
      send(ex, r);
    } finally {
      ex.close();
    }
  }

  private Reply throttled(boolean hourly, RateLimiter.Verdict verdict) {
    int limit = verdict != null ? verdict.hourlyLimit() : 3000;
    if (hourly) {
      return esignError(
          400,
          "HOURLY_APIINVOCATION_LIMIT_EXCEEDED",
          "The maximum number of hourly API invocations has been exceeded. The hourly limit is "
              + limit
              + ".");
    }
    int burst = verdict != null ? verdict.burstLimit() : 500;
    return esignError(
        429,
        "BURST_APIINVOCATION_LIMIT_EXCEEDED",
        "The maximum number of API invocations in a 30 second burst has been exceeded. The burst"
            + " limit is "
            + burst
            + ".");
  }

  private void record(
      Instant at, String method, String path, String query, int status, Endpoint endpoint) {
    synchronized (requests) {
      requests.addLast(new RequestRecord(at, method, path, query, status, endpoint));
      if (requests.size() > requestLogLimit) {
        requests.removeFirst();
        requestsDropped++;
      }
    }
  }

  private static void send(HttpExchange ex, Reply r) throws IOException {
    for (Map.Entry<String, String> h : r.headers.entrySet()) {
      ex.getResponseHeaders().set(h.getKey(), h.getValue());
    }
    if (r.length > 0) {
      ex.getResponseHeaders().set("Content-Type", r.contentType);
      ex.sendResponseHeaders(r.status, r.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(r.body, 0, r.length);
      }
    } else {
      ex.sendResponseHeaders(r.status, -1);
    }
  }

  static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    int from = 0;
    while (from <= raw.length()) {
      int amp = raw.indexOf('&', from);
      if (amp < 0) {
        amp = raw.length();
      }
      String pair = raw.substring(from, amp);
      from = amp + 1;
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String bearer(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return h.substring(7).trim();
  }

  private Reply unauthorized() {
    return esignError(
        401,
        "AUTHORIZATION_INVALID_TOKEN",
        "The access token provided is expired, revoked or malformed.");
  }

  private Reply route(HttpExchange ex, Endpoint endpoint, String path, Instant at)
      throws IOException {
    String method = ex.getRequestMethod();
    Map<String, String> q = parseQuery(ex.getRequestURI().getRawQuery());
    if (endpoint == Endpoint.TOKEN) {
      if (!"POST".equals(method)) {
        return oauthError(405, "invalid_request", "use POST");
      }
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      return token(parseQuery(new String(body, StandardCharsets.UTF_8)), at);
    }
    if (!"GET".equals(method)) {
      return esignError(405, "METHOD_NOT_ALLOWED", "Method " + method + " is not allowed here.");
    }
    return switch (endpoint) {
      case AUTH -> consent(q);
      case USERINFO -> auth.check(bearer(ex), at) == null ? unauthorized() : json(200, userInfo());
      case MONITOR -> monitor(ex, path, q, at);
      case ADMIN_USERS -> adminUsers(ex, path, q, at);
      case ESIGN_USER, ESIGN_USERS -> esign(ex, endpoint, path, q, at);
      default -> other(path);
    };
  }

  private Reply other(String path) {
    if (path.equals("/callback")) {
      Reply r =
          new Reply(
              200,
              "<html><body><p>Consent recorded by the DocuSign simulator. You can close this page."
                  .concat("</p></body></html>")
                  .getBytes(StandardCharsets.UTF_8));
      r.contentType = "text/html; charset=utf-8";
      return r;
    }
    return esignError(404, "RESOURCE_NOT_FOUND", "No resource at " + path + ".");
  }

  private Set<String> audiences() {
    return Set.of("127.0.0.1:" + port, "localhost:" + port);
  }

  private Reply token(Map<String, String> form, Instant at) {
    AuthService.Grant g =
        auth.jwtGrant(form.get("grant_type"), form.get("assertion"), at, audiences());
    if (g.error() != null) {
      return oauthError(400, g.error(), g.description());
    }
    ObjectNode o = json.createObjectNode();
    o.put("access_token", g.accessToken());
    o.put("token_type", "Bearer");
    o.put("expires_in", g.expiresIn());
    Reply r = json(200, o);
    r.headers.put("Cache-Control", "no-store");
    return r;
  }

  private Reply consent(Map<String, String> q) {
    if (!integrationKey.equals(q.get("client_id"))) {
      return oauthError(400, "invalid_request", "The client_id is not a known integration key.");
    }
    String redirect = q.get("redirect_uri");
    if (redirect == null
        || !(redirect.equals(redirectUrl())
            || extraRedirectUrls.contains(redirect)
            || redirect.equals("http://localhost:" + port + "/callback")
            || redirect.equals("https://localhost:" + port + "/callback"))) {
      return oauthError(
          400, "invalid_request", "The redirect_uri is not registered for this integration key.");
    }
    String responseType = q.getOrDefault("response_type", "");
    if (!responseType.equals("code") && !responseType.equals("token")) {
      return oauthError(400, "unsupported_response_type", null);
    }
    List<String> scopes = new ArrayList<>(AuthService.splitScopes(q.get("scope")));
    if (q.containsKey("admin_consent_scope")) {
      scopes.addAll(AuthService.splitScopes(q.get("admin_consent_scope")));
    }
    if (scopes.isEmpty()) {
      scopes.add("signature");
    }
    auth.grant(scopes);
    String code = auth.randomCode(24);
    String location =
        redirect
            + (redirect.contains("?") ? "&" : "?")
            + "code="
            + code
            + (q.containsKey("state")
                ? "&state=" + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8)
                : "");
    Reply r = new Reply(302, null);
    r.headers.put("Location", location);
    return r;
  }

  private ObjectNode userInfo() {
    ObjectNode o = json.createObjectNode();
    o.put("sub", userId);
    o.put("name", "Sam Simulator");
    o.put("given_name", "Sam");
    o.put("family_name", "Simulator");
    o.put("created", "2019-03-14T16:20:11.37");
    o.put("email", "sam.simulator@example.com");
    ArrayNode accounts = o.putArray("accounts");
    ObjectNode a = accounts.addObject();
    a.put("account_id", accountId);
    a.put("is_default", true);
    a.put("account_name", "Simulated Company");
    a.put("base_uri", baseUrl);
    ObjectNode org = a.putObject("organization");
    org.put("organization_id", organizationId);
    ArrayNode links = org.putArray("links");
    ObjectNode self = links.addObject();
    self.put("rel", "self");
    self.put("href", baseUrl + "/management/v2/organizations/" + organizationId);
    return o;
  }

  private Reply insufficientScope(String needed) {
    return oauthError(
        403,
        "insufficient_scope",
        "The access token lacks the scope(s) this call needs: " + needed);
  }

  private Reply monitor(HttpExchange ex, String path, Map<String, String> q, Instant at) {
    AuthService.Token t = auth.check(bearer(ex), at);
    if (t == null) {
      return unauthorized();
    }
    if (!t.scopes().contains("signature") || !t.scopes().contains("impersonation")) {
      return insufficientScope("signature impersonation");
    }
    Matcher v1 = V1_STREAM.matcher(path);
    boolean isV1 = v1.matches();
    if (faults.monitorForbidden() || (isV1 && !organizationId.equals(v1.group(1)))) {
      return isV1
          ? json(403, Map.of("error", "Organization does not have Monitor entitlement"))
          : new Reply(403, null);
    }
    int limit = 1000;
    String ls = q.get("limit");
    if (ls != null && !ls.isEmpty()) {
      try {
        limit = Integer.parseInt(ls.trim());
      } catch (NumberFormatException e) {
        return oauthError(400, "invalid_request", "limit must be an integer, was '" + ls + "'");
      }
    }
    limit = Math.max(1, Math.min(2000, limit));
    String cursor = q.get("cursor");
    EventStream.Position pos = events.resolve(cursor, at);
    if (pos == null && cursor != null && cursor.contains(" ")) {
      // An unencoded "+" of an offset arrives as a space.
      pos = events.resolve(cursor.replace(' ', '+'), at);
    }
    if (pos == null) {
      return oauthError(
          400,
          "invalid_request",
          "cursor must be an ISO date-time or an endCursor from a previous response");
    }
    ByteSink sink = SINKS.get();
    events.page(
        cursor,
        pos,
        limit,
        at,
        faults.overlap(),
        faults.movingEmpty(),
        isV1 ? "resultData" : "data",
        sink);
    Reply r = new Reply(200, sink.array());
    r.length = sink.length();
    if (!isV1) {
      r.headers.put("api-supported-versions", "2.0");
    }
    return r;
  }

  private Reply adminUsers(HttpExchange ex, String path, Map<String, String> q, Instant at) {
    AuthService.Token t = auth.check(bearer(ex), at);
    if (t == null) {
      return unauthorized();
    }
    if (!t.scopes().contains("user_read")) {
      return insufficientScope("user_read");
    }
    Matcher m = ADMIN_USERS.matcher(path);
    if (!m.matches() || !organizationId.equalsIgnoreCase(m.group(1))) {
      return oauthError(
          403, "forbidden", "The user is not an administrator of organization " + m.group(1));
    }
    String account = q.get("account_id");
    String email = q.get("email");
    String domain = q.get("organization_reserved_domain_id");
    if (isBlank(account) && isBlank(email) && isBlank(domain)) {
      return oauthError(
          400,
          "invalid_request",
          "At least one of email, account_id or organization_reserved_domain_id must be specified.");
    }
    int start;
    int take;
    try {
      start = intParam(q, "start", 0);
      take = intParam(q, "take", 20);
    } catch (NumberFormatException e) {
      return oauthError(400, "invalid_request", e.getMessage());
    }
    if (start < 0) {
      return oauthError(400, "invalid_request", "start must be 0 or more.");
    }
    if (take < 1 || take > 250) {
      return oauthError(400, "invalid_request", "take must be between 1 and 250.");
    }
    Instant since = null;
    String lms = q.get("last_modified_since");
    if (!isBlank(lms)) {
      since = EventStream.parseInstant(lms.trim());
      if (since == null) {
        since = EventStream.parseInstant(lms.trim().replace(' ', '+'));
      }
      if (since == null) {
        return oauthError(
            400, "invalid_request", "last_modified_since is not a valid date: '" + lms + "'");
      }
    }
    StringBuilder next = new StringBuilder(baseUrl).append(path).append('?');
    for (String key :
        List.of(
            "account_id",
            "email",
            "organization_reserved_domain_id",
            "last_modified_since",
            "status",
            "membership_status")) {
      String v = q.get(key);
      if (v != null) {
        next.append(key)
            .append('=')
            .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8))
            .append('&');
      }
    }
    if (!isBlank(account) && !accountId.equalsIgnoreCase(account.trim())) {
      return json(200, users.adminPage(Instant.MAX, "\u0000", start, take, next.toString()));
    }
    return json(200, users.adminPage(since, email, start, take, next.toString()));
  }

  private Reply esign(
      HttpExchange ex, Endpoint endpoint, String path, Map<String, String> q, Instant at) {
    AuthService.Token t = auth.check(bearer(ex), at);
    if (t == null) {
      return unauthorized();
    }
    if (!t.scopes().contains("signature")) {
      return esignError(
          403,
          "USER_LACKS_PERMISSIONS",
          "This user lacks sufficient permissions (scope signature).");
    }
    Matcher m = (endpoint == Endpoint.ESIGN_USER ? ESIGN_USER : ESIGN_USERS).matcher(path);
    if (!m.matches() || !accountId.equalsIgnoreCase(m.group(1))) {
      return esignError(
          400,
          "USER_LACKS_MEMBERSHIP",
          "The UserID does not have a valid membership in this Account.");
    }
    if (endpoint == Endpoint.ESIGN_USER) {
      ObjectNode u = users.esignUser(m.group(2).toLowerCase(Locale.ROOT), additionalInfo(q));
      if (u == null) {
        return esignError(404, "USER_NOT_FOUND", "Invalid UserId.");
      }
      return json(200, u);
    }
    int start;
    int count;
    try {
      start = intParam(q, "start_position", 0);
      count = intParam(q, "count", 100);
    } catch (NumberFormatException e) {
      return esignError(400, "INVALID_REQUEST_PARAMETER", e.getMessage());
    }
    if (count < 1 || count > 100 || start < 0) {
      return esignError(
          400,
          "INVALID_REQUEST_PARAMETER",
          "The request contained at least one invalid parameter. count must be 1 to 100 and"
              + " start_position 0 or more.");
    }
    return json(200, users.esignList(start, count, additionalInfo(q)));
  }

  /** eSignature's {@code additional_info}: true only when given as {@code true}. */
  private static boolean additionalInfo(Map<String, String> q) {
    return "true".equalsIgnoreCase(q.getOrDefault("additional_info", "false"));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static int intParam(Map<String, String> q, String name, int dflt) {
    String v = q.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new NumberFormatException(name + " must be an integer, was '" + v + "'");
    }
  }

  // ---------------------------------------------------------------- control interface

  private Reply control(HttpExchange ex, String path) throws IOException {
    String method = ex.getRequestMethod();
    Map<String, String> q = parseQuery(ex.getRequestURI().getRawQuery());
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    try {
      switch (method + " " + path) {
        case "POST /_sim/events" -> {
          int n = intParam(q, "n", 1);
          addEvents(n);
          return json(200, Map.of("added", n, "eventCount", eventCount()));
        }
        case "POST /_sim/users/modify" -> {
          if (q.containsKey("id")) {
            modifyUser(q.get("id"));
            return json(200, Map.of("modified", List.of(q.get("id"))));
          }
          int n = intParam(q, "n", 1);
          List<String> changed = users.modifyRandom(n, clock.instant());
          return json(200, Map.of("modified", changed));
        }
        case "POST /_sim/users/sign-in" -> {
          String id = q.get("id");
          if (id == null) {
            throw new IllegalArgumentException("id is required: the user id that signs in");
          }
          signIn(List.of(id));
          return json(200, Map.of("signedIn", id));
        }
        case "POST /_sim/users/delete" -> {
          String id = q.get("id");
          if (id == null) {
            throw new IllegalArgumentException("id is required: the user id to delete");
          }
          deleteUser(id);
          return json(200, Map.of("deleted", id));
        }
        case "POST /_sim/consent" -> {
          grantConsent(
              q.containsKey("scopes")
                  ? AuthService.splitScopes(q.get("scopes"))
                  : AuthService.ALL_SCOPES);
          return json(200, Map.of("consentedScopes", consentedScopes()));
        }
        case "DELETE /_sim/consent" -> {
          revokeConsent();
          return json(200, Map.of("consentedScopes", consentedScopes()));
        }
        case "POST /_sim/faults" -> {
          applyFaults(body.length == 0 ? json.createObjectNode() : json.readTree(body));
          return json(200, Map.of("ok", true));
        }
        case "POST /_sim/clock/advance" -> {
          clock.advance(Duration.ofSeconds(intParam(q, "seconds", 0)));
          return json(200, Map.of("now", clock.instant().toString()));
        }
        case "GET /_sim/requests" -> {
          ArrayNode arr = json.createArrayNode();
          for (RequestRecord r : requests()) {
            ObjectNode o = arr.addObject();
            o.put("at", r.at().toString());
            o.put("method", r.method());
            o.put("path", r.path());
            o.put("query", r.query());
            o.put("status", r.status());
            o.put("endpoint", r.endpoint().name());
          }
          return json(200, arr);
        }
        case "DELETE /_sim/requests" -> {
          clearRequests();
          return json(200, Map.of("ok", true));
        }
        case "GET /_sim/state" -> {
          ObjectNode o = json.createObjectNode();
          o.put("now", clock.instant().toString());
          o.put("eventCount", eventCount());
          o.put("users", users.size());
          o.put("tokens", auth.tokenCount());
          o.put("requests", requests().size());
          o.put("requestsDropped", requestsDropped());
          o.put("apiCallsThisHour", apiCallsThisHour());
          o.put("pendingFaults", faults.pendingCount());
          o.set("consentedScopes", json.valueToTree(consentedScopes()));
          return json(200, o);
        }
        default -> {
          return oauthError(404, "not_found", "no control endpoint " + method + " " + path);
        }
      }
    } catch (IllegalArgumentException | IOException e) {
      return oauthError(400, "invalid_request", e.getMessage());
    }
  }

  private void applyFaults(JsonNode f) {
    if (f.path("clear").asBoolean(false)) {
      faults.clear();
    }
    if (f.has("latencyMs")) {
      faults.latency(Duration.ofMillis(f.path("latencyMs").asLong()));
    }
    for (String kind : List.of("failNext", "dropNext", "malformedNext", "throttleNext")) {
      JsonNode n = f.get(kind);
      if (n == null) {
        continue;
      }
      Endpoint e = Endpoint.valueOf(n.path("endpoint").asText("MONITOR").toUpperCase(Locale.ROOT));
      int count = n.path("n").asInt(1);
      switch (kind) {
        case "failNext" -> {
          faults.failNext(e, count, n.path("status").asInt(503));
        }
        case "dropNext" -> {
          faults.dropNext(e, count);
        }
        case "malformedNext" -> {
          faults.malformedNext(e, count);
        }
        default -> {
          faults.throttleNext(
              e,
              count,
              n.path("hourly").asBoolean(false),
              n.has("retryAfterSeconds")
                  ? Duration.ofSeconds(n.path("retryAfterSeconds").asLong())
                  : null);
        }
      }
    }
    if (f.has("forbidMonitor")) {
      faults.forbidMonitor(f.path("forbidMonitor").asBoolean());
    }
    if (f.path("expireTokens").asBoolean(false)) {
      faults.expireTokens();
    }
    if (f.has("overlappingPages")) {
      faults.overlappingPages(f.path("overlappingPages").asInt());
    }
    if (f.has("movingEmptyPages")) {
      faults.movingEmptyPages(f.path("movingEmptyPages").asBoolean());
    }
    if (f.has("ingestionLagSeconds")) {
      faults.ingestionLag(Duration.ofSeconds(f.path("ingestionLagSeconds").asLong()));
    }
    if (f.has("oddTimestamps")) {
      faults.oddTimestamps(f.path("oddTimestamps").asBoolean());
    }
  }
}
