// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.server;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides at accept time whether a TCP connection gets a slot: only senders that may send requests
 * at all ({@code allow_notify}) get one; one source holds at most {@code perSource} slots; and the
 * last {@code reserve} slots go only to sources that hold none yet, so a controller can connect
 * while others hold every ordinary slot.
 */
final class ConnectionGate {
  private final int max;
  private final int perSource;
  private final int reserve;
  private final Predicate<InetAddress> allowed;
  private final Map<InetAddress, Integer> bySource = new HashMap<>();
  private int total;

  ConnectionGate(int max, Predicate<InetAddress> allowed) {
    this(max, Math.max(1, max / 8), max >= 4 ? Math.max(1, max / 10) : 0, allowed);
  }

  ConnectionGate(int max, int perSource, int reserve, Predicate<InetAddress> allowed) {
    this.max = max;
    this.perSource = perSource;
    this.reserve = reserve;
    this.allowed = allowed;
  }

  /** Takes a slot for {@code source}, or says why not (a metric name's last part). */
  synchronized Optional<String> admit(InetAddress source) {
    if (!allowed.test(source)) {
      return Optional.of("acl");
    }
    int held = bySource.getOrDefault(source, 0);
    if (held >= perSource) {
      return Optional.of("per_source");
    }
    if (total >= max || (held > 0 && total >= max - reserve)) {
      return Optional.of("full");
    }
    bySource.put(source, held + 1);
    total++;
    return Optional.empty();
  }

  synchronized void release(InetAddress source) {
    bySource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
    total--;
  }
}
