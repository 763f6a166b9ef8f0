package io.github.docusigncollector.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.auth.Secrets;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The delivery machinery for sinks that are not HTTP (syslog, kafka): splits a batch by {@code
 * batch_max_events} / {@code batch_max_bytes}, hands each part to the {@link Transport}, retries a
 * part whose sending failed transiently (the whole part again) within {@code retry_for} through the
 * shared {@link RetryWindow}, and writes the events the transport refused on their own merits to
 * the dead letters. {@link #deliver} returns once every event was acknowledged (as far as the
 * protocol acknowledges) or dead-lettered.
 */
public final class TransportSink implements Sink {
  /** A protocol's sending of one part. Not called concurrently. */
  public interface Transport extends AutoCloseable {
    /**
     * Sends every event of {@code part} and returns once the receiver acknowledged them as far as
     * its protocol allows; returns the events not sent because the receiver cannot take them.
     *
     * @throws IOException a transient failure: the whole part is sent again
     * @throws SinkException a permanent one, naming the key to fix
     */
    List<Rejected> send(Batch part) throws IOException;

    /** Where events go (host and port), for messages. */
    String endpoint();

    /** The keys to check when the receiver stays unreachable, e.g. {@code output.host}. */
    String addressKeys();

    @Override
    void close();
  }

  /** An event a transport did not send: its JSON (one line, no newline) and why. */
  @SuppressWarnings("ArrayRecordComponent") // handed straight to the dead letters
  public record Rejected(byte[] event, String reason) {}

  private final String type;
  private final Transport transport;
  private final int maxEvents;
  private final long maxBytes;
  private final Duration retryFor;
  private final RetryWindow window;
  private final DeadLetters deadLetters;

  public TransportSink(
      String type,
      Transport transport,
      int maxEvents,
      long maxBytes,
      Duration retryFor,
      SinkContext context) {
    this.type = type;
    this.transport = transport;
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
    this.retryFor = retryFor;
    this.window = new RetryWindow(type, retryFor, context);
    this.deadLetters = new DeadLetters(context.deadLetterFile(), type, context.clock());
  }

  public DeadLetters deadLetters() {
    return deadLetters;
  }

  /** Parts sent again after a transient failure. */
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

  @Override
  public Ack deliver(Batch batch) {
    if (batch.isEmpty()) {
      return new Ack(0, null);
    }
    if (batch.events() <= maxEvents && batch.length() <= maxBytes) {
      sendPart(batch);
    } else {
      byte[] data = batch.data();
      int start = 0;
      int events = 0;
      int lineStart = 0;
      for (int i = 0; i < batch.length(); i++) {
        if (data[i] != '\n') {
          continue;
        }
        int end = i + 1;
        boolean full = events == maxEvents || (events > 0 && end - start > maxBytes);
        if (full) {
          sendPart(part(data, start, lineStart, events));
          start = lineStart;
          events = 0;
        }
        events++;
        lineStart = end;
      }
      if (events > 0) {
        sendPart(part(data, start, lineStart, events));
      }
    }
    return new Ack(batch.events(), null);
  }

  private static Batch part(byte[] data, int from, int to, int events) {
    return new Batch(Arrays.copyOfRange(data, from, to), to - from, events);
  }

  private void sendPart(Batch part) {
    while (true) {
      List<Rejected> rejected;
      try {
        rejected = transport.send(part);
      } catch (IOException e) {
        String reason = Secrets.redact(String.valueOf(e.getMessage()));
        window.waitOrGiveUp(
            reason,
            null,
            () ->
                type
                    + " sink ("
                    + transport.endpoint()
                    + "): still failing after "
                    + RetryWindow.describe(retryFor)
                    + " of retries (output.retry_for), last: "
                    + reason
                    + "; nothing past the last acknowledged batch was checkpointed. Check that the"
                    + " receiver is up and "
                    + transport.addressKeys()
                    + "; the next cycle starts again from there.");
        continue;
      }
      window.succeeded();
      deadLetter(rejected);
      return;
    }
  }

  private void deadLetter(List<Rejected> rejected) {
    for (Rejected r : rejected) {
      deadLetters.write(
          r.event(), new int[] {0}, new int[] {r.event().length}, new String[] {r.reason()}, 1);
    }
  }

  @Override
  public void close() {
    transport.close();
  }
}
