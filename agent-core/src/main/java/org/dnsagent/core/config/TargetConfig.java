// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.List;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.MasterServer;

/**
 * One backend instance the agent provisions (one server, or one view of it). A request goes to the
 * target whose {@code tsigKeys} include the key that signed it, else to the target bound to the
 * local address it arrived on, else to the first target.
 *
 * @param masters the target's own {@code masters}, for split horizon where each view's data comes
 *     from its own masters; empty means the agent's ({@link AgentConfig#mastersOf})
 */
public record TargetConfig(
    String name,
    String driver,
    BackendSettings settings,
    List<String> tsigKeys,
    List<InetSocketAddress> localAddresses,
    List<MasterServer> masters) {
  public TargetConfig {
    requireNonNull(name, "name is null");
    requireNonNull(driver, "driver is null");
    requireNonNull(settings, "settings is null");
    tsigKeys = List.copyOf(tsigKeys);
    localAddresses = List.copyOf(localAddresses);
    masters = List.copyOf(masters);
  }

  /** A target that transfers from the agent's masters. */
  public TargetConfig(
      String name,
      String driver,
      BackendSettings settings,
      List<String> tsigKeys,
      List<InetSocketAddress> localAddresses) {
    this(name, driver, settings, tsigKeys, localAddresses, List.of());
  }
}
