// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.HostPort;

/** Reads {@code metrics_listen} (declared in {@link CoreOptions#AGENT}). */
public final class MetricsOptions {
  private MetricsOptions() {}

  static Optional<InetSocketAddress> metricsListen(BackendSettings agent) {
    Optional<String> raw = agent.get("metrics_listen").map(String::trim).filter(s -> !s.isEmpty());
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    InetSocketAddress address;
    try {
      address = HostPort.parse(raw.get(), 9358);
    } catch (IllegalArgumentException e) {
      throw agent.invalid("metrics_listen", raw.get(), e.getMessage());
    }
    if (address.getAddress() == null) {
      throw agent.invalid("metrics_listen", raw.get(), "not an IP address");
    }
    return Optional.of(address);
  }
}
