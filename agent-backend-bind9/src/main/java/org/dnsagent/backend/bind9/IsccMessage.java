// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One message of named's control channel ("isccc"), reduced to what rndc uses: the {@code _ctrl}
 * table (serial, time, expiry, nonce) and the {@code _data} table (the command, or the result and
 * its text), both with string values. The {@code _auth} table is added and checked by {@link
 * IsccCodec}.
 */
public record IsccMessage(Map<String, String> ctrl, Map<String, String> data) {
  public IsccMessage {
    ctrl = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(ctrl, "ctrl is null")));
    data = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(data, "data is null")));
  }

  /** A value of the {@code _ctrl} table parsed as an unsigned 32-bit number, if present. */
  public Optional<Long> ctrlNumber(String key) {
    String value = ctrl.get(key);
    if (value == null) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(value.trim());
      return n >= 0 && n <= 0xFFFF_FFFFL ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
