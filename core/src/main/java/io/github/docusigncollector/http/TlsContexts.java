package io.github.docusigncollector.http;

import io.github.docusigncollector.error.CollectorException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS context of our one HTTP client, never the JVM's: the JDK's trust, plus the CA
 * certificates of {@code ca_file}, or (with {@code insecure}) trust in anything.
 */
public final class TlsContexts {
  private TlsContexts() {}

  /**
   * Sets the TLS context of {@code b}. With neither {@code insecure} nor {@code ca_file} (the usual
   * case), the context, and so the reading of the JDK's trust store, waits for the first HTTPS
   * connection: a one-shot command against plain-HTTP URLs never needs it. With either, it is built
   * now, so that a bad {@code ca_file} is still reported (exit 2) before anything is fetched.
   */
  static void configure(HttpClient.Builder b, boolean insecure, Path caFile) {
    if (insecure || caFile != null) {
      b.sslContext(build(insecure, caFile));
    } else {
      b.sslContext(lazy(() -> build(false, null)));
      // Unset parameters take the engine's defaults, which are the context's defaults; the
      // client would otherwise ask the context for them at once, building it.
      b.sslParameters(new SSLParameters());
    }
  }

  /** A context that builds its delegate on first use (thread-safe, at most once). */
  static SSLContext lazy(Supplier<SSLContext> real) {
    return new LazyContext(new LazySpi(real));
  }

  /** A context trusting the JDK's CAs plus {@code caFile}'s, or anything with {@code insecure}. */
  public static SSLContext build(boolean insecure, Path caFile) {
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

  private static final class LazyContext extends SSLContext {
    LazyContext(LazySpi spi) {
      super(spi, null, "TLS");
    }
  }

  /** Every operation goes to the real context, built by the first of them. */
  private static final class LazySpi extends SSLContextSpi {
    private final Supplier<SSLContext> factory;
    private volatile SSLContext real;

    LazySpi(Supplier<SSLContext> factory) {
      this.factory = factory;
    }

    private SSLContext real() {
      SSLContext r = real;
      if (r == null) {
        synchronized (this) {
          r = real;
          if (r == null) {
            r = factory.get();
            real = r;
          }
        }
      }
      return r;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
      throw new UnsupportedOperationException("a lazy TLS context is initialized on first use");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return real().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return real().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return real().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return real().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return real().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return real().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return real().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return real().getSupportedSSLParameters();
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
