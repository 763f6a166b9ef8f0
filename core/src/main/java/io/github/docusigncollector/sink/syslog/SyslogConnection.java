package io.github.docusigncollector.sink.syslog;

import io.github.docusigncollector.sink.syslog.SyslogSettings.Protocol;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One connection to the syslog receiver: TCP, TLS (the server's certificate and name verified) or
 * UDP. Syslog has no acknowledgement, so the best a sender can do is notice a connection the
 * receiver closed before writing to it again: {@link #open()} checks that, and reconnects.
 */
final class SyslogConnection implements AutoCloseable {
  private final SyslogSettings settings;
  private final SSLContext tls;
  private final ByteBuffer probe = ByteBuffer.allocate(512);
  private SocketChannel channel; // plain TCP
  private SSLSocket tlsSocket;
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
    try {
      out.write(data, off, len);
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  void flush() throws IOException {
    try {
      out.flush();
    } catch (IOException e) {
      close();
      throw e;
    }
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
      udp = null;
      out = null;
    }
  }
}
