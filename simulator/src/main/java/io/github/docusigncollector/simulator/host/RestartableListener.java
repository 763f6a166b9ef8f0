package io.github.docusigncollector.simulator.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP listener that a test stops (new connections refused) and starts again on the same port: the
 * accept side of the in-process receivers and proxies that play a server going away. Each accepted
 * connection is handed to the handler on the accept thread.
 */
public final class RestartableListener {
  /** A new, unbound server socket (plain or TLS, options set that must precede the bind). */
  public interface Sockets {
    ServerSocket create() throws IOException;
  }

  /** Takes one accepted connection; an exception closes that connection, the listener goes on. */
  public interface Handler {
    void accepted(Socket connection) throws IOException;
  }

  private final InetAddress address;
  private final Sockets sockets;
  private final Handler handler;
  private final String threadName;
  private ServerSocket server;
  private Thread acceptor;
  private int port;

  public RestartableListener(
      InetAddress address, Sockets sockets, String threadName, Handler handler) {
    this.address = address;
    this.sockets = sockets;
    this.threadName = threadName;
    this.handler = handler;
  }

  /** The port: a free one chosen by the first {@link #start}, the same one after. */
  public synchronized int port() {
    return port;
  }

  /** Starts listening, on the same port after a {@link #stop}; nothing when already listening. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      ServerSocket s = bind();
      port = s.getLocalPort();
      server = s;
      acceptor = new Thread(() -> accept(s), threadName);
      acceptor.setDaemon(true);
      acceptor.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + address.getHostAddress() + ":" + port, e);
    }
  }

  /** Binds the port; the port of a socket just closed may take a moment to be free again. */
  private ServerSocket bind() throws IOException {
    long end = System.nanoTime() + 5_000_000_000L;
    while (true) {
      ServerSocket s = sockets.create();
      try {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(address, port), 50);
        return s;
      } catch (BindException e) {
        s.close();
        if (port == 0 || System.nanoTime() > end) {
          throw e;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Stops listening: a client now finds the port refusing. The socket only stops listening once its
   * accept thread has left {@code accept()} (the thread blocked in it holds the socket open after
   * {@code close()} returns, and a connection made meanwhile would be taken), so this waits for
   * that thread. Connections already handed over are the caller's to close, after this.
   */
  public synchronized void stop() {
    ServerSocket s = server;
    server = null;
    if (s == null) {
      return;
    }
    try {
      s.close();
    } catch (IOException e) {
      // closing is all we wanted
    }
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      Socket c;
      try {
        c = s.accept();
      } catch (IOException e) {
        return; // stopped
      }
      try {
        handler.accepted(c);
      } catch (IOException | RuntimeException e) {
        try {
          c.close();
        } catch (IOException ignored) {
          // closing is all we wanted
        }
      }
    }
  }
}
