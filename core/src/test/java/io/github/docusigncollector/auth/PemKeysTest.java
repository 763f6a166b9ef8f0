package io.github.docusigncollector.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.docusigncollector.error.CollectorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeysTest {
  static KeyPair rsa;
  static String pkcs8;
  static String pkcs1;

  @BeforeAll
  static void keys() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    rsa = g.generateKeyPair();
    byte[] der = rsa.getPrivate().getEncoded();
    pkcs8 = pem("PRIVATE KEY", der);
    pkcs1 = pem("RSA PRIVATE KEY", innerPkcs1(der));
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  /** The OCTET STRING inside a PKCS#8 PrivateKeyInfo: the PKCS#1 RSAPrivateKey. */
  static byte[] innerPkcs1(byte[] der) {
    int i = 2 + lengthBytes(der[1]); // outer SEQUENCE header
    i += 3; // INTEGER 0
    i += 2 + (der[i + 1] & 0xff); // AlgorithmIdentifier
    int headerLen = 2 + lengthBytes(der[i + 1]);
    return Arrays.copyOfRange(der, i + headerLen, der.length);
  }

  static int lengthBytes(byte b) {
    return (b & 0x80) == 0 ? 0 : b & 0x7f;
  }

  static boolean signsLikeTheOriginal(SigningKey key) throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key.rsaKey());
    s.update(new byte[] {1, 2, 3});
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(rsa.getPublic());
    v.update(new byte[] {1, 2, 3});
    return v.verify(sig);
  }

  static AbstractThrowableAssert<?, ? extends Throwable> refused(String text) {
    return assertThatThrownBy(() -> PemKeys.parse(text, "private_key"))
        .isInstanceOf(CollectorException.class)
        .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(2))
        .hasMessageStartingWith("private_key: ");
  }

  @Test
  void readsPkcs8() throws GeneralSecurityException {
    assertThat(signsLikeTheOriginal(PemKeys.parse(pkcs8, "private_key"))).isTrue();
  }

  @Test
  void readsPkcs1ByWrappingIt() throws GeneralSecurityException {
    SigningKey k = PemKeys.parse(pkcs1, "private_key");
    assertThat(k.rsaKey().getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
    assertThat(signsLikeTheOriginal(k)).isTrue();
  }

  @Test
  void wrapsPkcs1OfOtherKeySizes() throws GeneralSecurityException {
    for (int bits : new int[] {1024, 3072}) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      byte[] der = g.generateKeyPair().getPrivate().getEncoded();
      SigningKey k = PemKeys.parse(pem("RSA PRIVATE KEY", innerPkcs1(der)), "k");
      assertThat(k.rsaKey().getEncoded()).isEqualTo(der);
      assertThat(k.toString()).contains(bits + " bits");
    }
  }

  @Test
  void readsKeysPastedOnOneLineAndWithCrlf() throws GeneralSecurityException {
    assertThat(signsLikeTheOriginal(PemKeys.parse(pkcs1.replace('\n', ' '), "k"))).isTrue();
    assertThat(signsLikeTheOriginal(PemKeys.parse(pkcs8.replace('\n', ' '), "k"))).isTrue();
    assertThat(signsLikeTheOriginal(PemKeys.parse(pkcs8.replace("\n", "\r\n"), "k"))).isTrue();
    assertThat(signsLikeTheOriginal(PemKeys.parse("  \n" + pkcs1 + "\n\n", "k"))).isTrue();
    assertThat(signsLikeTheOriginal(PemKeys.parse(pkcs1.replace("\n", "\\n"), "k"))).isTrue();
  }

  @Test
  void picksTheKeyOutOfABundle() throws GeneralSecurityException {
    String bundle = pem("CERTIFICATE", new byte[] {1, 2, 3}) + pkcs1;
    assertThat(signsLikeTheOriginal(PemKeys.parse(bundle, "k"))).isTrue();
  }

  @Test
  void readsAFileAndNamesTheSettingWhenItCannot(@TempDir Path dir)
      throws IOException, GeneralSecurityException {
    Path f = dir.resolve("k.pem");
    Files.writeString(f, pkcs1);
    assertThat(signsLikeTheOriginal(PemKeys.read(f, "private_key_file"))).isTrue();
    assertThatThrownBy(() -> PemKeys.read(dir.resolve("none.pem"), "private_key_file"))
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("private_key_file")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> PemKeys.read(dir, "private_key_file"))
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("directory");
  }

  @Test
  void refusesEncryptedKeys() {
    refused(pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3})).hasMessageContaining("encrypted");
    String legacy =
        pkcs1.replace(
            "-----BEGIN RSA PRIVATE KEY-----\n",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\n");
    refused(legacy).hasMessageContaining("encrypted");
    refused(legacy.replace('\n', ' ')).hasMessageContaining("encrypted");
  }

  @Test
  void refusesNonRsaKeys() throws GeneralSecurityException {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    refused(pem("PRIVATE KEY", ec.generateKeyPair().getPrivate().getEncoded()))
        .hasMessageContaining("EC key, not an RSA key");
    refused(pem("EC PRIVATE KEY", new byte[] {1, 2, 3})).hasMessageContaining("EC key");
    KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
    refused(pem("PRIVATE KEY", ed.generateKeyPair().getPrivate().getEncoded()))
        .hasMessageContaining("Ed25519");
    KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
    dsa.initialize(2048);
    refused(pem("PRIVATE KEY", dsa.generateKeyPair().getPrivate().getEncoded()))
        .hasMessageContaining("DSA");
  }

  @Test
  void refusesPublicKeysAndCertificates() {
    refused(pem("PUBLIC KEY", rsa.getPublic().getEncoded())).hasMessageContaining("public key");
    refused(pem("CERTIFICATE", new byte[] {1, 2, 3})).hasMessageContaining("certificate");
  }

  @Test
  void refusesGarbage() {
    refused("").hasMessageContaining("empty");
    refused("hello").hasMessageContaining("not a PEM private key");
    refused("-----BEGIN PRIVATE KEY-----\nAAAA").hasMessageContaining("no matching END");
    refused("-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----")
        .hasMessageContaining("not valid base64");
    refused(pem("PRIVATE KEY", new byte[] {1, 2, 3, 4, 5, 6}))
        .hasMessageContaining("not a valid RSA private key");
    refused(pem("RSA PRIVATE KEY", "not a key at all, really".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("PKCS#1")
        .hasMessageContaining("not a valid RSA private key");
  }

  @Test
  void messagesNeverCarryKeyBytesAndTheKeyIsRegistered() {
    String damaged = pkcs8.replace("-----END PRIVATE KEY-----", "AAAA-----END PRIVATE KEY-----");
    Throwable t = catchThrowable(damaged);
    String body = pkcs8.split("\n")[3];
    assertThat(t.getMessage()).doesNotContain(body.substring(0, 20));
    assertThat(Secrets.redact("log line " + body + " end")).isEqualTo("log line *** end");
    PemKeys.parse(pkcs1, "k");
    assertThat(Secrets.redact(pkcs1)).doesNotContain(pkcs1.split("\n")[5]);
    assertThat(PemKeys.parse(pkcs1, "k").toString()).contains("redacted");
  }

  private static Throwable catchThrowable(String text) {
    try {
      PemKeys.parse(text, "private_key");
      return new AssertionError("no failure");
    } catch (CollectorException e) {
      return e;
    }
  }
}
