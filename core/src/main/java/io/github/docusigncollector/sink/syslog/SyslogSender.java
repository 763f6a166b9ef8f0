package io.github.docusigncollector.sink.syslog;

import io.github.docusigncollector.http.TlsContexts;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.SinkException;
import io.github.docusigncollector.sink.TransportSink;
import io.github.docusigncollector.sink.TransportSink.Rejected;
import io.github.docusigncollector.sink.syslog.SyslogSettings.Framing;
import io.github.docusigncollector.sink.syslog.SyslogSettings.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a batch of events to a syslog receiver as RFC 5424 messages, framed per RFC 6587 (octet
 * counting or LF) over TCP or TLS (RFC 5425), or one datagram each over UDP. A batch is written in
 * one go and flushed; before it the connection is checked and remade if the receiver closed it. A
 * write that fails throws {@link IOException} with the connection dropped: the caller retries the
 * whole batch, which then goes over a new connection. An event whose message is longer than {@code
 * max_message_bytes} is not sent but returned, for the dead letters.
 */
public final class SyslogSender implements TransportSink.Transport {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogSender.class);

  private final SyslogSettings settings;
  private final SyslogFormat format;
  private final SyslogConnection connection;
  private final int maxMessage;
  private byte[] frames = new byte[1 << 16];

  public SyslogSender(SyslogSettings settings, String hostname) {
    this.settings = settings;
    this.format = new SyslogFormat(settings.facility(), hostname, settings.appName());
    SSLContext tls =
        settings.protocol() == Protocol.TLS
            ? TlsContexts.build(settings.insecure(), settings.caFile())
            : null;
    this.connection = new SyslogConnection(settings, tls);
    this.maxMessage =
        settings.protocol() == Protocol.UDP
            ? Math.min(settings.maxMessageBytes(), SyslogSettings.MAX_UDP_BYTES)
            : settings.maxMessageBytes();
    if (settings.protocol() == Protocol.UDP) {
      LOG.warn(
          "output.protocol is udp: syslog over UDP is best-effort; a message the network or the"
              + " receiver drops is lost without notice. Use tcp or tls (or the kafka sink) where"
              + " every event must arrive.");
    }
  }

  /**
   * Sends every event of {@code batch} but those too long, which are returned.
   *
   * @throws IOException a transient failure (connection refused, reset, closed while writing); the
   *     connection is dropped and the whole batch must be sent again
   * @throws SinkException a permanent one (the receiver's certificate is not trusted)
   */
  @Override
  public List<Rejected> send(Batch batch) throws IOException {
    List<Rejected> rejected = new ArrayList<>();
    int length = 0;
    boolean udp = settings.protocol() == Protocol.UDP;
    open();
    byte[] data = batch.data();
    int start = 0;
    for (int i = 0; i < batch.length(); i++) {
      if (data[i] != '\n') {
        continue;
      }
      int n = format.format(data, start, i - start);
      if (n > maxMessage) {
        rejected.add(
            new Rejected(
                Arrays.copyOfRange(data, start, i),
                "the syslog message is "
                    + n
                    + " bytes, more than output.max_message_bytes ("
                    + maxMessage
                    + ")"));
      } else if (udp) {
        connection.datagram(format.buffer(), 0, n);
      } else {
        length = frame(length, n);
      }
      start = i + 1;
    }
    if (!udp && length > 0) {
      connection.write(frames, 0, length);
      connection.flush();
    }
    return rejected;
  }

  @Override
  public String endpoint() {
    return settings.host() + ":" + settings.port();
  }

  @Override
  public String addressKeys() {
    return "output.host, output.port and output.protocol";
  }

  /** How many connections were made so far. */
  public long connects() {
    return connection.connects();
  }

  private void open() throws IOException {
    try {
      connection.open();
    } catch (SSLHandshakeException e) {
      connection.close();
      throw new SinkException(
          "syslog receiver "
              + settings.host()
              + ":"
              + settings.port()
              + ": TLS handshake failed ("
              + e.getMessage()
              + "); if its certificate is signed by a private CA, name that CA in output.ca_file"
              + " (output.insecure: true skips the check, not recommended)",
          e);
    }
  }

  /** Appends the message in the format's buffer, framed, at {@code at}; returns the new length. */
  private int frame(int at, int n) {
    byte[] prefix =
        settings.framing() == Framing.OCTET_COUNTING
            ? (n + " ").getBytes(StandardCharsets.US_ASCII)
            : new byte[0];
    int need = at + prefix.length + n + 1;
    if (frames.length < need) {
      frames = Arrays.copyOf(frames, Math.max(need, frames.length * 2));
    }
    System.arraycopy(prefix, 0, frames, at, prefix.length);
    at += prefix.length;
    System.arraycopy(format.buffer(), 0, frames, at, n);
    at += n;
    if (settings.framing() == Framing.NEWLINE) {
      frames[at++] = '\n';
    }
    return at;
  }

  @Override
  public void close() {
    connection.close();
  }
}
