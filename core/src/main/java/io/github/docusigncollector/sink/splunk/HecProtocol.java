package io.github.docusigncollector.sink.splunk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.docusigncollector.sink.remote.Answer;
import io.github.docusigncollector.sink.remote.Answers;
import io.github.docusigncollector.sink.remote.Body;
import io.github.docusigncollector.sink.remote.EventFields;
import io.github.docusigncollector.sink.remote.Events;
import io.github.docusigncollector.sink.remote.Exchange;
import io.github.docusigncollector.sink.remote.Protocol;
import io.github.docusigncollector.sink.remote.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HEC's event endpoint: one envelope per event ({@code time} from {@code _time} in epoch seconds,
 * {@code sourcetype}, {@code index}, {@code source}, {@code host}, {@code event}), concatenated;
 * answers read by HEC's codes. Code 6 (and 12, 13) refuses the whole request and names the bad
 * event by {@code invalid-event-number}: that event is a dead letter, the rest is sent again.
 */
final class HecProtocol implements Protocol {
  private static final Logger LOG = LoggerFactory.getLogger(HecProtocol.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN_KEY = "output.token";

  private final URI eventUri;
  private final URI ackUri;
  private final String authorization;
  private final byte[] fixedFields;
  private final String sourcetype;
  private final boolean ack;
  private final String channel;
  private final Map<String, byte[]> sourcetypes = new HashMap<>();
  private boolean warnedNoAckId;

  HecProtocol(
      URI base,
      String token,
      String index,
      String sourcetype,
      String source,
      String host,
      boolean ack,
      String channel) {
    this.eventUri = URI.create(base + "/services/collector/event");
    this.ackUri = URI.create(base + "/services/collector/ack?channel=" + channel);
    this.authorization = "Splunk " + token;
    StringBuilder f = new StringBuilder();
    if (index != null) {
      f.append("\"index\":").append(quote(index)).append(',');
    }
    if (source != null) {
      f.append("\"source\":").append(quote(source)).append(',');
    }
    if (host != null) {
      f.append("\"host\":").append(quote(host)).append(',');
    }
    this.fixedFields = f.toString().getBytes(StandardCharsets.UTF_8);
    this.sourcetype = sourcetype;
    this.ack = ack;
    this.channel = channel;
  }

  @Override
  public void frame(Events events, int[] idx, int count, Body out) {
    for (int k = 0; k < count; k++) {
      int i = idx[k];
      out.write('{');
      long ms = EventFields.timeMillis(events, i);
      if (ms >= 0) {
        out.ascii("\"time\":");
        EventFields.writeEpochSeconds(ms, out);
        out.write(',');
      }
      out.write(sourcetypeField(events, i));
      out.write(fixedFields);
      out.ascii("\"event\":");
      out.write(events, i);
      out.write('}');
      out.write('\n');
    }
  }

  /**
   * The envelope: {@code {"time":…,"sourcetype":"…",} the fixed fields, {@code "event":} and the
   * closing brace; a sourcetype of up to 64 characters.
   */
  @Override
  public int framingBytesPerEvent() {
    return fixedFields.length + 120;
  }

  private byte[] sourcetypeField(Events events, int i) {
    String type;
    if (sourcetype != null) {
      type = sourcetype;
    } else {
      String slt = EventFields.sourceLogType(events, i);
      type = slt == null ? "docusign" : "docusign:" + slt;
    }
    return sourcetypes.computeIfAbsent(
        type, t -> ("\"sourcetype\":" + quote(t) + ",").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public HttpRequest.Builder request() {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(eventUri)
            .header("Authorization", authorization)
            .header("Content-Type", "application/json");
    if (ack) {
      b.header("X-Splunk-Request-Channel", channel);
    }
    return b;
  }

  @Override
  public String credentialKey() {
    return TOKEN_KEY;
  }

  @Override
  public Answer read(Response r, Events events, int[] idx, int count, Exchange exchange) {
    int status = r.status();
    if (status == 413) {
      return Answer.tooLarge(413, "HTTP 413 (request too large)");
    }
    JsonNode body = parse(r);
    if (body == null) {
      if (r.ok()) {
        // A 2xx that is not HEC's answer is no acknowledgement.
        return Answer.retry(
            status, "an unreadable answer (HTTP " + status + Answers.snippet(r) + ")", null);
      }
      return Answers.byStatus(r, TOKEN_KEY);
    }
    int code = body.path("code").asInt(-1);
    String text = body.path("text").asText("");
    String what = "HEC code " + code + " \"" + text + "\" (HTTP " + status + ")";
    if (status == 200 && code == 0) {
      if (!ack) {
        return Answer.delivered();
      }
      JsonNode id = body.get("ackId");
      if (id == null || !id.canConvertToLong()) {
        if (!warnedNoAckId) {
          warnedNoAckId = true;
          LOG.warn(
              "splunk_hec: ack: true, but HEC answers without an ackId (indexer acknowledgement is"
                  + " off for this token); a 200 counts as delivered");
        }
        return Answer.delivered();
      }
      return Answer.pending(id.asLong());
    }
    switch (code) {
      case 1, 2, 3, 4:
        return Answer.fatal(status, "HEC refused the token: " + what + "; check " + TOKEN_KEY);
      case 6, 12, 13:
        {
          JsonNode n = body.get("invalid-event-number");
          if (n != null && n.canConvertToInt() && n.asInt() >= 0 && n.asInt() < count) {
            Answer.Item[] items = new Answer.Item[count];
            String[] reasons = new String[count];
            Arrays.fill(items, Answer.Item.RETRY);
            items[n.asInt()] = Answer.Item.DEAD;
            reasons[n.asInt()] = what;
            return Answer.items(items, reasons, null);
          }
          if (count == 1) {
            return Answer.items(new Answer.Item[] {Answer.Item.DEAD}, new String[] {what}, null);
          }
          // Not named: halve until the bad one is alone.
          return Answer.tooLarge(status, what + " without invalid-event-number");
        }
      case 7:
        return Answer.fatal(
            status, what + "; check output.index (it must exist and the token may write it)");
      case 14:
        return Answer.fatal(
            status,
            what
                + "; the token has indexer acknowledgement off: set output.ack: false, or turn it on in Splunk");
      case 8, 9, 18, 19, 20:
        return Answer.retry(status, what, Answers.retryAfter(r));
      default:
        if (status == 429 || status >= 500) {
          return Answer.retry(status, what, Answers.retryAfter(r));
        }
        if (status == 401 || status == 403) {
          return Answer.fatal(status, what + "; check " + TOKEN_KEY);
        }
        if (status == 404) {
          return Answer.fatal(
              status, what + "; check output.url (the HEC base URL, port 8088 by default)");
        }
        return Answer.fatal(status, what + "; check the output settings");
    }
  }

  /**
   * Polls {@code /services/collector/ack} for every id at once until each is true, within {@code
   * retry_for}; the ids still false then are sent again.
   */
  @Override
  public Answer[] confirm(long[] ids, Exchange exchange) {
    Answer[] verdicts = new Answer[ids.length];
    int open = ids.length;
    Instant giveUp = exchange.giveUpAt();
    Duration wait = Duration.ofMillis(5);
    String last = "not yet acknowledged";
    while (true) {
      StringBuilder q = new StringBuilder("{\"acks\":[");
      boolean first = true;
      for (int i = 0; i < ids.length; i++) {
        if (verdicts[i] == null) {
          q.append(first ? "" : ",").append(ids[i]);
          first = false;
        }
      }
      q.append("]}");
      try {
        Response r =
            exchange.send(
                HttpRequest.newBuilder(ackUri)
                    .header("Authorization", authorization)
                    .header("X-Splunk-Request-Channel", channel)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(q.toString())));
        JsonNode b = parseAny(r);
        if (r.status() == 401 || r.status() == 403) {
          Arrays.fill(
              verdicts,
              Answer.fatal(
                  r.status(),
                  "HEC refused the token on the ack endpoint (HTTP "
                      + r.status()
                      + "); check "
                      + TOKEN_KEY));
          return verdicts;
        }
        if (r.status() == 400 && b != null && b.path("code").asInt() == 14) {
          Arrays.fill(
              verdicts,
              Answer.fatal(
                  400,
                  "HEC code 14 \"ACK is disabled\"; set output.ack: false, or turn acknowledgement on for the token"));
          return verdicts;
        }
        if (r.ok() && b != null) {
          JsonNode acks = b.path("acks");
          for (int i = 0; i < ids.length; i++) {
            if (verdicts[i] == null && acks.path(Long.toString(ids[i])).asBoolean(false)) {
              verdicts[i] = Answer.delivered();
              open--;
            }
          }
          if (open == 0) {
            return verdicts;
          }
        }
        last =
            r.ok()
                ? open + " ackId(s) not yet acknowledged"
                : "ack poll answered HTTP " + r.status();
      } catch (IOException e) {
        last = "ack poll failed (" + e.getClass().getSimpleName() + ")";
      }
      if (!exchange.now().plus(wait).isBefore(giveUp)) {
        for (int i = 0; i < ids.length; i++) {
          if (verdicts[i] == null) {
            verdicts[i] =
                Answer.retry(200, last + " within output.retry_for; sending them again", null);
          }
        }
        return verdicts;
      }
      try {
        exchange.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        Arrays.fill(
            verdicts,
            Answer.fatal(-1, "interrupted while waiting for the indexer acknowledgement"));
        return verdicts;
      }
      wait =
          wait.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0
              ? Duration.ofSeconds(1)
              : wait.multipliedBy(2);
    }
  }

  private static JsonNode parseAny(Response r) {
    try {
      return r.body() == null || r.body().length == 0 ? null : JSON.readTree(r.body());
    } catch (IOException e) {
      return null;
    }
  }

  private static JsonNode parse(Response r) {
    if (r.body() == null || r.body().length == 0) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(r.body());
      return n != null && n.isObject() && n.has("code") ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String quote(String s) {
    return JsonNodeFactory.instance.textNode(s).toString();
  }
}
