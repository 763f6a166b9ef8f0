package io.github.docusigncollector.auth;

import io.github.docusigncollector.error.CollectorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the app's RSA private key from PEM text: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or PKCS#8
 * ({@code BEGIN PRIVATE KEY}), also when pasted on one line with its newlines turned into spaces.
 * Every other kind of input is refused with exit 2 and a message saying what it is; no message ever
 * carries key bytes.
 */
public final class PemKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

  /** DER of AlgorithmIdentifier {rsaEncryption, NULL}, the fixed part of a PKCS#8 RSA key. */
  private static final byte[] RSA_ALGORITHM_ID = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private static final String RSA_OID = "1.2.840.113549.1.1.1";

  private PemKeys() {}

  /**
   * Reads a key file. {@code setting} names where the path came from (e.g. {@code
   * private_key_file}) for the messages.
   */
  public static SigningKey read(Path file, String setting) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw problem(
          setting, "the file " + file + " does not exist", "give the path of the PEM key");
    } catch (AccessDeniedException e) {
      throw problem(
          setting,
          "the file " + file + " cannot be read (permission denied)",
          "make it readable by the user running the collector");
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        throw problem(setting, file + " is a directory", "give the path of the PEM key file");
      }
      throw problem(
          setting,
          "the file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")",
          "check the path and its permissions");
    }
    return parse(text, setting);
  }

  /** Parses PEM text (multi-line or one-line). Registers the text with {@link Secrets} at once. */
  public static SigningKey parse(String text, String setting) {
    registerSecret(text);
    if (text == null || text.isBlank()) {
      throw problem(setting, "it is empty", "paste the PEM private key of the app's RSA key pair");
    }
    if (text.contains("\\n")) {
      // Keys stored in environment files often carry their line breaks as the two characters \n.
      text = text.replace("\\r", "").replace("\\n", "\n");
      registerSecret(text);
    }
    Matcher m = BLOCK.matcher(text);
    List<String[]> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(new String[] {m.group(1).trim(), m.group(2)});
    }
    if (blocks.isEmpty()) {
      Matcher begin = BEGIN.matcher(text);
      if (begin.find()) {
        throw problem(
            setting,
            "the PEM block \"" + begin.group(1) + "\" has no matching END line (truncated?)",
            "copy the whole key, from -----BEGIN to -----END");
      }
      throw problem(
          setting,
          "it is not a PEM private key (no -----BEGIN line)",
          "use the RSA private key of the app, in PEM form (-----BEGIN RSA PRIVATE KEY----- or"
              + " -----BEGIN PRIVATE KEY-----)");
    }
    // A bundle may hold certificates beside the key: use the first private key block.
    String[] chosen = blocks.get(0);
    for (String[] b : blocks) {
      if (b[0].endsWith("PRIVATE KEY")) {
        chosen = b;
        break;
      }
    }
    return parseBlock(chosen[0], chosen[1], setting);
  }

  private static SigningKey parseBlock(String label, String body, String setting) {
    switch (label) {
      case "RSA PRIVATE KEY" -> {
        if (body.contains("Proc-Type:") || body.contains("DEK-Info:")) {
          throw encrypted(setting);
        }
        return rsa(wrapPkcs1(decode(body, setting)), setting, "PKCS#1");
      }
      case "PRIVATE KEY" -> {
        byte[] der = decode(body, setting);
        String oid = algorithmOid(der);
        if (oid != null && !oid.equals(RSA_OID)) {
          throw problem(
              setting,
              "it is a " + algorithmName(oid) + " key, not an RSA key",
              "DocuSign's JWT Grant signs with RS256: generate an RSA key pair for the app");
        }
        return rsa(der, setting, "PKCS#8");
      }
      case "ENCRYPTED PRIVATE KEY" -> throw encrypted(setting);
      case "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY" -> {
        String kind =
            switch (label) {
              case "EC PRIVATE KEY" -> "an EC key, not an RSA key";
              case "DSA PRIVATE KEY" -> "a DSA key, not an RSA key";
              default -> "an OpenSSH-format key";
            };
        throw problem(
            setting,
            "it is " + kind,
            "use the RSA private key of the app in PEM form (an OpenSSH RSA key converts with"
                + " ssh-keygen -p -m PEM -f FILE)");
      }
      case "PUBLIC KEY",
          "RSA PUBLIC KEY",
          "CERTIFICATE",
          "X509 CERTIFICATE",
          "TRUSTED CERTIFICATE" ->
          throw problem(
              setting,
              "it is a "
                  + (label.contains("CERTIFICATE") ? "certificate" : "public key")
                  + ", not a private key",
              "use the private half of the app's RSA key pair");
      default ->
          throw problem(
              setting,
              "it is a \"" + label + "\" PEM block, not an RSA private key",
              "use the RSA private key of the app, in PEM form");
    }
  }

  private static CollectorException encrypted(String setting) {
    return problem(
        setting,
        "the key is encrypted with a passphrase",
        "store it unencrypted (e.g. openssl pkey -in KEY -out KEY.pem) and protect the file with"
            + " its permissions");
  }

  private static SigningKey rsa(byte[] pkcs8, String setting, String form) {
    try {
      PrivateKey key =
          KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      if (key instanceof RSAPrivateKey rsa) {
        return new SigningKey(rsa);
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // The JDK's message may quote DER bytes; keep only the fact that the body is not a key.
    }
    throw problem(
        setting,
        "the " + form + " PEM body is not a valid RSA private key (damaged or garbage)",
        "copy the key again, from -----BEGIN to -----END");
  }

  private static byte[] decode(String body, String setting) {
    StringBuilder b64 = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (!Character.isWhitespace(c)) {
        b64.append(c);
      }
    }
    try {
      byte[] der = Base64.getDecoder().decode(b64.toString());
      if (der.length == 0) {
        throw new IllegalArgumentException("empty");
      }
      return der;
    } catch (IllegalArgumentException e) {
      throw problem(
          setting,
          "the PEM body is not valid base64 (damaged or garbage)",
          "copy the key again, from -----BEGIN to -----END");
    }
  }

  /** PKCS#8 PrivateKeyInfo {version 0, rsaEncryption, OCTET STRING pkcs1}. */
  static byte[] wrapPkcs1(byte[] pkcs1) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes(new byte[] {0x02, 0x01, 0x00});
    content.writeBytes(RSA_ALGORITHM_ID);
    content.write(0x04);
    content.writeBytes(derLength(pkcs1.length));
    content.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(derLength(content.size()));
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }

  private static byte[] derLength(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
    byte[] out = new byte[bytes + 1];
    out[0] = (byte) (0x80 | bytes);
    for (int i = bytes; i > 0; i--) {
      out[i] = (byte) n;
      n >>>= 8;
    }
    return out;
  }

  /**
   * The algorithm OID of a PKCS#8 PrivateKeyInfo, or null when the DER does not have that shape.
   */
  static String algorithmOid(byte[] der) {
    try {
      int[] pos = {0};
      expectTag(der, pos, 0x30);
      readLength(der, pos);
      expectTag(der, pos, 0x02);
      int versionLength = readLength(der, pos);
      pos[0] += versionLength;
      expectTag(der, pos, 0x30);
      readLength(der, pos);
      expectTag(der, pos, 0x06);
      int len = readLength(der, pos);
      if (len <= 0 || pos[0] + len > der.length) {
        return null;
      }
      return oidToString(der, pos[0], len);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return null;
    }
  }

  private static void expectTag(byte[] der, int[] pos, int tag) {
    if ((der[pos[0]++] & 0xff) != tag) {
      throw new IllegalArgumentException("unexpected tag");
    }
  }

  private static int readLength(byte[] der, int[] pos) {
    int first = der[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int n = first & 0x7f;
    if (n == 0 || n > 4) {
      throw new IllegalArgumentException("bad length");
    }
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[pos[0]++] & 0xff);
    }
    return len;
  }

  private static String oidToString(byte[] der, int off, int len) {
    StringBuilder s = new StringBuilder();
    long value = 0;
    boolean first = true;
    for (int i = off; i < off + len; i++) {
      value = (value << 7) | (der[i] & 0x7f);
      if ((der[i] & 0x80) == 0) {
        if (first) {
          long a = Math.min(value / 40, 2);
          s.append(a).append('.').append(value - a * 40);
          first = false;
        } else {
          s.append('.').append(value);
        }
        value = 0;
      }
    }
    return s.toString();
  }

  private static String algorithmName(String oid) {
    return switch (oid) {
      case "1.2.840.10045.2.1" -> "EC";
      case "1.2.840.10040.4.1" -> "DSA";
      case "1.3.101.112" -> "Ed25519";
      case "1.3.101.113" -> "Ed448";
      case "1.3.101.110" -> "X25519";
      case "1.3.101.111" -> "X448";
      case "1.2.840.113549.1.1.10" -> "RSASSA-PSS (RSA-PSS only)";
      case "1.2.840.113549.1.3.1" -> "Diffie-Hellman";
      default -> "non-RSA (algorithm " + oid + ")";
    };
  }

  /**
   * Registers the key text and each of its base64 pieces, so that even a single line of it is
   * masked wherever it would appear.
   */
  private static void registerSecret(String text) {
    if (text == null) {
      return;
    }
    Secrets.register(text);
    Secrets.register(text.trim());
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      StringBuilder joined = new StringBuilder();
      WHITESPACE
          .splitAsStream(body)
          .filter(piece -> piece.length() >= 16 && !piece.contains(":"))
          .forEach(
              piece -> {
                Secrets.register(piece);
                joined.append(piece);
              });
      Secrets.register(joined.toString());
      Secrets.register(body.trim());
    }
  }

  private static CollectorException problem(String setting, String why, String fix) {
    return CollectorException.config(setting + ": " + why + "; " + fix + ".");
  }
}
