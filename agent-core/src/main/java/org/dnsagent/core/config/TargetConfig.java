// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.List;
import org.dnsagent.spi.BackendSettings;

/**
 * One backend instance the agent provisions (one server, or one view of it). A request goes to the
 * target whose {@code tsigKeys} include the key that signed it, else to the target bound to the
 * local address it arrived on, else to the first target.
 */
public record TargetConfig(
    String name,
    String driver,
    BackendSettings settings,
    List<String> tsigKeys,
    List<InetSocketAddress> localAddresses) {
  public TargetConfig {
    requireNonNull(name, "name is null");
    requireNonNull(driver, "driver is null");
    requireNonNull(settings, "settings is null");
    tsigKeys = List.copyOf(tsigKeys);
    localAddresses = List.copyOf(localAddresses);
  }
}
