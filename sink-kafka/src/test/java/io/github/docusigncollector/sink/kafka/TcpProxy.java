package io.github.docusigncollector.sink.kafka;

import io.github.docusigncollector.simulator.host.RestartableListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
  private final RestartableListener listener =
      new RestartableListener(
          InetAddress.getLoopbackAddress(), ServerSocket::new, "proxy-accept", this::accepted);
  private volatile InetSocketAddress target;

  public TcpProxy() {
    start();
  }

  public int port() {
    return listener.port();
  }

  public void target(int targetPort) {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
  }

  public void start() {
    listener.start();
  }

  /** Stops listening (the listener waits until the port refuses) and resets every connection. */
  public void stop() {
    listener.stop();
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

  private void accepted(Socket client) throws IOException {
    InetSocketAddress to = target;
    if (to == null) {
      client.close();
      return;
    }
    Socket upstream = new Socket();
    try {
      upstream.connect(to, 2000);
      // As the Kafka clients and broker do: without it, Nagle's algorithm and delayed
      // acknowledgements hold small writes (a produce response) back for tens of milliseconds.
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      upstream.close();
      throw e; // the listener closes the client
    }
    open.add(client);
    open.add(upstream);
    pump(client, upstream);
    pump(upstream, client);
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
