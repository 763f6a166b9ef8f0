package io.github.docusigncollector.simulator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RestartableListenerTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(LOOPBACK, port), 2000);
    return s;
  }

  private static RestartableListener started(RestartableListener.Handler handler) {
    RestartableListener l =
        new RestartableListener(LOOPBACK, ServerSocket::new, "test-accept", handler);
    l.start();
    return l;
  }

  @Test
  void aStoppedListenerRefusesAtOnceAndStartsAgainOnTheSamePort() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    RestartableListener l =
        started(
            c -> {
              accepted.incrementAndGet();
              c.close();
            });
    int port = l.port();
    // Stopped right after a start, with the accept thread blocked in accept(): a connection
    // made the moment stop() returns must be refused, every time.
    for (int i = 0; i < 200; i++) {
      l.stop();
      assertThatThrownBy(() -> connect(port).close()).isInstanceOf(ConnectException.class);
      l.start();
      assertThat(l.port()).isEqualTo(port);
    }
    connect(port).close();
    long end = System.nanoTime() + 5_000_000_000L;
    while (accepted.get() < 1 && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertThat(accepted.get()).isEqualTo(1);
    l.stop();
  }

  @Test
  void aHandlerThatFailsClosesThatConnectionAndTheListenerGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RestartableListener l =
        started(
            c -> {
              if (calls.incrementAndGet() == 1) {
                throw new IOException("refused by the handler");
              }
              c.getOutputStream().write('k');
              c.close();
            });
    try (Socket first = connect(l.port())) {
      assertThat(first.getInputStream().read()).isEqualTo(-1); // closed by the listener
    }
    try (Socket second = connect(l.port())) {
      assertThat(second.getInputStream().read()).isEqualTo('k');
    }
    l.stop();
  }
}
