package io.github.docusigncollector.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP forward proxy on loopback for tests: CONNECT tunnels (https) and absolute-URI
 * requests (http, one request per connection). It records the request line of each.
 */
final class ForwardProxy implements AutoCloseable {
  final List<String> seen = new CopyOnWriteArrayList<>();

  /** The Proxy-Authorization value of each request (absent ones as ""). */
  final List<String> auths = new CopyOnWriteArrayList<>();

  private final ServerSocket server;
  private final Thread acceptor;
  private final String required;

  ForwardProxy() throws IOException {
    this(null);
  }

  /** A proxy that answers 407 to requests without {@code Proxy-Authorization: required}. */
  ForwardProxy(String required) throws IOException {
    this.required = required;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "test-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "test-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String first = head.substring(0, head.indexOf("\r\n"));
      seen.add(first);
      String auth = "";
      for (String line : head.split("\r\n", -1)) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("proxy-authorization:")) {
          auth = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      auths.add(auth);
      if (required != null && !required.equals(auth)) {
        out.write(
            ("HTTP/1.1 407 Proxy Authentication Required\r\n"
                    + "Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return;
      }
      String[] parts = first.split(" ", -1);
      if (parts[0].equals("CONNECT")) {
        String[] hp = parts[1].split(":", -1);
        try (Socket upstream = new Socket(hp[0], Integer.parseInt(hp[1]))) {
          out.write(
              "HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread back = pipe(upstream.getInputStream(), out);
          pipe(in, upstream.getOutputStream()).join();
          back.join();
        }
        return;
      }
      URI target = URI.create(parts[1]);
      String rest = head.substring(head.indexOf("\r\n") + 2);
      StringBuilder fwd =
          new StringBuilder(
              parts[0]
                  + " "
                  + target.getRawPath()
                  + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                  + " "
                  + parts[2]
                  + "\r\n");
      int length = 0;
      for (String line : rest.split("\r\n", -1)) {
        if (line.isEmpty()) {
          continue;
        }
        String lower = line.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("connection:")) {
          continue;
        }
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
        fwd.append(line).append("\r\n");
      }
      fwd.append("Connection: close\r\n\r\n");
      try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
        OutputStream up = upstream.getOutputStream();
        up.write(fwd.toString().getBytes(StandardCharsets.ISO_8859_1));
        up.write(in.readNBytes(length));
        up.flush();
        InputStream down = upstream.getInputStream();
        String respHead = readHead(down);
        if (respHead == null) {
          return;
        }
        int eol = respHead.indexOf("\r\n");
        StringBuilder r = new StringBuilder(respHead.substring(0, eol + 2));
        for (String line : respHead.substring(eol + 2).split("\r\n", -1)) {
          if (!line.isEmpty()
              && !line.toLowerCase(java.util.Locale.ROOT).startsWith("connection:")) {
            r.append(line).append("\r\n");
          }
        }
        r.append("Connection: close\r\n\r\n");
        out.write(r.toString().getBytes(StandardCharsets.ISO_8859_1));
        down.transferTo(out);
        out.flush();
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // a test proxy: a broken connection just ends
    }
  }

  private static Thread pipe(InputStream from, OutputStream to) {
    Thread t =
        new Thread(
            () -> {
              try {
                from.transferTo(to);
                to.flush();
              } catch (IOException e) {
                // closed
              }
            },
            "test-proxy-pipe");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Reads up to and including the blank line; null at EOF first. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    int c;
    while ((c = in.read()) != -1) {
      b.write(c);
      state =
          switch (state) {
            case 0 -> c == '\r' ? 1 : 0;
            case 1 -> c == '\n' ? 2 : (c == '\r' ? 1 : 0);
            case 2 -> c == '\r' ? 3 : 0;
            case 3 -> c == '\n' ? 4 : 0;
            default -> 0;
          };
      if (state == 4) {
        return b.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
