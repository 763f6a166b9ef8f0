package io.github.docusigncollector.simulator;

import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;

/** PEM encodings of an RSA private key: PKCS#8 as the JDK gives it, and PKCS#1 cut out of it. */
final class Pem {
  private Pem() {}

  static String pkcs8(PrivateKey key) {
    return wrap("PRIVATE KEY", key.getEncoded());
  }

  static String pkcs1(PrivateKey key) {
    return wrap("RSA PRIVATE KEY", pkcs1Der(key.getEncoded()));
  }

  static String wrap(String label, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
  }

  /**
   * PrivateKeyInfo ::= SEQUENCE { version INTEGER, algorithm SEQUENCE, privateKey OCTET STRING };
   * the OCTET STRING holds the PKCS#1 RSAPrivateKey.
   */
  static byte[] pkcs1Der(byte[] pkcs8) {
    int[] at = {0};
    expect(pkcs8, at, 0x30);
    readLength(pkcs8, at);
    expect(pkcs8, at, 0x02);
    int versionLength = readLength(pkcs8, at);
    at[0] += versionLength;
    expect(pkcs8, at, 0x30);
    int algorithmLength = readLength(pkcs8, at);
    at[0] += algorithmLength;
    expect(pkcs8, at, 0x04);
    int len = readLength(pkcs8, at);
    return Arrays.copyOfRange(pkcs8, at[0], at[0] + len);
  }

  private static void expect(byte[] der, int[] at, int tag) {
    if ((der[at[0]] & 0xff) != tag) {
      throw new IllegalStateException("unexpected DER tag at " + at[0]);
    }
    at[0]++;
  }

  private static int readLength(byte[] der, int[] at) {
    int b = der[at[0]++] & 0xff;
    if (b < 0x80) {
      return b;
    }
    int n = b & 0x7f;
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[at[0]++] & 0xff);
    }
    return len;
  }
}
