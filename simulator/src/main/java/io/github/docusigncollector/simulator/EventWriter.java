package io.github.docusigncollector.simulator;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/** Writes one Monitor event as JSON, straight into bytes, from (seed, index). */
final class EventWriter {
  private static final long TICKS_PER_SECOND = 10_000_000L;

  /** A browser/OS/device profile: the raw user agent and its parsed pieces. */
  private record Agent(
      String userAgent,
      String browser,
      String browserVersion,
      String os,
      String osVersion,
      String device,
      String deviceType) {}

  /** A place: city, state, country, coordinates in millionths, and a first IP octet. */
  private record Place(String city, String state, String country, long lat, long lon, int octet) {}

  /** One kind of event and how often it happens. */
  private record Kind(
      String object,
      String action,
      String property,
      String field,
      String result,
      String source,
      int weight,
      int data) {}

  private static final Agent[] AGENTS = {
    new Agent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.0.0 Safari/537.36",
        "Chrome",
        "124.0.0",
        "Windows",
        "10",
        "Other",
        "Desktop"),
    new Agent(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
            + " Version/17.4 Safari/605.1.15",
        "Safari",
        "17.4",
        "Mac OS X",
        "10.15.7",
        "Mac",
        "Desktop"),
    new Agent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/123.0.0.0 Safari/537.36 Edg/123.0.2420.81",
        "Edge",
        "123.0.2420",
        "Windows",
        "11",
        "Other",
        "Desktop"),
    new Agent(
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Firefox",
        "125.0",
        "Linux",
        "",
        "Other",
        "Desktop"),
    new Agent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
            + " Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Mobile Safari",
        "17.4",
        "iOS",
        "17.4",
        "iPhone",
        "Mobile"),
    new Agent(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.6367.82 Mobile Safari/537.36",
        "Chrome Mobile",
        "124.0.6367",
        "Android",
        "14",
        "Pixel 8",
        "Mobile"),
    new Agent("DocuSign-Java-SDK/4.5.0/Java 17", "Other", "", "Other", "", "Other", "Other"),
    new Agent("python-requests/2.31.0", "Python Requests", "2.31", "Other", "", "Other", "Other"),
  };

  private static final Place[] PLACES = {
    new Place("San Francisco", "California", "US", 37_774_900, -122_419_400, 73),
    new Place("Seattle", "Washington", "US", 47_606_200, -122_332_100, 24),
    new Place("New York", "New York", "US", 40_712_800, -74_006_000, 68),
    new Place("Chicago", "Illinois", "US", 41_878_100, -87_629_800, 98),
    new Place("Austin", "Texas", "US", 30_267_200, -97_743_100, 70),
    new Place("London", "England", "GB", 51_507_400, -127_800, 81),
    new Place("Dublin", "Leinster", "IE", 53_349_800, -6_260_300, 86),
    new Place("Paris", "Ile-de-France", "FR", 48_856_600, 2_352_200, 90),
    new Place("Berlin", "Berlin", "DE", 52_520_000, 13_405_000, 91),
    new Place("Toronto", "Ontario", "CA", 43_653_200, -79_383_200, 99),
    new Place("Sydney", "New South Wales", "AU", -33_868_800, 151_209_300, 101),
    new Place("Sao Paulo", "Sao Paulo", "BR", -23_555_100, -46_633_300, 177),
    new Place("Tokyo", "Tokyo", "JP", 35_676_200, 139_650_300, 126),
  };

  private static final Kind[] KINDS = {
    new Kind("Login", "Login", "", "", "Success", "Web", 24, 1),
    new Kind("Login", "Login", "", "", "Failure", "Web", 5, 2),
    new Kind("Login", "Logout", "", "", "Success", "Web", 6, 0),
    new Kind("Envelope", "EnvelopeSent", "", "", "Success", "API", 15, 3),
    new Kind("Envelope", "EnvelopeViewed", "", "", "Success", "Web", 12, 4),
    new Kind("Envelope", "EnvelopeCompleted", "", "", "Success", "Web", 7, 4),
    new Kind("Envelope", "EnvelopeVoided", "", "", "Success", "Web", 2, 4),
    new Kind("Document", "DocumentDownloaded", "", "", "Success", "Web", 8, 5),
    new Kind("IntegrationKey", "AccessTokenGranted", "", "", "Success", "API", 6, 6),
    new Kind("User", "UserCreated", "", "", "Success", "Web", 3, 7),
    new Kind("User", "UserUpdated", "Email", "Email", "Success", "Web", 2, 7),
    new Kind("User", "UserClosed", "", "", "Success", "Web", 1, 7),
    new Kind(
        "PermissionProfile",
        "PermissionProfileChanged",
        "Permission",
        "CanManageAccount",
        "Success",
        "Web",
        3,
        8),
    new Kind(
        "Account",
        "AccountSettingChanged",
        "Setting",
        "EnableSignerAttachments",
        "Success",
        "Web",
        2,
        9),
    new Kind("Alert", "Alert", "FailedLoginAttempts", "", "Triggered", "Monitor", 2, 10),
    new Kind("Alert", "Alert", "UnusualEnvelopeVolume", "", "Triggered", "Monitor", 1, 11),
  };

  private static final String[] PROXY = {
    "NotAProxy",
    "NotAProxy",
    "NotAProxy",
    "NotAProxy",
    "NotAProxy",
    "NotAProxy",
    "NotAProxy",
    "NotAProxy",
    "Proxy",
    "Vpn"
  };
  private static final String[] SITES = {"NA3", "NA3", "NA3", "NA4", "NA2"};
  private static final int[] KIND_TABLE;

  static {
    int total = 0;
    for (Kind k : KINDS) {
      total += k.weight();
    }
    KIND_TABLE = new int[total];
    int at = 0;
    for (int i = 0; i < KINDS.length; i++) {
      for (int w = 0; w < KINDS[i].weight(); w++) {
        KIND_TABLE[at++] = i;
      }
    }
  }

  private final long seed;
  private final long userCount;
  private final byte[][] siteHeads;
  private final byte[] adminUserId;
  private final byte[] integrationKey;
  private final byte[][] otherKeys;

  /** Per-thread scratch: the generator and a cached date prefix. */
  private static final class Scratch {
    final Mix.Seq seq = new Mix.Seq(0);
    long day = Long.MIN_VALUE;
    byte[] date;
  }

  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  EventWriter(
      long seed,
      long userCount,
      String accountId,
      String organizationId,
      String adminUserId,
      String integrationKey) {
    this.seed = seed;
    this.userCount = userCount;
    this.adminUserId = b(adminUserId);
    this.integrationKey = b(integrationKey);
    this.otherKeys = new byte[3][];
    for (int i = 0; i < otherKeys.length; i++) {
      otherKeys[i] = b(Mix.guid(seed, 31, i).toString());
    }
    this.siteHeads = new byte[SITES.length][];
    for (int i = 0; i < SITES.length; i++) {
      siteHeads[i] =
          b(
              "\",\"site\":"
                  + q(SITES[i])
                  + ",\"accountId\":"
                  + q(accountId)
                  + ",\"organizationId\":"
                  + q(organizationId)
                  + ",\"userId\":\"");
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String q(String s) {
    return "\"" + s + "\"";
  }

  private static final byte[] TS_OPEN = b("\"timestamp\":\"");
  private static final byte[] TS_CLOSE = b("\",");
  private static final byte[] EVENT_ID = b("\"eventId\":\"");
  private static final byte[] KEY_OPEN = b("\",\"integratorKey\":\"");
  private static final byte[] KEY_CLOSE = b("\",");
  private static final byte[] LAT = b("\",\"ipAddressLocation\":{\"latitude\":");
  private static final byte[] LON = b(",\"longitude\":");
  private static final byte[] PROXY_OPEN = b(",\"proxyStatus\":\"");
  private static final byte[] LAT2 = b("\",\"latitude\":");
  private static final byte[] TRUE = b("true");
  private static final byte[] FALSE = b("false");
  private static final byte[] END = b("}}");
  private static final byte[][] AGENT_HEAD = new byte[AGENTS.length][];
  private static final byte[][] AGENT_TAIL = new byte[AGENTS.length][];
  private static final byte[][] PLACE_HEAD = new byte[PLACES.length][];
  private static final byte[][] PLACE_TAIL = new byte[PLACES.length][];
  private static final byte[][] KIND_SEG = new byte[KINDS.length][];
  private static final byte[][] PROXY_SEG = new byte[PROXY.length][];

  static {
    for (int i = 0; i < AGENTS.length; i++) {
      Agent a = AGENTS[i];
      AGENT_HEAD[i] =
          b(
              "\"userAgent\":"
                  + q(a.userAgent())
                  + ",\"userAgentClientInfo\":{\"browser\":{\"family\":"
                  + q(a.browser())
                  + ",\"version\":"
                  + q(a.browserVersion())
                  + "},\"device\":{\"family\":"
                  + q(a.device())
                  + ",\"type\":"
                  + q(a.deviceType())
                  + "},\"os\":{\"family\":"
                  + q(a.os())
                  + ",\"version\":"
                  + q(a.osVersion())
                  + "}},\"ipAddress\":\"");
      AGENT_TAIL[i] =
          b(
              "\"device\":"
                  + q(a.deviceType())
                  + ",\"browser\":"
                  + q(a.browser())
                  + ",\"os\":"
                  + q(a.os())
                  + ",\"data\":{");
    }
    for (int i = 0; i < PLACES.length; i++) {
      Place p = PLACES[i];
      PLACE_HEAD[i] =
          b(
              ",\"country\":"
                  + q(p.country())
                  + ",\"state\":"
                  + q(p.state())
                  + ",\"city\":"
                  + q(p.city())
                  + "},");
      PLACE_TAIL[i] =
          b(
              ",\"city\":"
                  + q(p.city())
                  + ",\"state\":"
                  + q(p.state())
                  + ",\"country\":"
                  + q(p.country())
                  + ",");
    }
    for (int i = 0; i < KINDS.length; i++) {
      Kind k = KINDS[i];
      KIND_SEG[i] =
          b(
              "\"object\":"
                  + q(k.object())
                  + ",\"action\":"
                  + q(k.action())
                  + ",\"property\":"
                  + q(k.property())
                  + ",\"field\":"
                  + q(k.field())
                  + ",\"result\":"
                  + q(k.result())
                  + ",\"source\":"
                  + q(k.source())
                  + ",\"isUserMemberOfDomain\":");
    }
    for (int i = 0; i < PROXY.length; i++) {
      PROXY_SEG[i] = b(PROXY[i]);
    }
  }

  void write(ByteSink out, long index, long ingestionNanos, long lagNanos, boolean odd) {
    Scratch s = scratch.get();
    Mix.Seq r = s.seq;
    r.reseed(Mix.mix(seed, EventStream.EVENT_STREAM + 1, index));
    long ticks = Math.floorDiv(ingestionNanos, 100);
    ticks -= Long.remainderUnsigned(r.next(), 5 * TICKS_PER_SECOND + 1);
    if (lagNanos > 0) {
      ticks -= Long.remainderUnsigned(r.next(), lagNanos / 100 + 1);
    }
    int oddity = -1;
    if (odd && r.below(4) == 0) {
      oddity = r.below(4);
    }
    out.ch('{');
    if (oddity != 3) {
      out.raw(TS_OPEN);
      writeTimestamp(out, s, r, ticks, oddity);
      out.raw(TS_CLOSE);
    }
    long hi = Mix.mix(seed, EventStream.EVENT_STREAM, index);
    long lo = Mix.mix(seed, EventStream.EVENT_STREAM + 0x5151, index);
    hi = (hi & ~0xF000L) | 0x4000L;
    lo = (lo & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    out.raw(EVENT_ID).guid(hi, lo);
    out.raw(siteHeads[r.below(siteHeads.length)]);
    if (userCount > 0 && r.below(10) > 0) {
      long u = Long.remainderUnsigned(r.next(), userCount);
      long uhi = Mix.mix(seed, UserDirectory.USER_STREAM, u);
      long ulo = Mix.mix(seed, UserDirectory.USER_STREAM + 0x5151, u);
      uhi = (uhi & ~0xF000L) | 0x4000L;
      ulo = (ulo & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
      out.guid(uhi, ulo);
    } else {
      out.raw(adminUserId);
    }
    int kindIndex = KIND_TABLE[r.below(KIND_TABLE.length)];
    Kind kind = KINDS[kindIndex];
    boolean api = "API".equals(kind.source());
    int agent = api ? 6 + r.below(2) : r.below(6);
    out.raw(KEY_OPEN);
    if (api) {
      out.raw(r.below(2) == 0 ? integrationKey : otherKeys[r.below(otherKeys.length)]);
    }
    out.raw(KEY_CLOSE);
    out.raw(AGENT_HEAD[agent]);
    int placeIndex = r.below(PLACES.length);
    Place place = PLACES[placeIndex];
    long lat = place.lat() + r.below(20_001) - 10_000;
    long lon = place.lon() + r.below(20_001) - 10_000;
    out.num(place.octet())
        .ch('.')
        .num(r.below(256))
        .ch('.')
        .num(r.below(256))
        .ch('.')
        .num(1 + r.below(254));
    out.raw(LAT).coord(lat).raw(LON).coord(lon).raw(PLACE_HEAD[placeIndex]);
    out.raw(KIND_SEG[kindIndex]).raw(r.below(5) == 0 ? FALSE : TRUE);
    out.raw(PROXY_OPEN).raw(PROXY_SEG[r.below(PROXY.length)]);
    out.raw(LAT2).coord(lat).raw(LON).coord(lon).raw(PLACE_TAIL[placeIndex]);
    out.raw(AGENT_TAIL[agent]);
    writeData(out, r, kind.data(), index);
    out.raw(END);
  }

  private void writeData(ByteSink out, Mix.Seq r, int data, long index) {
    switch (data) {
      case 1 -> {
        out.ascii("\"LoginType\":\"")
            .ascii(r.below(3) == 0 ? "SSO" : "Password")
            .ascii("\",\"AuthenticationMethod\":\"")
            .ascii(r.below(4) == 0 ? "TwoFactor" : "Password")
            .ch('"');
      }
      case 2 -> {
        out.ascii("\"LoginType\":\"Password\",\"FailureReason\":\"")
            .ascii(r.below(3) == 0 ? "AccountLocked" : "InvalidPassword")
            .ascii("\",\"FailedAttempts\":")
            .num(1 + r.below(6));
      }
      case 3 -> {
        out.ascii("\"EnvelopeId\":\"")
            .guid(r.next(), r.next())
            .ascii("\",\"Subject\":\"Please DocuSign: Agreement ")
            .num(1000 + r.below(9000))
            .ascii("\",\"RecipientCount\":")
            .num(1 + r.below(4));
      }
      case 4 -> {
        out.ascii("\"EnvelopeId\":\"").guid(r.next(), r.next()).ch('"');
      }
      case 5 -> {
        out.ascii("\"EnvelopeId\":\"")
            .guid(r.next(), r.next())
            .ascii("\",\"DocumentId\":\"")
            .num(1 + r.below(3))
            .ch('"');
      }
      case 6 -> {
        out.ascii("\"GrantType\":\"")
            .ascii(r.below(3) == 0 ? "AuthorizationCode" : "JwtBearer")
            .ascii("\",\"Scopes\":\"signature impersonation\"");
      }
      case 7 -> {
        out.ascii("\"AffectedUserId\":\"")
            .guid(r.next(), r.next())
            .ascii("\",\"AffectedUserEmail\":\"user")
            .num(index % 100_000)
            .ascii("@example.com\"");
      }
      case 8 -> {
        out.ascii("\"PermissionProfileName\":\"")
            .ascii(r.below(2) == 0 ? "DS Admin" : "DS Sender")
            .ascii("\",\"OldValue\":\"False\",\"NewValue\":\"True\"");
      }
      case 9 -> {
        out.ascii("\"OldValue\":\"False\",\"NewValue\":\"True\"");
      }
      case 10 -> {
        out.ascii("\"AlertName\":\"Multiple failed login attempts\",\"Severity\":\"High\",")
            .ascii("\"Count\":")
            .num(5 + r.below(20));
      }
      case 11 -> {
        out.ascii("\"AlertName\":\"Unusual increase in envelopes sent\",\"Severity\":\"Medium\",")
            .ascii("\"Count\":")
            .num(100 + r.below(900));
      }
      default -> {}
    }
  }

  /** Fraction digits: mostly 7, some 6, a few 0 to 5; the ".NET" way of trimming zeros. */
  private static void writeTimestamp(ByteSink out, Scratch s, Mix.Seq r, long ticks, int oddity) {
    long sec = Math.floorDiv(ticks, TICKS_PER_SECOND);
    long frac = Math.floorMod(ticks, TICKS_PER_SECOND);
    long day = Math.floorDiv(sec, 86_400);
    if (day != s.day) {
      s.day = day;
      s.date = LocalDate.ofEpochDay(day).toString().getBytes(StandardCharsets.US_ASCII);
    }
    int secOfDay = (int) (sec - day * 86_400);
    out.raw(s.date)
        .ch('T')
        .padded(secOfDay / 3600, 2)
        .ch(':')
        .padded((secOfDay / 60) % 60, 2)
        .ch(':')
        .padded(secOfDay % 60, 2);
    int pick = r.below(100);
    int digits = pick < 70 ? 7 : pick < 88 ? 6 : r.below(6);
    switch (oddity) {
      case 0 -> {
        out.ch('Z');
        return;
      }
      case 1 -> {
        out.ch('.').padded(frac * 100 + r.below(100), 9).ch('Z');
        return;
      }
      case 2 -> {
        out.ch('.').padded(frac, 7).ascii("+00:00");
        return;
      }
      default -> {}
    }
    if (digits > 0) {
      long f = frac;
      for (int i = 7; i > digits; i--) {
        f /= 10;
      }
      // The server's formatter drops trailing zeros ("FFFFFFF"), so fewer digits appear.
      while (digits > 0 && f % 10 == 0) {
        f /= 10;
        digits--;
      }
      if (digits > 0) {
        out.ch('.').padded(f, digits);
      }
    }
    out.ch('Z');
  }
}
