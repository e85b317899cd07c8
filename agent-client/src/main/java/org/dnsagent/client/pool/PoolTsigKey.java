// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnsagent.spi.TsigKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * A TSIG key as Designate stores it ({@code openstack tsigkey show}): an id that pool entries refer
 * to with {@code tsigkey_id}, the key name both sides use on the wire, an algorithm and a base64
 * secret. {@link #toString()} never shows the secret.
 *
 * @param id Designate's id (a UUID); entries may also refer to a key by name
 * @param name the key name, e.g. {@code pool-internal}
 * @param algorithm {@code hmac-sha256} and the others of {@link #ALGORITHMS}
 * @param secret the base64 secret
 */
public record PoolTsigKey(String id, String name, String algorithm, String secret) {
  /** The algorithms Designate accepts for TSIG keys, with dnsjava's names for them. */
  public static final Map<String, Name> ALGORITHMS =
      Map.of(
          "hmac-md5", TSIG.HMAC_MD5,
          "hmac-sha1", TSIG.HMAC_SHA1,
          "hmac-sha224", TSIG.HMAC_SHA224,
          "hmac-sha256", TSIG.HMAC_SHA256,
          "hmac-sha384", TSIG.HMAC_SHA384,
          "hmac-sha512", TSIG.HMAC_SHA512);

  /**
   * @throws IllegalArgumentException for an unknown algorithm, a name that is not a DNS name, or a
   *     secret that is not base64; the message never contains the secret
   */
  public PoolTsigKey {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(algorithm, "algorithm is null");
    requireNonNull(secret, "secret is null");
    algorithm = algorithm.toLowerCase(Locale.ROOT);
    if (algorithm.equals("hmac-md5.sig-alg.reg.int")) {
      algorithm = "hmac-md5";
    }
    if (!ALGORITHMS.containsKey(algorithm)) {
      throw new IllegalArgumentException(
          "unknown TSIG algorithm '" + algorithm + "'; use one of " + List.copyOf(sortedNames()));
    }
    secret = secret.trim();
    try {
      TsigKeySpec.decodeSecret(secret);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key '" + name + "': " + e.getMessage());
    }
    keyName(name);
  }

  /** A dnsjava signer and verifier for this key. */
  public TSIG toTsig() {
    return new TSIG(ALGORITHMS.get(algorithm), keyName(name), TsigKeySpec.decodeSecret(secret));
  }

  private static Name keyName(String name) {
    try {
      return Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("TSIG key name '" + name + "' is not a DNS name");
    }
  }

  private static List<String> sortedNames() {
    return ALGORITHMS.keySet().stream().sorted().toList();
  }

  @Override
  public String toString() {
    return "PoolTsigKey[id="
        + id
        + ", name="
        + name
        + ", algorithm="
        + algorithm
        + ", secret=****]";
  }
}
