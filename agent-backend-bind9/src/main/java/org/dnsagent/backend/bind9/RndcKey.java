// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A control-channel key: name, algorithm and the decoded secret. {@link #toString()} never shows
 * the secret.
 */
public final class RndcKey {
  private final String name;
  private final RndcAlgorithm algorithm;
  private final byte[] secret;

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
