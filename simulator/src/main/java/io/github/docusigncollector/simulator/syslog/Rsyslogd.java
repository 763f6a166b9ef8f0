package io.github.docusigncollector.simulator.syslog;

import io.github.docusigncollector.simulator.SelfSignedCertificate;
import io.github.docusigncollector.simulator.host.HostTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real {@code rsyslogd}, run in the foreground with a configuration of its own: one {@code
 * imtcp} input on a free loopback port (plain, or TLS through the {@code gtls} driver with a
 * certificate made for 127.0.0.1), every message written to a file as rsyslog parsed it: its
 * protocol version, PRI, APP-NAME and MSGID, then the raw message as received. Installs {@code
 * rsyslog} and {@code rsyslog-gnutls} when missing.
 */
public final class Rsyslogd implements AutoCloseable {
  /** What rsyslog accepts in one message: above the sinks' default of 65536 bytes. */
  public static final int MAX_MESSAGE_SIZE = 256 * 1024;

  private final Path dir;
  private final Path out;
  private final int port;
  private final SelfSignedCertificate certificate;
  private Process process;

  private Rsyslogd(Path dir, int port, SelfSignedCertificate certificate) {
    this.dir = dir;
    this.out = dir.resolve("received.log");
    this.port = port;
    this.certificate = certificate;
  }

  /** A plain TCP rsyslogd writing into {@code dir}. */
  public static Rsyslogd tcp(Path dir) {
    return new Rsyslogd(dir, freePort(), null).start();
  }

  /** A TLS rsyslogd ({@code certificate} is its server certificate) writing into {@code dir}. */
  public static Rsyslogd tls(Path dir, SelfSignedCertificate certificate) {
    return new Rsyslogd(dir, freePort(), certificate).start();
  }

  public int port() {
    return port;
  }

  /**
   * The rsyslog configuration that receives the sinks' messages untruncated (as the README shows).
   */
  String config() {
    StringBuilder c = new StringBuilder();
    // maxMessageSize must come before any input, or the input keeps the 8 KiB default
    c.append("global(maxMessageSize=\"").append(MAX_MESSAGE_SIZE).append("\"\n");
    c.append("       workDirectory=\"").append(dir).append("\"");
    if (certificate != null) {
      c.append("\n       defaultNetstreamDriverCAFile=\"")
          .append(dir.resolve("cert.pem"))
          .append("\"");
      c.append("\n       defaultNetstreamDriverCertFile=\"")
          .append(dir.resolve("cert.pem"))
          .append("\"");
      c.append("\n       defaultNetstreamDriverKeyFile=\"")
          .append(dir.resolve("key.pem"))
          .append("\"");
    }
    c.append(")\n");
    if (certificate != null) {
      c.append(
          "module(load=\"imtcp\" streamDriver.name=\"gtls\" streamDriver.mode=\"1\""
              + " streamDriver.authMode=\"anon\")\n");
    } else {
      c.append("module(load=\"imtcp\")\n");
    }
    c.append(
        "template(name=\"Parsed\" type=\"string\""
            + " string=\"%protocol-version% %pri% %app-name% %msgid% %rawmsg%\\n\")\n");
    c.append("ruleset(name=\"collector\") {\n");
    c.append("  action(type=\"omfile\" file=\"").append(out).append("\" template=\"Parsed\")\n");
    c.append("}\n");
    c.append("input(type=\"imtcp\" address=\"127.0.0.1\" port=\"")
        .append(port)
        .append("\" ruleset=\"collector\")\n");
    return c.toString();
  }

  private Rsyslogd start() {
    Path rsyslogd = HostTools.require("rsyslogd", "rsyslog", "rsyslog-gnutls");
    try {
      Files.createDirectories(dir);
      if (certificate != null) {
        certificate.writePem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
      }
      Path conf = dir.resolve("rsyslog.conf");
      Files.writeString(conf, config());
      process =
          new ProcessBuilder(
                  rsyslogd.toString(),
                  "-n",
                  "-f",
                  conf.toString(),
                  "-i",
                  dir.resolve("rsyslogd.pid").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("rsyslogd.out").toFile())
              .start();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!listening()) {
        if (!process.isAlive() || System.nanoTime() > end) {
          String log = Files.readString(dir.resolve("rsyslogd.out"));
          close();
          throw new IllegalStateException(
              "rsyslogd did not start listening on 127.0.0.1:" + port + ": " + log);
        }
        Thread.sleep(20);
      }
      return this;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start rsyslogd", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting rsyslogd", e);
    }
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** One line of the output file: what rsyslog made of one message. */
  public record Received(String version, int pri, String appName, String msgId, byte[] raw) {}

  /** The messages written so far. */
  public List<Received> received() throws IOException {
    List<Received> all = new ArrayList<>();
    if (!Files.exists(out)) {
      return all;
    }
    byte[] bytes = Files.readAllBytes(out);
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        all.add(parseLine(Arrays.copyOfRange(bytes, start, i)));
        start = i + 1;
      }
    }
    return all;
  }

  private static Received parseLine(byte[] line) {
    int[] spaces = new int[4];
    int n = 0;
    for (int i = 0; i < line.length && n < 4; i++) {
      if (line[i] == ' ') {
        spaces[n++] = i;
      }
    }
    if (n < 4) {
      throw new IllegalArgumentException(
          "unexpected line in rsyslog's output: " + new String(line, StandardCharsets.UTF_8));
    }
    String head = new String(line, 0, spaces[3], StandardCharsets.UTF_8);
    String[] f = head.split(" ");
    return new Received(
        f[0],
        Integer.parseInt(f[1]),
        f[2],
        f[3],
        Arrays.copyOfRange(line, spaces[3] + 1, line.length));
  }

  /** Waits until the output holds at least {@code n} messages; false on time-out. */
  public boolean await(int n, long timeoutMillis) throws IOException, InterruptedException {
    long end = System.nanoTime() + timeoutMillis * 1_000_000;
    while (received().size() < n) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
