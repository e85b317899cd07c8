// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * A TSIG key (RFC 8945) as configured: a name, an algorithm such as {@code hmac-sha256}, and a
 * base64 secret. {@link #toString()} never shows the secret.
 */
public record TsigKeySpec(String name, String algorithm, String secret) {
  /** Algorithm names accepted in configuration. */
  public static final Set<String> ALGORITHMS =
      Set.of("hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512");

  public TsigKeySpec {
    requireNonNull(name, "name is null");
    requireNonNull(algorithm, "algorithm is null");
    requireNonNull(secret, "secret is null");
    algorithm = algorithm.toLowerCase(Locale.ROOT);
    if (algorithm.equals("hmac-md5.sig-alg.reg.int")) {
      algorithm = "hmac-md5";
    }
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException(
          "unknown TSIG algorithm '" + algorithm + "'; use one of " + ALGORITHMS);
    }
    decodeSecret(secret);
  }

  /**
   * Decodes a TSIG secret as named and dnsjava read it: padded base64 whose length is a multiple of
   * four. Java's own decoder also takes unpadded text, which dnsjava would then refuse when the
   * first message arrives; checking here turns that into a configuration error.
   *
   * @throws IllegalArgumentException if the secret is not such base64 or is empty; the message
   *     never contains the secret
   */
  public static byte[] decodeSecret(String secret) {
    String text = secret.strip();
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TSIG secret is not valid base64");
    }
    if (decoded.length == 0) {
      throw new IllegalArgumentException("TSIG secret is empty");
    }
    if (text.length() % 4 != 0) {
      throw new IllegalArgumentException(
          "TSIG secret is not padded base64 (its length is not a multiple of 4; is it cut short?)");
    }
    return decoded;
  }

  /** The key name as a DNS name (absolute). */
  public Name keyName() {
    try {
      return Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("TSIG key name '" + name + "' is not a DNS name", e);
    }
  }

  /** The algorithm as dnsjava's name constant. */
  public Name algorithmName() {
    return switch (algorithm) {
      case "hmac-md5" -> TSIG.HMAC_MD5;
      case "hmac-sha1" -> TSIG.HMAC_SHA1;
      case "hmac-sha224" -> TSIG.HMAC_SHA224;
      case "hmac-sha256" -> TSIG.HMAC_SHA256;
      case "hmac-sha384" -> TSIG.HMAC_SHA384;
      case "hmac-sha512" -> TSIG.HMAC_SHA512;
      default -> throw new IllegalStateException(algorithm);
    };
  }

  /** A dnsjava signer/verifier for this key. */
  public TSIG toTsig() {
    return new TSIG(algorithmName(), keyName(), decodeSecret(secret));
  }

  @Override
  public String toString() {
    return "TsigKeySpec[name=" + name + ", algorithm=" + algorithm + ", secret=****]";
  }
}
