package io.github.docusigncollector.http;

import io.github.docusigncollector.error.CollectorException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS context of our one HTTP client, never the JVM's: the JDK's trust, plus the CA
 * certificates of {@code ca_file}, or (with {@code insecure}) trust in anything.
 */
final class TlsContexts {
  private TlsContexts() {}

  static SSLContext build(boolean insecure, Path caFile) {
    try {
      X509ExtendedTrustManager tm;
      if (insecure) {
        tm = new TrustAll();
      } else if (caFile != null) {
        tm = new Composite(List.of(jdkDefault(), fromCaFile(caFile)));
      } else {
        tm = jdkDefault();
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {tm}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new CollectorException(
          CollectorException.OPERATIONAL, "cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager jdkDefault() throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    return extended(tmf);
  }

  private static X509ExtendedTrustManager fromCaFile(Path caFile) throws GeneralSecurityException {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(caFile)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw CollectorException.config(
          "ca_file "
              + caFile
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "): name a readable PEM file of CA certificates.");
    } catch (CertificateException e) {
      throw CollectorException.config(
          "ca_file "
              + caFile
              + " does not hold PEM certificates ("
              + e.getMessage()
              + "): it must contain -----BEGIN CERTIFICATE----- blocks.");
    }
    if (certs.isEmpty()) {
      throw CollectorException.config(
          "ca_file "
              + caFile
              + " holds no certificate: it must contain -----BEGIN CERTIFICATE-----"
              + " blocks.");
    }
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    int i = 0;
    for (Certificate c : certs) {
      ks.setCertificateEntry("ca-" + i++, c);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return extended(tmf);
  }

  private static X509ExtendedTrustManager extended(TrustManagerFactory tmf) {
    for (TrustManager t : tmf.getTrustManagers()) {
      if (t instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
  }

  /**
   * Trusts a server when any delegate does. Extended, so that each delegate also checks the host
   * name (the JDK client does that check inside the trust manager).
   */
  private static final class Composite extends X509ExtendedTrustManager {
    private final List<X509ExtendedTrustManager> delegates;

    Composite(List<X509ExtendedTrustManager> delegates) {
      this.delegates = delegates;
    }

    private interface Check {
      void run(X509ExtendedTrustManager tm) throws CertificateException;
    }

    private void any(Check check) throws CertificateException {
      CertificateException first = null;
      for (X509ExtendedTrustManager tm : delegates) {
        try {
          check.run(tm);
          return;
        } catch (CertificateException e) {
          if (first == null) {
            first = e;
          }
        }
      }
      throw first;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      any(tm -> tm.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      any(tm -> tm.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      any(tm -> tm.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      any(tm -> tm.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      any(tm -> tm.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      any(tm -> tm.checkClientTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      List<X509Certificate> all = new ArrayList<>();
      for (X509ExtendedTrustManager tm : delegates) {
        all.addAll(List.of(tm.getAcceptedIssuers()));
      }
      return all.toArray(new X509Certificate[0]);
    }
  }

  /** {@code insecure: true}: no certificate or host name check at all. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
