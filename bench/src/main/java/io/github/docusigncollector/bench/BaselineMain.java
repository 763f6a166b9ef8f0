package io.github.docusigncollector.bench;

import io.github.docusigncollector.auth.PemKeys;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * The baseline as its own process, so that its heap and resident set are its own: {@code backlog}
 * reads Monitor pages back to back into a file; {@code startup} gets a token and reads one page
 * from now (nothing new). Prints {@code {"events":N,"pages":P}} on stdout.
 */
public final class BaselineMain {
  private BaselineMain() {}

  /**
   * Arguments: mode, base URL, PEM key file, integration key, user id, account id, organization id,
   * output file, page limit.
   */
  public static void main(String[] args) throws IOException {
    boolean stats = HeapStats.installIfRequested(System.getenv());
    String mode = args[0];
    Baseline.Account account =
        new Baseline.Account(
            args[1],
            PemKeys.read(Path.of(args[2]), "private_key_file"),
            args[3],
            args[4],
            args[5],
            args[6]);
    Path outFile = Path.of(args[7]);
    int limit = Integer.parseInt(args[8]);
    Baseline b = new Baseline(account, Clock.systemUTC());
    long events = 0;
    int pages = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(outFile), 1 << 16)) {
      String cursor =
          Baseline.cursorAt(
              "startup".equals(mode) ? Instant.now() : Instant.now().minusSeconds(3600));
      while (true) {
        Baseline.Page p = b.monitorPage(cursor, limit, out);
        pages++;
        events += p.events();
        if ("startup".equals(mode) || p.endCursor() == null || p.endCursor().equals(cursor)) {
          break;
        }
        cursor = p.endCursor();
      }
    }
    System.out.println("{\"events\":" + events + ",\"pages\":" + pages + "}");
    if (stats) {
      HeapStats.print(System.err);
    }
  }
}
