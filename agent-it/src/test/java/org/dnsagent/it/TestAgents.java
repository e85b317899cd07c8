// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.agent.AgentStartException;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfigLoader;
import org.dnsagent.core.config.LoadedConfig;
import org.dnsagent.testing.servers.NamedServer;

/** Agents started from configuration text, as {@code dns-agent run} starts them from files. */
final class TestAgents {
  private TestAgents() {}

  /**
   * Writes each text to its own file in {@code dir} and loads them in order, a later file's values
   * replacing an earlier one's, as repeated {@code --config-file} options do.
   *
   * @throws AssertionError if loading produced warnings: tests use only options the agent knows
   */
  static LoadedConfig load(Path dir, String... files) throws IOException {
    Files.createDirectories(dir);
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < files.length; i++) {
      paths.add(Files.writeString(dir.resolve("agent-" + (i + 1) + ".conf"), files[i]));
    }
    LoadedConfig loaded = new AgentConfigLoader(BackendRegistry.discover()).load(paths);
    if (!loaded.warnings().isEmpty()) {
      throw new AssertionError(
          "configuration warnings: " + loaded.warnings() + "\n" + String.join("\n", files));
    }
    return loaded;
  }

  /** Loads the files as {@link #load} does and starts the agent. */
  static Agent start(Path dir, String... files) throws IOException, AgentStartException {
    return Agent.start(load(dir, files).config(), BackendRegistry.discover());
  }

  /**
   * The options of a bind9 target ({@code [backend:agent:bind9]} or {@code [target:NAME]}) for a
   * throwaway named, with short timeouts so that an outage shows quickly.
   */
  static String bind9Options(NamedServer named, String transport) {
    return "rndc_host = 127.0.0.1\n"
        + ("rndc_port = " + named.rndcPort() + "\n")
        + ("rndc_key_file = " + named.keyFile() + "\n")
        + ("rndc_transport = " + transport + "\n")
        + "rndc_timeout = 3\n"
        + ("query_destination = 127.0.0.1:" + named.dnsPort() + "\n")
        + "query_timeout = 1\n";
  }
}
