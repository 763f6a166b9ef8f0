package io.github.docusigncollector.simulator.syslog;

import io.github.docusigncollector.simulator.host.RestartableListener;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * An in-process syslog receiver over TCP or TLS on 127.0.0.1, for the cases a real daemon cannot
 * play on cue: it closes its connections, stops (refusing connections) and starts again on the same
 * port. Each frame is read as RFC 6587 octet counting when it starts with a digit, else as one line
 * ending in LF (as rsyslog does); the messages are kept in arrival order, or only counted.
 */
public final class SyslogReceiver implements AutoCloseable {
  private final boolean keep;
  private final RestartableListener listener;
  private volatile boolean paused;
  private final List<byte[]> messages = new ArrayList<>();
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private SyslogReceiver(SSLContext tls, boolean keep, InetAddress bind) {
    this(tls, keep, bind, 0);
  }

  private SyslogReceiver(SSLContext tls, boolean keep, InetAddress bind, int receiveBuffer) {
    this.keep = keep;
    this.listener =
        new RestartableListener(
            bind,
            () -> {
              ServerSocket s =
                  tls != null
                      ? tls.getServerSocketFactory().createServerSocket()
                      : new ServerSocket();
              if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer); // before bind: accepted sockets inherit it
              }
              return s;
            },
            "syslog-receiver-accept",
            this::accepted);
  }

  /**
   * A receiver that keeps every message, with a small socket receive buffer ({@code bytes}), so
   * that a sender's writes block soon after {@link #pauseReading()}; {@code tls} null for plain
   * TCP.
   */
  public static SyslogReceiver withReceiveBuffer(SSLContext tls, int bytes) {
    return new SyslogReceiver(tls, true, InetAddress.getLoopbackAddress(), bytes).start();
  }

  /**
   * Stops reading from the connections (they stay open): a sender's writes block once the socket
   * buffers are full, as with a receiver that hangs.
   */
  public void pauseReading() {
    paused = true;
  }

  /** Reads again after {@link #pauseReading()}. */
  public void resumeReading() {
    paused = false;
  }

  /** A plain TCP receiver that keeps every message, started on a free port. */
  public static SyslogReceiver tcp() {
    return new SyslogReceiver(null, true, InetAddress.getLoopbackAddress()).start();
  }

  /** A TLS receiver (the context holds the server's key) that keeps every message. */
  public static SyslogReceiver tls(SSLContext serverContext) {
    return new SyslogReceiver(serverContext, true, InetAddress.getLoopbackAddress()).start();
  }

  /** A TLS receiver on another loopback address (127.0.0.2: a name its certificate lacks). */
  public static SyslogReceiver tls(SSLContext serverContext, InetAddress loopback) {
    return new SyslogReceiver(serverContext, true, loopback).start();
  }

  /** A plain TCP receiver that only counts (for benchmarks). */
  public static SyslogReceiver counting() {
    return new SyslogReceiver(null, false, InetAddress.getLoopbackAddress()).start();
  }

  public int port() {
    return listener.port();
  }

  /** Starts listening (again, on the same port after {@link #stop}). */
  public SyslogReceiver start() {
    listener.start();
    return this;
  }

  /**
   * Stops listening and closes every connection: a sender now finds the port refusing (the listener
   * waits until it is), and the connections it accepted last are closed too.
   */
  public void stop() {
    listener.stop();
    closeConnections();
  }

  /** Closes the connections accepted so far (a FIN to each sender) and keeps listening. */
  public void closeConnections() {
    for (Socket c : open) {
      try {
        c.close();
      } catch (IOException e) {
        // already gone
      }
    }
    open.clear();
  }

  /** How many messages arrived so far. */
  public long count() {
    return count.get();
  }

  /** How many connections were accepted so far. */
  public long connections() {
    return connections.get();
  }

  /** A copy of the messages received so far (empty for a counting receiver). */
  public List<byte[]> messages() {
    synchronized (messages) {
      return new ArrayList<>(messages);
    }
  }

  /** Waits until at least {@code n} messages arrived; false on time-out. */
  public boolean await(long n, long timeoutMillis) throws InterruptedException {
    long end = System.nanoTime() + timeoutMillis * 1_000_000;
    while (count.get() < n) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  @Override
  public void close() {
    stop();
  }

  private void accepted(Socket c) {
    connections.incrementAndGet();
    open.add(c);
    Thread t = new Thread(() -> read(c), "syslog-receiver-conn");
    t.setDaemon(true);
    t.start();
  }

  private void read(Socket c) {
    try (c;
        InputStream in = new BufferedInputStream(c.getInputStream(), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (true) {
        while (paused && !c.isClosed()) {
          Thread.sleep(5);
        }
        int first = in.read();
        if (first < 0) {
          return;
        }
        if (first >= '1' && first <= '9') {
          int len = first - '0';
          int ch;
          while ((ch = in.read()) >= '0' && ch <= '9') {
            len = len * 10 + (ch - '0');
          }
          if (ch != ' ') {
            return; // not a frame: drop the connection as rsyslog would
          }
          byte[] msg = in.readNBytes(len);
          if (msg.length < len) {
            return; // cut off: never received
          }
          received(msg);
        } else {
          line.reset();
          int ch = first;
          while (ch >= 0 && ch != '\n') {
            line.write(ch);
            ch = in.read();
          }
          if (ch < 0) {
            return; // a line without its LF is not complete
          }
          received(line.toByteArray());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SocketException e) {
      // closed by closeConnections() or stop(), or reset by the sender
    } catch (IOException e) {
      // a broken connection ends its frames
    } finally {
      open.remove(c);
    }
  }

  private void received(byte[] msg) {
    if (keep) {
      synchronized (messages) {
        messages.add(msg);
      }
    }
    count.incrementAndGet();
  }
}
