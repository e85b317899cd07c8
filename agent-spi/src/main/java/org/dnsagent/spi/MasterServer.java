// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.Optional;

/** A primary server the agent (or the backend's server) transfers zones from. */
public record MasterServer(InetSocketAddress address, Optional<TsigKeySpec> key) {
  public MasterServer {
    requireNonNull(address, "address is null");
    requireNonNull(key, "key is null");
  }

  public static MasterServer of(InetSocketAddress address) {
    return new MasterServer(address, Optional.empty());
  }

  @Override
  public String toString() {
    return HostPort.format(address) + key.map(k -> " key=" + k.name()).orElse("");
  }
}
