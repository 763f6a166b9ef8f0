package io.github.docusigncollector.sink.elasticsearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.sink.remote.Answer;
import io.github.docusigncollector.sink.remote.Response;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads a 200 answer of {@code _bulk}. {@code "errors":false} means every item was written: the
 * items are then not read at all. Otherwise each item's status decides: 2xx written; 409 (the
 * {@code _id} is already there: an earlier attempt wrote it) delivered too; 429 and 5xx sent again,
 * alone; 401/403 fail the cycle naming the credential key; 404 (no such index, auto-creation off)
 * fails it naming {@code output.index}; any other status (400 {@code mapper_parsing_exception},
 * ...) refuses that event on its own merits: a dead letter.
 */
final class BulkAnswer {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final int MAX_REASON = 300;

  private BulkAnswer() {}

  static Answer read(Response r, int count, String credentialKey, String indexKeyHint) {
    byte[] body = r.body();
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException("the _bulk answer is not a JSON object");
      }
      Answer.Item[] items = null;
      String[] reasons = null;
      int[] statuses = null;
      Boolean errors = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("errors")) {
          errors = v == JsonToken.VALUE_TRUE;
          if (!errors) {
            return Answer.delivered(); // the fast path: nothing failed, nothing more to read
          }
        } else if (name.equals("items") && v == JsonToken.START_ARRAY) {
          items = new Answer.Item[count];
          reasons = new String[count];
          statuses = new int[count];
          int n = readItems(p, items, reasons, statuses, count);
          if (n != count) {
            throw new IllegalStateException(
                "the _bulk answer has " + n + " items for " + count + " events");
          }
        } else {
          p.skipChildren();
        }
      }
      if (errors == null || items == null) {
        throw new IllegalStateException("the _bulk answer has no errors flag or no items");
      }
      return verdicts(items, reasons, statuses, credentialKey, indexKeyHint);
    } catch (IOException e) {
      throw new UncheckedIOException("the _bulk answer is not valid JSON", e);
    }
  }

  /** Fills the verdicts from the items array; returns the number of items read. */
  private static int readItems(
      JsonParser p, Answer.Item[] items, String[] reasons, int[] statuses, int count)
      throws IOException {
    int n = 0;
    while (p.nextToken() == JsonToken.START_OBJECT) {
      // {"create": {"status": 201, "error": {...}, ...}}
      int status = -1;
      String type = null;
      String reason = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          JsonToken v = p.nextToken();
          if (f.equals("status")) {
            status = p.getIntValue();
          } else if (f.equals("error") && v == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String ef = p.currentName();
              JsonToken ev = p.nextToken();
              if (ef.equals("type") && ev == JsonToken.VALUE_STRING) {
                type = p.getText();
              } else if (ef.equals("reason") && ev == JsonToken.VALUE_STRING) {
                reason = p.getText();
              } else {
                p.skipChildren();
              }
            }
          } else if (f.equals("error") && v == JsonToken.VALUE_STRING) {
            reason = p.getText();
          } else {
            p.skipChildren();
          }
        }
      }
      if (n < count) {
        items[n] = verdict(status);
        statuses[n] = status;
        reasons[n] = describe(status, type, reason);
      }
      n++;
    }
    return n;
  }

  private static Answer.Item verdict(int status) {
    if ((status >= 200 && status < 300) || status == 409) {
      return Answer.Item.DELIVERED;
    }
    if (status == 429 || status >= 500 || status < 0) {
      return Answer.Item.RETRY;
    }
    return Answer.Item.DEAD;
  }

  private static Answer verdicts(
      Answer.Item[] items,
      String[] reasons,
      int[] statuses,
      String credentialKey,
      String indexKeyHint) {
    for (int i = 0; i < items.length; i++) {
      String d = reasons[i];
      if (statuses[i] == 401 || statuses[i] == 403) {
        return Answer.fatal(
            statuses[i],
            "the cluster refused to write with this credential ("
                + d
                + "); check "
                + credentialKey
                + " and that it may create documents in "
                + indexKeyHint);
      }
      if (statuses[i] == 404) {
        return Answer.fatal(404, "the index is missing (" + d + "); check " + indexKeyHint);
      }
    }
    return Answer.items(items, reasons, null);
  }

  private static String describe(int status, String type, String reason) {
    StringBuilder b = new StringBuilder("HTTP ").append(status < 0 ? "?" : status);
    if (type != null) {
      b.append(' ').append(type);
    }
    if (reason != null) {
      String r = Secrets.redact(reason).replaceAll("\\s+", " ");
      b.append(": ").append(r.length() > MAX_REASON ? r.substring(0, MAX_REASON) + "…" : r);
    }
    return b.toString();
  }
}
