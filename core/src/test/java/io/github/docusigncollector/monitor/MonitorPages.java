package io.github.docusigncollector.monitor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random Monitor answers for differential tests: valid pages (random nesting, strings, escapes,
 * numbers, whitespace, pretty-printing, duplicate ids and keys, odd cursors and timestamps) and
 * mutations of them (truncations, byte flips, inserted garbage, deletions).
 */
final class MonitorPages {
  /** One answer and the ids to treat as delivered before it. */
  record Page(byte[] body, Set<String> delivered) {
    @Override
    public String toString() {
      return "Page[delivered=" + delivered + ", body=" + show(body) + "]";
    }
  }

  private static final String[] WORDS = {
    "eventId",
    "timestamp",
    "data",
    "resultData",
    "endCursor",
    "_time",
    "_time_source",
    "source_log_type",
    "action",
    "object",
    "site",
    "ipAddress",
    "x",
    "",
    "a b",
    "userAgent"
  };
  private static final String[] UNICODE = {
    "\u00e9",
    "\u20ac",
    "\ud83d\ude00",
    "\u4e2d\u6587",
    "\u007f",
    "\u0080",
    "\u07ff",
    "\u0800",
    "\uffff",
    "\ufffe",
    "\udbff\udfff",
    "\u2028"
  };
  private static final byte[][] GARBAGE = {
    b(","),
    b("}"),
    b("]"),
    b("{"),
    b("["),
    b("\""),
    b("\\"),
    b(":"),
    b("{\"a\":1}"),
    b("null"),
    b("/*x*/"),
    b("#"),
    b("'"),
    b("01"),
    b("-"),
    b("1e"),
    b(".5"),
    b("NaN"),
    b("tru"),
    b("\\u12"),
    b(" "),
    b("\n"),
    b("\r\n"),
    b("\t"),
    new byte[] {0},
    new byte[] {0x1f},
    new byte[] {(byte) 0x80},
    new byte[] {(byte) 0xc3},
    new byte[] {(byte) 0xc0, (byte) 0x80},
    new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
    new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
    new byte[] {(byte) 0xff},
    new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
    b("\\ud800"),
    b("\\udc00"),
    b("\\ud83d\\ude00"),
    b("e"),
    b("E+"),
    b("0"),
    b("9")
  };

  private final Random r;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final List<String> ids = new ArrayList<>();
  private final int spacing; // 0 compact, 1 spaces, 2 spaces and line breaks, 3 per event
  private long clock; // the epoch second of the last in-order timestamp
  private boolean lines;

  private MonitorPages(Random r) {
    this.r = r;
    this.spacing = r.nextInt(4);
    this.lines = spacing == 2;
    long day = 7_300L + r.nextInt(18_000); // 1990 to 2039
    this.clock = day * 86_400L + (r.nextBoolean() ? 86_400 - r.nextInt(900) : r.nextInt(86_400));
  }

  /** A valid answer (Jackson accepts it) with about {@code maxEvents} events at most. */
  static Page valid(Random r, int maxEvents) {
    MonitorPages g = new MonitorPages(r);
    if (r.nextInt(20) == 0) {
      g.out.write(0xef);
      g.out.write(0xbb);
      g.out.write(0xbf);
    }
    g.ws();
    g.page(maxEvents);
    g.ws();
    Set<String> delivered = new HashSet<>();
    for (String id : g.ids) {
      if (r.nextInt(4) == 0) {
        delivered.add(id);
      }
    }
    return new Page(g.out.toByteArray(), delivered);
  }

  /** A valid answer with one to three mutations. */
  static Page mutated(Random r, int maxEvents) {
    Page p = valid(r, maxEvents);
    byte[] b = p.body();
    int n = 1 + r.nextInt(3);
    for (int k = 0; k < n; k++) {
      b = mutate(r, b);
    }
    return new Page(b, p.delivered());
  }

  static byte[] mutate(Random r, byte[] b) {
    int at = b.length == 0 ? 0 : r.nextInt(b.length + 1);
    switch (r.nextInt(6)) {
      case 0 -> { // truncate
        return java.util.Arrays.copyOf(b, Math.min(at, b.length));
      }
      case 1 -> { // flip one byte
        if (b.length == 0) {
          return b;
        }
        byte[] c = b.clone();
        int i = Math.min(at, b.length - 1);
        byte[] g = GARBAGE[r.nextInt(GARBAGE.length)];
        c[i] = r.nextBoolean() ? (byte) r.nextInt(256) : g[0];
        return c;
      }
      case 2, 3 -> { // insert garbage
        byte[] g;
        if (r.nextBoolean()) {
          g = GARBAGE[r.nextInt(GARBAGE.length)];
        } else {
          g = new byte[1 + r.nextInt(3)];
          r.nextBytes(g);
        }
        return splice(b, at, 0, g);
      }
      case 4 -> { // delete a few bytes
        int len = Math.min(b.length - Math.min(at, b.length), 1 + r.nextInt(4));
        return splice(b, Math.min(at, b.length), len, new byte[0]);
      }
      default -> { // append
        return splice(b, b.length, 0, GARBAGE[r.nextInt(GARBAGE.length)]);
      }
    }
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    byte[] c = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(insert, 0, c, at, insert.length);
    System.arraycopy(b, at + remove, c, at + insert.length, b.length - at - remove);
    return c;
  }

  // ---- the page

  private void page(int maxEvents) {
    List<Runnable> fields = new ArrayList<>();
    if (r.nextInt(8) != 0) {
      fields.add(this::cursorField);
    }
    int arrays = r.nextInt(12) == 0 ? 2 : r.nextInt(20) == 0 ? 0 : 1;
    for (int k = 0; k < arrays; k++) {
      fields.add(() -> eventsField(maxEvents));
    }
    int extra = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
    for (int k = 0; k < extra; k++) {
      fields.add(
          () -> {
            name(pick(WORDS));
            value(3);
          });
    }
    java.util.Collections.shuffle(fields, r);
    object(fields);
  }

  private void cursorField() {
    name(r.nextInt(10) == 0 ? "endCursor" : null, "endCursor");
    switch (r.nextInt(20)) {
      case 0 -> w("null");
      case 1 -> number();
      case 2 -> w(r.nextBoolean() ? "true" : "false");
      case 3 -> { // an object: the Jackson normalizer reads on inside it
        List<Runnable> inner = new ArrayList<>();
        if (r.nextBoolean()) {
          inner.add(this::cursorField);
        }
        if (r.nextBoolean()) {
          inner.add(() -> eventsField(3));
        }
        if (r.nextBoolean()) {
          inner.add(
              () -> {
                name("k");
                value(2);
              });
        }
        object(inner);
      }
      case 4 -> array(2);
      default -> string(r.nextInt(3) == 0 ? randomText(12) : "c" + r.nextInt(1000), false);
    }
  }

  private void eventsField(int maxEvents) {
    name(
        r.nextInt(10) == 0 ? (r.nextBoolean() ? "d\\u0061ta" : "resultD\\u0061ta") : null,
        r.nextBoolean() ? "data" : "resultData");
    if (r.nextInt(25) == 0) {
      value(2); // not an array: skipped
      return;
    }
    int n = r.nextInt(maxEvents + 1);
    w("[");
    for (int k = 0; k < n; k++) {
      if (k > 0) {
        ws();
        w(",");
      }
      ws();
      if (r.nextInt(10) == 0) {
        switch (r.nextInt(4)) {
          case 0 -> array(2);
          case 1 -> number();
          case 2 -> w("null");
          default -> string(randomText(5), false);
        }
      } else {
        event();
      }
    }
    ws();
    w("]");
  }

  private void event() {
    boolean saved = lines;
    if (spacing == 3) {
      lines = r.nextInt(4) == 0;
    }
    List<Runnable> fields = new ArrayList<>();
    if (r.nextInt(10) != 0) {
      fields.add(this::eventIdField);
      if (r.nextInt(20) == 0) {
        fields.add(this::eventIdField);
      }
    }
    if (r.nextInt(8) != 0) {
      fields.add(this::timestampField);
      if (r.nextInt(20) == 0) {
        fields.add(this::timestampField);
      }
    }
    if (r.nextInt(15) == 0) {
      fields.add(
          () -> {
            String n = pick(new String[] {"_time", "_time_source", "source_log_type"});
            name(r.nextInt(4) == 0 ? escapeFirst(n) : null, n);
            value(2);
          });
    }
    int others = r.nextInt(7);
    for (int k = 0; k < others; k++) {
      fields.add(
          () -> {
            if (r.nextBoolean()) {
              name(pick(WORDS));
            } else {
              nameText(randomText(8));
            }
            value(3);
          });
    }
    java.util.Collections.shuffle(fields, r);
    object(fields);
    lines = saved;
  }

  private void eventIdField() {
    name(r.nextInt(10) == 0 ? "event\\u0049d" : null, "eventId");
    switch (r.nextInt(20)) {
      case 0 -> w("null");
      case 1 -> number();
      case 2 -> w(r.nextBoolean() ? "true" : "false");
      case 3 -> value(2);
      case 4 -> string(randomText(10), true);
      default -> {
        String id;
        if (!ids.isEmpty() && r.nextInt(6) == 0) {
          id = ids.get(r.nextInt(ids.size()));
        } else {
          id = new java.util.UUID(r.nextLong(), r.nextLong()).toString();
          ids.add(id);
        }
        if (r.nextInt(10) == 0) { // escaped, decoded to the same id
          w("\"\\u00" + Integer.toHexString(id.charAt(0)) + id.substring(1) + "\"");
        } else {
          string(id, false);
        }
      }
    }
  }

  private void timestampField() {
    name(r.nextInt(15) == 0 ? "tim\\u0065stamp" : null, "timestamp");
    switch (r.nextInt(14)) {
      case 0 -> w("null");
      case 1 -> w(Long.toString(1_700_000_000L + r.nextInt(100_000_000))); // seconds
      case 2 -> w(Long.toString(1_700_000_000_000L + r.nextInt(1_000_000_000))); // milliseconds
      case 3 -> number();
      case 4 -> string(pick(new String[] {"last tuesday", "", "2026-02-30T00:00:00Z"}), false);
      case 5 -> w("true");
      case 6 -> value(2);
      default -> {
        String t = timestampText();
        if (r.nextInt(8) == 0) { // one escaped character, decoded to the same text
          int i = r.nextInt(t.length());
          w(
              "\""
                  + t.substring(0, i)
                  + String.format("\\u%04x", (int) t.charAt(i))
                  + t.substring(i + 1)
                  + "\"");
        } else {
          string(t, false);
        }
      }
    }
  }

  private String timestampText() {
    StringBuilder s = new StringBuilder();
    if (r.nextInt(5) == 0) {
      s.append(
          String.format(
              "%04d-%02d-%02d%c%02d:%02d:%02d",
              1990 + r.nextInt(50),
              1 + r.nextInt(12),
              1 + r.nextInt(28),
              r.nextInt(10) == 0 ? ' ' : 'T',
              r.nextInt(24),
              r.nextInt(60),
              r.nextInt(61)));
    } else {
      // like a real page: each event a little after the one before, now and then past midnight
      clock += r.nextInt(r.nextInt(10) == 0 ? 4000 : 90);
      java.time.LocalDateTime t =
          java.time.LocalDateTime.ofEpochSecond(clock, 0, java.time.ZoneOffset.UTC);
      s.append(
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02d",
              t.getYear(),
              t.getMonthValue(),
              t.getDayOfMonth(),
              t.getHour(),
              t.getMinute(),
              t.getSecond()));
    }
    int frac = r.nextInt(12) - 1;
    if (frac >= 0) {
      s.append('.');
      for (int k = 0; k < frac; k++) {
        s.append((char) ('0' + r.nextInt(10)));
      }
    }
    switch (r.nextInt(6)) {
      case 0 -> {}
      case 1 -> s.append(String.format("%+03d:%02d", r.nextInt(37) - 18, r.nextInt(60)));
      case 2 -> s.append(String.format("%+03d%02d", r.nextInt(25) - 12, r.nextInt(60)));
      case 3 -> s.append(String.format("%+03d", r.nextInt(25) - 12));
      case 4 -> s.append(r.nextInt(5) == 0 ? 'z' : 'Z');
      default -> s.append('Z');
    }
    return s.toString();
  }

  // ---- values

  private void value(int depth) {
    int k = r.nextInt(depth > 0 ? 9 : 6);
    switch (k) {
      case 0, 1 -> string(randomText(10), false);
      case 2, 3 -> number();
      case 4 -> w(pick(new String[] {"true", "false", "null"}));
      case 5 -> string("", false);
      case 6 -> array(depth - 1);
      default -> {
        List<Runnable> fields = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          fields.add(
              () -> {
                if (r.nextBoolean()) {
                  name(pick(WORDS));
                } else {
                  nameText(randomText(6));
                }
                value(depth - 1);
              });
        }
        object(fields);
      }
    }
  }

  private void array(int depth) {
    w("[");
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        ws();
        w(",");
      }
      ws();
      value(Math.max(0, depth));
    }
    ws();
    w("]");
  }

  private void object(List<Runnable> fields) {
    w("{");
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        ws();
        w(",");
      }
      ws();
      fields.get(i).run();
    }
    ws();
    w("}");
  }

  private void number() {
    StringBuilder s = new StringBuilder();
    if (r.nextInt(3) == 0) {
      s.append('-');
    }
    switch (r.nextInt(4)) {
      case 0 -> s.append('0');
      case 1 -> s.append(1 + r.nextInt(9));
      case 2 -> s.append(Math.abs(r.nextLong() % 10_000_000_000L) + 1);
      default -> {
        s.append(1 + r.nextInt(9));
        int n = r.nextInt(30);
        for (int i = 0; i < n; i++) {
          s.append(r.nextInt(10));
        }
      }
    }
    if (r.nextInt(3) == 0) {
      s.append('.');
      int n = 1 + r.nextInt(8);
      for (int i = 0; i < n; i++) {
        s.append(r.nextInt(10));
      }
    }
    if (r.nextInt(5) == 0) {
      s.append(r.nextBoolean() ? 'e' : 'E');
      int sign = r.nextInt(3);
      if (sign > 0) {
        s.append(sign == 1 ? '+' : '-');
      }
      s.append(r.nextInt(400));
    }
    w(s.toString());
  }

  /** A field name, written escaped ({@code raw}, already JSON text) or plainly. */
  private void name(String raw, String plain) {
    if (raw != null) {
      w("\"" + raw + "\"");
    } else {
      string(plain, true);
    }
    ws();
    w(":");
    ws();
  }

  private void name(String plain) {
    name(null, plain);
  }

  private void nameText(String text) {
    string(text, true);
    ws();
    w(":");
    ws();
  }

  /** Writes {@code text} as a JSON string, sometimes with characters escaped that need not be. */
  private void string(String text, boolean isName) {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20) {
        s.append(
            switch (c) {
              case '\n' -> "\\n";
              case '\r' -> "\\r";
              case '\t' -> "\\t";
              case '\b' -> "\\b";
              case '\f' -> "\\f";
              default -> String.format("\\u%04x", (int) c);
            });
      } else if (Character.isSurrogate(c) && !pair) {
        if (isName) {
          s.append('?'); // Jackson rejects a lone surrogate in a name, escaped or not
        } else {
          s.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
        }
      } else if (pair && r.nextInt(4) == 0) {
        s.append(String.format("\\u%04x\\u%04X", (int) c, (int) text.charAt(i + 1)));
        i++;
      } else if (!pair && r.nextInt(30) == 0) {
        s.append(r.nextBoolean() && c == '/' ? "\\/" : String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
        if (pair) {
          s.append(text.charAt(++i));
        }
      }
    }
    s.append('"');
    byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
  }

  private String randomText(int max) {
    int n = r.nextInt(max + 1);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(20);
      if (k < 12) {
        s.append((char) (' ' + r.nextInt(95)));
      } else if (k < 15) {
        s.append(pick(UNICODE));
      } else if (k < 18) {
        s.append(pick(new String[] {"\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0001"}));
      } else if (k < 19) {
        s.append((char) (0xd800 + r.nextInt(0x800))); // a lone surrogate (escaped when written)
      } else {
        s.append(pick(WORDS));
      }
    }
    return s.toString();
  }

  private static String escapeFirst(String name) {
    return String.format("\\u%04x", (int) name.charAt(0)) + name.substring(1);
  }

  private void ws() {
    if (spacing == 0 || r.nextInt(3) != 0) {
      return;
    }
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(lines ? 5 : 2);
      w(
          switch (k) {
            case 0 -> " ";
            case 1 -> "\t";
            case 2 -> "\n";
            case 3 -> "\r\n";
            default -> "\n    ";
          });
    }
  }

  private void w(String ascii) {
    byte[] bytes = ascii.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
  }

  private <T> T pick(T[] options) {
    return options[r.nextInt(options.length)];
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes as a Java string literal body: printable ASCII as is, the rest escaped. */
  static String show(byte[] body) {
    StringBuilder s = new StringBuilder();
    for (byte x : body) {
      int c = x & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        s.append((char) c);
      } else {
        s.append(String.format("\\x%02x", c));
      }
    }
    return s.toString();
  }
}
