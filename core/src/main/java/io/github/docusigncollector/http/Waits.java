package io.github.docusigncollector.http;

import static io.github.docusigncollector.http.Wording.human;

import io.github.docusigncollector.error.CollectorException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one account's client waits (for a rate limit, a throttle or a retry's backoff): through the
 * injected {@link Sleeper}, a wait of a second or more logged at INFO with its cause and told to
 * the account's {@link DocuSignClient.WaitListener} (its progress line), a shorter one at DEBUG,
 * none at all not logged. Logs under the client's name, which operators' logging settings know.
 */
final class Waits {
  private static final Logger LOG = LoggerFactory.getLogger(DocuSignClient.class);

  private final Sleeper sleeper;
  private volatile DocuSignClient.WaitListener listener = DocuSignClient.WaitListener.NONE;

  Waits(Sleeper sleeper) {
    this.sleeper = sleeper;
  }

  void listener(DocuSignClient.WaitListener l) {
    listener = l == null ? DocuSignClient.WaitListener.NONE : l;
  }

  DocuSignClient.WaitListener listener() {
    return listener;
  }

  /** Waits {@code d}, logged and told by its length; {@code during} names what it precedes. */
  void waitFor(Duration d, String cause, String during) {
    if (d.isZero() || d.isNegative()) {
      return;
    }
    if (d.compareTo(DocuSignClient.NOTABLE_WAIT) >= 0) {
      LOG.info("waiting {}: {}", human(d), cause);
      listener.waiting(d, cause);
    } else if (d.toMillis() > 0) {
      LOG.debug("waiting {}: {}", human(d), cause);
    }
    sleep(d, during);
  }

  /** Waits {@code d} without a word; an interruption is exit 1 naming {@code during}. */
  void sleep(Duration d, String during) {
    if (d.isZero() || d.isNegative()) {
      return;
    }
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CollectorException.operational("interrupted while waiting before " + during, e);
    }
  }
}
