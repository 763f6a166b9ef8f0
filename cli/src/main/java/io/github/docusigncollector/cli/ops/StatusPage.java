package io.github.docusigncollector.cli.ops;

import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.CollectorConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The status page {@code /}: one self-contained HTML document (inline style, no script, no image or
 * font), refreshed by the browser every 30 seconds. Per stream a state an operator reads at a
 * glance (ok, behind, failing), the last success, the lag, today's events and the hour's API
 * budget; the sink's state and dead letters; and each problem with its fix. With {@code accounts:}
 * every stream row and problem names its account, and a fix speaks of that account's user and keys
 * (a missing consent links to that account's consent URL).
 */
public final class StatusPage {
  static final int REFRESH_SECONDS = 30;

  private StatusPage() {}

  /** A stream's state on the page. */
  public enum State {
    OK("ok", "#1a7f37"),
    STARTING("starting", "#57606a"),
    BEHIND("behind", "#9a6700"),
    FAILING("failing", "#cf222e");

    final String word;
    final String color;

    State(String word, String color) {
      this.word = word;
      this.color = color;
    }
  }

  /** The state of {@code s}: failing on an error, behind when not caught up or not recent. */
  public static State stateOf(Telemetry.StreamView s, Duration interval, Instant now) {
    if (s.lastError() != null) {
      return State.FAILING;
    }
    if (s.lastCycle() == null) {
      return State.STARTING;
    }
    boolean stale =
        s.lastSuccess() == null
            || Duration.between(s.lastSuccess(), now).compareTo(interval.multipliedBy(3)) > 0;
    return stale || !s.caughtUp() ? State.BEHIND : State.OK;
  }

  public static String render(Telemetry t) {
    CollectorConfig config = t.config();
    Instant now = t.now();
    boolean named = t.named();
    List<Telemetry.StreamView> streams = t.streams();
    List<Telemetry.SinkView> sinks = t.sinks();
    Map<String, Integer> used = new HashMap<>();
    t.accounts().forEach(a -> used.put(a.name(), a.apiCallsThisHour()));
    State overall = State.OK;
    List<String> problems = new ArrayList<>();
    for (Telemetry.StreamView s : streams) {
      State st = stateOf(s, config.interval(), now);
      if (st.compareTo(overall) > 0) { // declared from best to worst
        overall = st;
      }
    }
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"")
        .append(REFRESH_SECONDS)
        .append("\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>docusign-collector: ")
        .append(overall.word)
        .append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff}")
        .append("h1{font-size:22px;margin:0 0 4px}p.sub{color:#57606a;margin:0 0 20px}")
        .append("table{border-collapse:collapse;width:100%;margin-bottom:20px}")
        .append("th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #d0d7de;")
        .append("vertical-align:top}th{background:#f6f8fa;font-weight:600}")
        .append(".state{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;")
        .append("font-weight:700;text-transform:uppercase;font-size:13px}")
        .append(".problem{border-left:6px solid #cf222e;background:#fff5f5;padding:10px 14px;")
        .append("margin:0 0 12px}.problem h3{margin:0 0 6px;font-size:16px}")
        .append(".problem a{word-break:break-all}code{background:#f6f8fa;padding:1px 4px}")
        .append("</style></head><body>\n");
    h.append("<h1>docusign-collector <span class=\"state\" id=\"overall\" style=\"background:")
        .append(overall.color)
        .append("\">")
        .append(overall.word)
        .append("</span></h1>\n<p class=\"sub\">")
        .append(accountsLine(t))
        .append(" &middot; as of ")
        .append(esc(now.truncatedTo(ChronoUnit.SECONDS).toString()))
        .append(" &middot; cycle every ")
        .append(config.interval().toSeconds())
        .append(" s &middot; this page refreshes every ")
        .append(REFRESH_SECONDS)
        .append(" s</p>\n");

    h.append("<h2>Streams</h2>\n<table id=\"streams\"><tr>")
        .append(named ? "<th>Account</th>" : "")
        .append("<th>Stream</th><th>State</th>")
        .append("<th>Last success</th><th>Lag (newest event)</th><th>Events today (UTC)</th>")
        .append("<th>API budget used this hour</th></tr>\n");
    for (Telemetry.StreamView s : streams) {
      State st = stateOf(s, config.interval(), now);
      CollectorConfig own = t.account(s.account()).config();
      int calls = used.getOrDefault(s.account(), -1);
      h.append("<tr class=\"stream\" data-account=\"")
          .append(esc(s.account()))
          .append("\" data-stream=\"")
          .append(s.type().key())
          .append("\" data-state=\"")
          .append(st.word)
          .append("\">")
          .append(named ? "<td><b>" + esc(s.account()) + "</b></td>" : "")
          .append("<td><b>")
          .append(s.type().key())
          .append("</b></td><td><span class=\"state\" style=\"background:")
          .append(st.color)
          .append("\">")
          .append(st.word)
          .append("</span></td><td>")
          .append(when(s.lastSuccess(), now))
          .append("</td><td>")
          .append(s.newestEvent() == null ? "no event yet" : ago(s.newestEvent(), now))
          .append("</td><td>")
          .append(s.today())
          .append("</td><td>")
          .append(calls < 0 ? "unknown" : calls + " of " + own.apiBudgetPerHour())
          .append("</td></tr>\n");
      if (s.lastError() != null) {
        Diagnosis d = Diagnosis.of(s.lastError(), s.lastErrorCode(), own);
        StringBuilder p = new StringBuilder();
        p.append("<div class=\"problem\" data-account=\"")
            .append(esc(s.account()))
            .append("\" data-stream=\"")
            .append(s.type().key())
            .append("\"><h3>")
            .append(named ? "Account " + esc(s.account()) + ", " : "")
            .append(s.type().key())
            .append(": ")
            .append(esc(d.problem()))
            .append("</h3><p><b>Fix:</b> ")
            .append(esc(d.fix()))
            .append("</p>");
        if (d.link() != null) {
          p.append("<p><a class=\"fix-link\" href=\"")
              .append(esc(d.link()))
              .append("\">")
              .append(esc(d.link()))
              .append("</a></p>");
        }
        p.append("<p><small>Last error at ")
            .append(esc(String.valueOf(s.lastErrorAt())))
            .append(": ")
            .append(esc(s.lastError()))
            .append("</small></p></div>\n");
        problems.add(p.toString());
      }
    }
    h.append("</table>\n");

    h.append("<h2>Sink</h2>\n<table id=\"sinks\"><tr><th>Sink</th><th>State</th>")
        .append("<th>Last batch accepted</th><th>Dead letters</th></tr>\n");
    for (Telemetry.SinkView k : sinks) {
      State st = k.failing() ? State.FAILING : State.OK;
      h.append("<tr class=\"sink\" data-state=\"")
          .append(st.word)
          .append("\"><td><b>")
          .append(esc(k.name()))
          .append("</b></td><td><span class=\"state\" style=\"background:")
          .append(st.color)
          .append("\">")
          .append(st.word)
          .append("</span></td><td>")
          .append(when(k.lastAccepted(), now))
          .append("</td><td class=\"dead-letters\">")
          .append(k.deadLetters())
          .append("</td></tr>\n");
      if (k.failing()) {
        problems.add(
            "<div class=\"problem\" data-sink=\""
                + esc(k.name())
                + "\"><h3>Sink "
                + esc(k.name())
                + ": delivery failed</h3><p><b>Fix:</b> make the output reachable and"
                + " writable again (see <code>output</code> in the configuration); nothing is"
                + " checkpointed past an undelivered event, so the next cycle delivers it.</p>"
                + "<p><small>"
                + esc(String.valueOf(k.lastFailureAt()))
                + ": "
                + esc(k.lastFailure())
                + "</small></p></div>\n");
      }
    }
    h.append("</table>\n<h2>Problems</h2>\n<div id=\"problems\">");
    if (problems.isEmpty()) {
      h.append("<p id=\"no-problems\">None: nothing to do.</p>");
    } else {
      problems.forEach(h::append);
    }
    h.append("</div>\n<p class=\"sub\">Also: <a href=\"/metrics\">/metrics</a> (Prometheus),")
        .append(" <a href=\"/readyz\">/readyz</a>, <a href=\"/healthz\">/healthz</a>.</p>\n")
        .append("</body></html>\n");
    return Secrets.redact(h.toString());
  }

  /** "Account <b>default</b>", or the number and names of the accounts. */
  private static String accountsLine(Telemetry t) {
    if (!t.named()) {
      return "Account <b>" + esc(Telemetry.ACCOUNT) + "</b>";
    }
    StringBuilder b = new StringBuilder();
    List<Telemetry.AccountTelemetry> all = t.accounts();
    b.append(all.size()).append(all.size() == 1 ? " account: " : " accounts: ");
    for (int i = 0; i < all.size(); i++) {
      b.append(i == 0 ? "" : ", ").append("<b>").append(esc(all.get(i).name())).append("</b>");
    }
    return b.toString();
  }

  private static String when(Instant t, Instant now) {
    if (t == null) {
      return "never";
    }
    return esc(t.truncatedTo(ChronoUnit.SECONDS).toString()) + " (" + ago(t, now) + ")";
  }

  static String ago(Instant t, Instant now) {
    long s = Math.max(0, Duration.between(t, now).toSeconds());
    if (s < 120) {
      return s + " s ago";
    }
    if (s < 7200) {
      return (s / 60) + " min ago";
    }
    if (s < 172_800) {
      return (s / 3600) + " h ago";
    }
    return (s / 86_400) + " days ago";
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
