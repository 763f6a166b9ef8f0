package io.github.docusigncollector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A self-signed certificate for 127.0.0.1 and localhost, made by the JDK's own keytool. */
public final class SelfSignedCertificate {
  private static final String ALIAS = "docusign-simulator";

  public final SSLContext sslContext;
  public final X509Certificate certificate;

  private SelfSignedCertificate(SSLContext sslContext, X509Certificate certificate) {
    this.sslContext = sslContext;
    this.certificate = certificate;
  }

  public static SelfSignedCertificate create(String password) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("docusign-sim-tls");
      Path store = dir.resolve("sim.p12");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      List<String> cmd =
          List.of(
              keytool.toString(),
              // a short-lived JVM: skip the optimising compiler, it only slows the start
              "-J-XX:TieredStopAtLevel=1",
              "-genkeypair",
              "-alias",
              ALIAS,
              // EC keys are made in milliseconds; every current TLS client accepts them
              "-keyalg",
              "EC",
              "-groupname",
              "secp256r1",
              "-validity",
              "3650",
              "-dname",
              "CN=localhost, O=docusign-collector simulator",
              "-ext",
              "SAN=ip:127.0.0.1,dns:localhost",
              "-storetype",
              "PKCS12",
              "-keystore",
              store.toString(),
              "-storepass",
              password,
              "-keypass",
              password,
              "-noprompt");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool could not make the simulator's certificate: "
                + new String(out, StandardCharsets.UTF_8).trim());
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, password.toCharArray());
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password.toCharArray());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return new SelfSignedCertificate(ctx, (X509Certificate) ks.getCertificate(ALIAS));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not make the simulator's TLS certificate: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making the TLS certificate", e);
    } finally {
      if (dir != null) {
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.deleteIfExists(f);
          }
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          // a temp directory left behind is harmless
        }
      }
    }
  }
}
