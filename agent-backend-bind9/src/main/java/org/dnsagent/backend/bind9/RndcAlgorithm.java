// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import java.util.Locale;
import java.util.Optional;

/** The HMAC algorithms named's control channel accepts, with the ids the wire format uses. */
public enum RndcAlgorithm {
  HMAC_MD5("hmac-md5", "HmacMD5", 157),
  HMAC_SHA1("hmac-sha1", "HmacSHA1", 161),
  HMAC_SHA224("hmac-sha224", "HmacSHA224", 162),
  HMAC_SHA256("hmac-sha256", "HmacSHA256", 163),
  HMAC_SHA384("hmac-sha384", "HmacSHA384", 164),
  HMAC_SHA512("hmac-sha512", "HmacSHA512", 165);

  private final String bindName;
  private final String javaName;
  private final int wireId;

  RndcAlgorithm(String bindName, String javaName, int wireId) {
    this.bindName = bindName;
    this.javaName = javaName;
    this.wireId = wireId;
  }

  /** The name in {@code rndc.key}, for example {@code hmac-sha256}. */
  public String bindName() {
    return bindName;
  }

  /** The JCA {@link javax.crypto.Mac} algorithm name. */
  String javaName() {
    return javaName;
  }

  /** The algorithm byte in an {@code hsha} signature (unused for MD5, which has its own layout). */
  int wireId() {
    return wireId;
  }

  /** Looks up a BIND algorithm name, accepting the long MD5 alias as BIND does. */
  public static Optional<RndcAlgorithm> fromBindName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("hmac-md5.sig-alg.reg.int")) {
      n = "hmac-md5";
    }
    for (RndcAlgorithm a : values()) {
      if (a.bindName.equals(n)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
