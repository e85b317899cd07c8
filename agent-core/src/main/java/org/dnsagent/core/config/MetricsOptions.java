// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.OptionSpec;

/** The {@code [service:agent]} options of the metrics and health endpoint. */
public final class MetricsOptions {
  /** The Prometheus port registered for dns-agent's exporter is not taken; 9358 is suggested. */
  public static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.of(
              "metrics_listen",
              OptionSpec.Type.HOST_PORT,
              null,
              "HOST:PORT serving /metrics (Prometheus), /livez and /readyz over HTTP; off when"
                  + " unset (for example 127.0.0.1:9358)"));

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
