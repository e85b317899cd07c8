// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.TargetConfig;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.ProcessCommandRunner;
import org.dnsagent.spi.TsigKeySpec;

/** What a backend built by {@code check-config} gets: the same as at start-up. */
record CheckContext(
    String targetName,
    Path stateDirectory,
    List<MasterServer> masters,
    CommandRunner commandRunner,
    Map<String, TsigKeySpec> tsigKeys)
    implements BackendContext {

  /** The context start-up would give target {@code t} (same state directory and masters). */
  static CheckContext of(AgentConfig c, TargetConfig t) {
    Path dir =
        t.name().equals("default") ? c.statePath() : c.statePath().resolve("target-" + t.name());
    return new CheckContext(
        t.name(), dir, c.mastersOf(t), new ProcessCommandRunner(2), c.tsigKeys());
  }
}
