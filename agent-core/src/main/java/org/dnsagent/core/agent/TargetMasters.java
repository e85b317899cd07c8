// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.TargetConfig;
import org.dnsagent.core.xfr.MasterClient;
import org.dnsagent.core.xfr.TransferObserver;
import org.dnsagent.spi.MasterServer;

/**
 * The master client of each target: targets with their own {@code masters} (split horizon, where
 * each view's data comes from its own masters) get their own client, the others share the one for
 * the agent's masters.
 */
final class TargetMasters implements AutoCloseable {
  private final Map<List<MasterServer>, MasterClient> clients = new LinkedHashMap<>();
  private final Map<String, MasterClient> byTarget = new LinkedHashMap<>();

  TargetMasters(AgentConfig config) {
    this(config, TransferObserver.NONE);
  }

  TargetMasters(AgentConfig config, TransferObserver observer) {
    try {
      for (TargetConfig target : config.targets()) {
        MasterClient client =
            clients.computeIfAbsent(
                config.mastersOf(target),
                masters ->
                    new MasterClient(
                        masters,
                        config.transferSource(),
                        config.soaQueryTimeout(),
                        config.transferLimits(),
                        config.spoolDirectory(),
                        observer));
        byTarget.put(target.name(), client);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The client for the named target's masters. */
  MasterClient of(String target) {
    MasterClient client = byTarget.get(target);
    if (client == null) {
      throw new IllegalArgumentException("unknown target " + target);
    }
    return client;
  }

  @Override
  public void close() {
    clients.values().forEach(MasterClient::close);
  }
}
