// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A control-channel key: name, algorithm and the decoded secret. {@link #toString()} never shows
 * the secret.
 */
public final class RndcKey {
  private final String name;
  private final RndcAlgorithm algorithm;
  private final byte[] secret;
  private volatile Mac prototype; // initialised with the secret; cloned for each message

  public RndcKey(String name, RndcAlgorithm algorithm, byte[] secret) {
    this.name = requireNonNull(name, "name is null");
    this.algorithm = requireNonNull(algorithm, "algorithm is null");
    requireNonNull(secret, "secret is null");
    if (secret.length == 0) {
      throw new IllegalArgumentException("key '" + name + "' has an empty secret");
    }
    this.secret = secret.clone();
  }

  public String name() {
    return name;
  }

  public RndcAlgorithm algorithm() {
    return algorithm;
  }

  /** A copy of the decoded secret. */
  byte[] secret() {
    return secret.clone();
  }

  /**
   * A fresh HMAC initialised with this key. Cloned from one kept initialised, which saves looking
   * up the provider and expanding the key for every message.
   */
  Mac newMac() throws GeneralSecurityException {
    Mac p = prototype;
    if (p == null) {
      p = Mac.getInstance(algorithm.javaName());
      p.init(new SecretKeySpec(secret, algorithm.javaName()));
      prototype = p;
    }
    try {
      return (Mac) p.clone();
    } catch (CloneNotSupportedException e) {
      Mac mac = Mac.getInstance(algorithm.javaName());
      mac.init(new SecretKeySpec(secret, algorithm.javaName()));
      return mac;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RndcKey k
        && name.equals(k.name)
        && algorithm == k.algorithm
        && Arrays.equals(secret, k.secret);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + algorithm.hashCode();
  }

  @Override
  public String toString() {
    return "RndcKey[name=" + name + ", algorithm=" + algorithm.bindName() + ", secret=****]";
  }
}
