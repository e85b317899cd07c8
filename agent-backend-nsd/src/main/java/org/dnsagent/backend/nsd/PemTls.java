// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS context nsd-control uses, from the PEM files {@code nsd-control-setup} writes: the
 * client's certificate and key ({@code nsd_control.pem}, {@code nsd_control.key}) and the server's
 * certificate ({@code nsd_server.pem}), the only one trusted. Keys may be PKCS#8 ({@code BEGIN
 * PRIVATE KEY}, what OpenSSL 3 writes) or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}, older
 * OpenSSL).
 */
final class PemTls {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");
  private static final char[] NO_PASSWORD = new char[0];

  private PemTls() {}

  /**
   * The client's key and the trusted server certificate, and that certificate itself for pinning.
   */
  record Material(
      KeyManager[] keyManagers, TrustManager[] trustManagers, Certificate serverCertificate) {

    /**
     * A TLS context with an empty session cache. NSD sets no session id context, so it fails a
     * resumed handshake ("session id context uninitialized") and the JDK would resume from its
     * cache on every later connection: each connection gets a context of its own.
     */
    SSLContext newContext() throws GeneralSecurityException {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, RANDOM);
      return context;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  static Material load(Path clientCert, Path clientKey, Path serverCert)
      throws IOException, GeneralSecurityException {
    List<Certificate> chain = certificates(clientCert);
    List<Certificate> server = certificates(serverCert);
    PrivateKey key = privateKey(clientKey);

    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("nsd-control", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, NO_PASSWORD);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("nsd-server", server.get(0));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);

    Material material = new Material(kmf.getKeyManagers(), tmf.getTrustManagers(), server.get(0));
    material.newContext(); // fails now rather than at the first command
    return material;
  }

  static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<Certificate> certs = new ArrayList<>();
    for (Block b : blocks(file)) {
      if (b.type().equals("CERTIFICATE")) {
        certs.add(factory.generateCertificate(new ByteArrayInputStream(b.der())));
      }
    }
    if (certs.isEmpty()) {
      throw new GeneralSecurityException(file + " holds no PEM certificate");
    }
    return certs;
  }

  static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    for (Block b : blocks(file)) {
      switch (b.type()) {
        case "PRIVATE KEY":
          return pkcs8(b.der());
        case "RSA PRIVATE KEY":
          return KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(wrapPkcs1(b.der())));
        default:
          break;
      }
    }
    throw new GeneralSecurityException(
        file
            + " holds no unencrypted PEM private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  /** A PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL). */
  static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algorithm = {
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
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = concat(header(0x04, pkcs1.length), pkcs1);
    byte[] body = concat(concat(version, algorithm), octets);
    return concat(header(0x30, body.length), body);
  }

  private static byte[] header(int tag, int length) {
    if (length < 0x80) {
      return new byte[] {(byte) tag, (byte) length};
    }
    int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
    byte[] h = new byte[2 + bytes];
    h[0] = (byte) tag;
    h[1] = (byte) (0x80 | bytes);
    for (int i = 0; i < bytes; i++) {
      h[2 + i] = (byte) (length >>> (8 * (bytes - 1 - i)));
    }
    return h;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
    }
    return blocks;
  }
}
