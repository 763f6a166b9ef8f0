package io.github.docusigncollector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made by the JDK's own keytool; also
 * written as PEM files for servers outside the JVM (rsyslog in the syslog tests).
 */
public final class SelfSignedCertificate {
  private static final String ALIAS = "docusign-simulator";

  public final SSLContext sslContext;
  public final X509Certificate certificate;
  private final PrivateKey key;

  private SelfSignedCertificate(
      SSLContext sslContext, X509Certificate certificate, PrivateKey key) {
    this.sslContext = sslContext;
    this.certificate = certificate;
    this.key = key;
  }

  /** The server context holding the key and certificate. */
  public SSLContext sslContext() {
    return sslContext;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** Writes the certificate and its (unencrypted PKCS#8) key as PEM files. */
  public void writePem(Path certFile, Path keyFile) throws IOException {
    try {
      Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encode the certificate", e);
    }
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  /** A new certificate; {@code password} protects the temporary key store keytool writes. */
  public static SelfSignedCertificate create(String password) {
    return create(password, false);
  }

  /**
   * A new certificate with an EC P-256 key, or with {@code rsa} an RSA 2048 key (GnuTLS, and so
   * rsyslog, reads the JDK's PKCS#8 encoding of an RSA key but not of an EC one).
   */
  public static SelfSignedCertificate create(String password, boolean rsa) {
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
              rsa ? "RSA" : "EC",
              rsa ? "-keysize" : "-groupname",
              rsa ? "2048" : "secp256r1",
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
      return new SelfSignedCertificate(
          ctx,
          (X509Certificate) ks.getCertificate(ALIAS),
          (PrivateKey) ks.getKey(ALIAS, password.toCharArray()));
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
