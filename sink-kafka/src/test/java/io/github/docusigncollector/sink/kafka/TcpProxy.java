package io.github.docusigncollector.sink.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder in front of the test broker, which the broker advertises as its address:
 * stopping it is, for a client, the broker going away (connections reset, new ones refused);
 * starting it again on the same port is the broker coming back.
 */
public final class TcpProxy implements AutoCloseable {
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;
  private Thread acceptor;
  private volatile InetSocketAddress target;
  private int port;

  public TcpProxy() {
    start();
  }

  public int port() {
    return port;
  }

  public void target(int targetPort) {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
  }

  public synchronized void start() {
    if (server != null) {
      return;
    }
    long end = System.nanoTime() + 5_000_000_000L;
    while (true) {
      try {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
          s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (BindException e) {
          s.close();
          if (port == 0 || System.nanoTime() > end) {
            throw e;
          }
          Thread.sleep(20);
          continue;
        }
        port = s.getLocalPort();
        server = s;
        acceptor = new Thread(() -> accept(s), "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Closes the listening socket and resets every connection. The socket stops listening only once
   * the accept thread has left {@code accept()} (a connection made before that would still be taken
   * and forwarded), so this waits for that thread before resetting the connections.
   */
  public synchronized void stop() {
    ServerSocket s = server;
    server = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // stopping
      }
      try {
        acceptor.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Socket c : open) {
      try {
        c.setSoLinger(true, 0); // a reset, as from a broker that died
        c.close();
      } catch (IOException e) {
        // gone
      }
    }
    open.clear();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        InetSocketAddress to = target;
        if (to == null) {
          client.close();
          continue;
        }
        Socket upstream = new Socket();
        try {
          upstream.connect(to, 2000);
        } catch (IOException e) {
          client.close();
          upstream.close();
          continue;
        }
        // As the Kafka clients and broker do: without it, Nagle's algorithm and delayed
        // acknowledgements hold small writes (a produce response) back for tens of milliseconds.
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[1 << 16];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  out.write(buf, 0, n);
                }
              } catch (IOException e) {
                // one side went away
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException e) {
                  // closing both
                }
                open.remove(from);
                open.remove(to);
              }
            },
            "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    stop();
  }
}
