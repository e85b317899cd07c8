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
   * The start of an agent's configuration for a test on loopback: {@code state_path} under {@code
   * dir}, and a {@code [service:agent]} section listening on {@code agentPort}, transferring from
   * the master on {@code masterPort} and taking NOTIFY from loopback. Options for that section may
   * follow.
   */
  static String serviceSettings(Path dir, int agentPort, int masterPort) {
    return "[DEFAULT]\nstate_path = "
        + dir.resolve("state")
        + "\n[service:agent]\nlisten = 127.0.0.1:"
        + agentPort
        + "\nmasters = 127.0.0.1:"
        + masterPort
        + "\nallow_notify = 127.0.0.0/8\n";
  }

  /** The {@code files} backend's section, its zone files in {@code zones}. */
  static String filesBackend(Path zones) {
    return "[backend:agent:files]\nzone_file_path = " + zones + "\n";
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
