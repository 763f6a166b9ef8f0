package io.github.docusigncollector.sink.syslog;

import io.github.docusigncollector.sink.syslog.SyslogSettings.Protocol;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One connection to the syslog receiver: TCP, TLS (the server's certificate and name verified) or
 * UDP. Syslog has no acknowledgement, so the best a sender can do is notice a connection the
 * receiver closed before writing to it again: {@link #open()} checks that, and reconnects. A write
 * during which the receiver takes no data for the write time-out (one that accepted the connection
 * but stopped reading: the socket buffers fill and the write blocks) has its socket closed under it
 * by a watchdog, so that it fails instead of hanging.
 */
final class SyslogConnection implements AutoCloseable {
  /** Closes the sockets of writes that overran their time-out; one daemon thread for all. */
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "syslog-write-timeout");
            t.setDaemon(true);
            return t;
          });

  private final SyslogSettings settings;
  private final SSLContext tls;
  private final ByteBuffer probe = ByteBuffer.allocate(512);

  /** Bytes written under one time-out. */
  private static final int CHUNK = 64 << 10;

  private SocketChannel channel; // plain TCP
  private SSLSocket tlsSocket;
  private Socket tlsPlain; // the TCP socket under tlsSocket: closing it unblocks a TLS write
  private OutputStream out;
  private DatagramSocket udp;
  private long connects;

  SyslogConnection(SyslogSettings settings, SSLContext tls) {
    this.settings = settings;
    this.tls = tls;
  }

  /** How many times a connection was made (for tests and logs). */
  long connects() {
    return connects;
  }

  /**
   * Makes sure there is a connection the receiver has not closed: an open one whose receiver sent
   * its FIN (or reset it) is dropped and a new one made.
   */
  void open() throws IOException {
    if (settings.protocol() == Protocol.UDP) {
      if (udp == null) {
        udp = new DatagramSocket();
        udp.connect(new InetSocketAddress(settings.host(), settings.port()));
        connects++;
      }
      return;
    }
    if (out != null && !peerClosed()) {
      return;
    }
    close();
    int timeout = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
    InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
    if (address.isUnresolved()) {
      throw new IOException("cannot resolve " + settings.host());
    }
    if (settings.protocol() == Protocol.TCP) {
      SocketChannel c = SocketChannel.open();
      try {
        c.socket().connect(address, timeout);
        c.socket().setTcpNoDelay(false);
      } catch (IOException e) {
        c.close();
        throw e;
      }
      channel = c;
      out = c.socket().getOutputStream();
    } else {
      Socket plain = new Socket();
      try {
        plain.connect(address, timeout);
        SSLSocket s =
            (SSLSocket)
                tls.getSocketFactory().createSocket(plain, settings.host(), settings.port(), true);
        SSLParameters params = s.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(params);
        s.setSoTimeout(timeout);
        s.startHandshake();
        tlsSocket = s;
        tlsPlain = plain;
        out = s.getOutputStream();
      } catch (IOException e) {
        plain.close();
        throw e;
      }
    }
    connects++;
  }

  /**
   * Writes and flushes; on failure the connection is closed, so the next open() makes a new one.
   */
  void write(byte[] data, int off, int len) throws IOException {
    // in pieces, each watched: a slow receiver that keeps reading is not timed out, one that
    // stopped is, whatever the size of the batch
    for (int at = off; at < off + len; at += CHUNK) {
      int from = at;
      int n = Math.min(CHUNK, off + len - at);
      watched(() -> out.write(data, from, n));
    }
  }

  void flush() throws IOException {
    watched(() -> out.flush());
  }

  private interface Io {
    void run() throws IOException;
  }

  /**
   * Runs {@code io} with the write time-out: when it has not returned by then, the socket is closed
   * under it (which makes a blocked write fail) and it fails as timed out. On any failure the
   * connection is dropped, so the next {@link #open()} makes a new one.
   */
  private void watched(Io io) throws IOException {
    AtomicBoolean timedOut = new AtomicBoolean();
    Closeable socket = tlsPlain != null ? tlsPlain : channel;
    long millis = Math.max(1, settings.writeTimeout().toMillis());
    ScheduledFuture<?> alarm =
        WATCHDOG.schedule(
            () -> {
              timedOut.set(true);
              try {
                socket.close();
              } catch (IOException e) {
                // the blocked write fails either way
              }
            },
            millis,
            TimeUnit.MILLISECONDS);
    try {
      io.run();
    } catch (IOException e) {
      close();
      if (timedOut.get()) {
        throw timedOut(e);
      }
      throw e;
    } finally {
      alarm.cancel(false);
    }
    if (timedOut.get()) {
      // it finished just as the alarm closed the socket: what reached the receiver is unknown
      close();
      throw timedOut(null);
    }
  }

  private IOException timedOut(IOException cause) {
    return new IOException(
        "the syslog receiver took no data for "
            + settings.writeTimeout().toMillis()
            + " ms (it stopped reading; the time-out is request_timeout); the connection was"
            + " dropped",
        cause);
  }

  /** Sends one message as one datagram. */
  void datagram(byte[] data, int off, int len) throws IOException {
    udp.send(new DatagramPacket(data, off, len));
  }

  /** Whether the receiver closed (or reset) the connection; anything it sent is ignored. */
  private boolean peerClosed() {
    try {
      if (channel != null) {
        channel.configureBlocking(false);
        try {
          int n;
          while ((n = channel.read(probe.clear())) > 0) {
            // a syslog receiver has nothing to say; drop it
          }
          return n < 0;
        } finally {
          channel.configureBlocking(true);
        }
      }
      InputStream in = tlsSocket.getInputStream();
      tlsSocket.setSoTimeout(1);
      try {
        byte[] b = probe.array();
        while (true) {
          if (in.read(b) < 0) {
            return true;
          }
        }
      } catch (SocketTimeoutException e) {
        return false;
      }
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() {
    try {
      if (channel != null) {
        channel.close();
      }
      if (tlsSocket != null) {
        tlsSocket.close();
      }
      if (udp != null) {
        udp.close();
      }
    } catch (IOException e) {
      // nothing more to do with a connection being dropped
    } finally {
      channel = null;
      tlsSocket = null;
      tlsPlain = null;
      udp = null;
      out = null;
    }
  }
}
