package io.github.docusigncollector.cli.ops;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.auth.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code /readyz}: ready when every configured stream's last cycle succeeded within 3 × {@code
 * interval}; otherwise the JSON body names each failing stream and why. With {@code accounts:} a
 * stream is named {@code <account>/<type>} and carries its account and type.
 */
public record Readiness(boolean ready, ObjectNode body) {

  public static Readiness of(List<Telemetry.StreamView> streams, Duration interval, Instant now) {
    return of(streams, interval, now, false);
  }

  /**
   * The readiness of {@code streams}; with {@code named} (the accounts of {@code accounts:}) a
   * failing stream is named {@code <account>/<type>} and carries its account and type.
   */
  public static Readiness of(
      List<Telemetry.StreamView> streams, Duration interval, Instant now, boolean named) {
    Duration window = interval.multipliedBy(3);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode failing = JsonNodeFactory.instance.objectNode();
    for (Telemetry.StreamView s : streams) {
      String why = null;
      if (s.lastCycle() == null) {
        why = "no cycle has finished yet";
      } else if (s.lastError() != null) {
        why = s.lastError();
      } else if (s.lastSuccess() == null
          || Duration.between(s.lastSuccess(), now).compareTo(window) > 0) {
        why = "no successful cycle in the last " + window.toSeconds() + " s (3 x interval)";
      }
      if (why != null) {
        ObjectNode f =
            failing.putObject(named ? s.account() + "/" + s.type().key() : s.type().key());
        if (named) {
          f.put("account", s.account());
          f.put("type", s.type().key());
        }
        f.put("last_error", Secrets.redact(why));
        f.put("last_success", s.lastSuccess() == null ? null : s.lastSuccess().toString());
      }
    }
    boolean ready = failing.isEmpty();
    body.put("status", ready ? "ready" : "not ready");
    if (!ready) {
      body.set("failing", failing);
    }
    return new Readiness(ready, body);
  }
}
