// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dnsagent.core.backend.TargetHosts;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.TargetConfig;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.ProcessCommandRunner;
import org.dnsagent.spi.TsigKeySpec;

/** What a backend built by {@code check-config} gets: the same as at start-up. */
record CheckContext(
    String targetName,
    Path stateDirectory,
    List<MasterServer> masters,
    CommandRunner commandRunner,
    Map<String, TsigKeySpec> tsigKeys,
    HostAccess host)
    implements BackendContext {

  /**
   * The context start-up would give target {@code t} (same state directory, masters and host: over
   * SSH when its section sets {@code ssh_host}; not connected until the backend starts).
   *
   * @throws org.dnsagent.spi.ConfigException if an {@code ssh_*} option cannot be used
   */
  static CheckContext of(AgentConfig c, TargetConfig t) {
    Path dir =
        t.name().equals("default") ? c.statePath() : c.statePath().resolve("target-" + t.name());
    CommandRunner local = new ProcessCommandRunner(2);
    return new CheckContext(
        t.name(), dir, c.mastersOf(t), local, c.tsigKeys(), TargetHosts.of(t.settings(), local));
  }
}
