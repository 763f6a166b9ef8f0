package io.github.docusigncollector.cli;

import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code simulator} command: runs the embedded DocuSign API simulator in the foreground. */
@Command(
    name = "simulator",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the embedded DocuSign API simulator on 127.0.0.1 until interrupted.",
      "Prints a ready collector configuration on stdout, its base URL as a YAML comment first:"
          + " `simulator > sim.yaml` gives a file that works as is.",
      "Consent: open the consent URL printed on stderr, use --consent, or POST /_sim/consent."
    })
final class SimulatorCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "Port on 127.0.0.1 (default: a free port).")
  int port;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed of the generated data set (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "Monitor events in the backlog at start (default: ${DEFAULT-VALUE}).")
  long events = 1000;

  @Option(
      names = "--users",
      paramLabel = "M",
      description = "Users in the organization and the account (default: ${DEFAULT-VALUE}).")
  int users = 100;

  @Option(
      names = "--key-out",
      paramLabel = "FILE",
      description =
          "Write the simulator's private key (PKCS#1 PEM, mode 0600) here (default: a temporary"
              + " file).")
  Path keyOut;

  @Option(names = "--https", description = "Serve HTTPS with a self-signed certificate.")
  boolean https;

  @Option(names = "--consent", description = "Grant every scope at start.")
  boolean consent;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw CollectorException.config("--port must be 0..65535, was " + port);
    }
    if (events < 0 || users < 0) {
      throw CollectorException.config("--events and --users must be 0 or more");
    }
    DocuSignSimulator sim;
    try {
      sim =
          DocuSignSimulator.builder()
              .port(port)
              .seed(seed)
              .events(events)
              .users(users)
              .https(https)
              .consent(consent)
              .start();
    } catch (UncheckedIOException e) {
      throw CollectorException.operational(
          "could not start the simulator on 127.0.0.1:"
              + port
              + " ("
              + e.getCause().getMessage()
              + "); choose another --port or leave it out for a free one",
          e);
    }
    List<Path> temporary = new ArrayList<>();
    Path key;
    try {
      key = writePrivate(keyOut, sim.privateKeyPkcs1Pem(), "docusign-sim-key", ".pem");
      if (keyOut == null) {
        temporary.add(key);
      }
    } catch (IOException e) {
      sim.close();
      throw CollectorException.config(
          (keyOut == null ? "the temporary key file" : "--key-out " + keyOut)
              + ": cannot write the private key ("
              + e
              + "); name a file in a writable directory");
    }
    try {
      PrintWriter out = spec.commandLine().getOut();
      // All of stdout is a usable configuration: `simulator > sim.yaml` works as is.
      out.println("# the DocuSign simulator at " + sim.baseUrl() + " (stops with Ctrl-C)");
      out.print(sim.collectorConfigYaml(key.toAbsolutePath()));
      out.println("event_types: [customer_events, audit_users]");
      out.println("state_dir: ./state");
      if (sim.certificate() != null) {
        String pem =
            "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(sim.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Path ca = writePrivate(null, pem, "docusign-sim-ca", ".pem");
        temporary.add(ca);
        out.println("ca_file: \"" + ca.toAbsolutePath() + "\"");
      }
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "Consent URL: "
              + sim.baseUrl()
              + "/oauth/auth?response_type=code&scope="
              + URLEncoder.encode(
                  "signature impersonation organization_read user_read", StandardCharsets.UTF_8)
              + "&client_id="
              + sim.integrationKey()
              + "&redirect_uri="
              + URLEncoder.encode(sim.redirectUrl(), StandardCharsets.UTF_8));
      err.println(
          "Control: POST /_sim/events?n=, POST /_sim/users/modify?n=, POST /_sim/users/sign-in?id=,"
              + " POST|DELETE /_sim/consent,"
              + " POST /_sim/faults, GET /_sim/requests, GET /_sim/state. Ctrl-C stops.");
      err.flush();
    } catch (IOException | CertificateEncodingException e) {
      sim.close();
      deleteAll(temporary);
      throw CollectorException.operational("could not write the simulator's files: " + e, e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.close();
                  // the key is worthless once its simulator is gone: leave no copy behind
                  deleteAll(temporary);
                  stopped.countDown();
                },
                "simulator-shutdown"));
    stopped.await();
    return 0;
  }

  private static void deleteAll(List<Path> files) {
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // best effort at exit
      }
    }
  }

  /** Writes text to {@code target} (or a new temporary file), readable by the owner only. */
  private static Path writePrivate(Path target, String text, String prefix, String suffix)
      throws IOException {
    Path file;
    boolean posix =
        Files.getFileStore(Path.of(".").toAbsolutePath()).supportsFileAttributeView("posix");
    Set<PosixFilePermission> ownerOnly =
        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    if (target == null) {
      file =
          posix
              ? Files.createTempFile(
                  prefix, suffix, PosixFilePermissions.asFileAttribute(ownerOnly))
              : Files.createTempFile(prefix, suffix);
    } else {
      file = target;
      try {
        if (posix) {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
        } else {
          Files.createFile(file);
        }
      } catch (FileAlreadyExistsException e) {
        // overwritten below with a fresh key; tighten its mode first
      }
    }
    if (posix) {
      Files.setPosixFilePermissions(file, ownerOnly);
    }
    Files.writeString(file, text, StandardCharsets.US_ASCII);
    return file;
  }
}
