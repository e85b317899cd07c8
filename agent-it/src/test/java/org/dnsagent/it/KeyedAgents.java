// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.agent.AgentStartException;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.AgentConfigLoader;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.xbill.DNS.Name;

/**
 * One local master (optionally requiring TSIG) and any number of agents on the files backend
 * transferring from it, each on its own loopback port and state directory, configured with TSIG
 * keys. Everything is stopped by {@link #close()}.
 */
final class KeyedAgents implements AutoCloseable {
  private final Path dir;
  final LocalMaster master;
  private final Map<String, Agent> agents = new LinkedHashMap<>();

  private KeyedAgents(Path dir, LocalMaster master) {
    this.dir = dir;
    this.master = master;
  }

  /** Starts the master; {@code options} may add keys and require them. */
  static KeyedAgents start(Path dir, Consumer<LocalMasterOptions.Builder> options)
      throws IOException {
    LocalMasterOptions.Builder builder =
        LocalMasterOptions.builder(Files.createDirectories(dir.resolve("master")))
            .listenAddress(new InetSocketAddress("127.0.0.1", 0))
            .pollInterval(Duration.ofMillis(100));
    options.accept(builder);
    LocalMaster master = new LocalMaster(builder.build());
    master.start();
    return new KeyedAgents(dir, master);
  }

  /** The INI lines of a key section. */
  static String keySection(TsigKeySpec key) {
    return "[tsigkey:%s]\nalgorithm = %s\nsecret = %s\n"
        .formatted(key.name(), key.algorithm(), key.secret());
  }

  /**
   * Starts an agent called {@code name}.
   *
   * @param masterKey the key its transfers from the master are signed with
   * @param agentOptions more {@code [service:agent]} lines, e.g. {@code tsig_keys = ctl}
   * @param keys the {@code [tsigkey:...]} sections it knows
   */
  Agent startAgent(
      String name, Optional<TsigKeySpec> masterKey, String agentOptions, List<TsigKeySpec> keys)
      throws IOException, AgentStartException {
    // A free port can be taken before the agent binds it: try a few.
    for (int attempt = 1; ; attempt++) {
      try {
        Agent agent = startAgent(name, FreePorts.tcpAndUdp(), masterKey, agentOptions, keys);
        agents.put(name, agent);
        return agent;
      } catch (AgentStartException e) {
        if (!(e.getCause() instanceof java.net.BindException) || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  private Agent startAgent(
      String name,
      int port,
      Optional<TsigKeySpec> masterKey,
      String agentOptions,
      List<TsigKeySpec> keys)
      throws IOException, AgentStartException {
    Path conf = writeConfig(name, port, masterKey, agentOptions, keys);
    BackendRegistry registry = BackendRegistry.discover();
    AgentConfig config = new AgentConfigLoader(registry).load(List.of(conf)).config();
    return Agent.start(config, registry);
  }

  /**
   * Writes the configuration {@link #startAgent} would start agent {@code name} with, listening on
   * {@code port}, and returns its path (for an agent run as a child process).
   */
  Path writeConfig(
      String name,
      int port,
      Optional<TsigKeySpec> masterKey,
      String agentOptions,
      List<TsigKeySpec> keys)
      throws IOException {
    Path state = dir.resolve(name);
    StringBuilder ini = new StringBuilder();
    ini.append("[DEFAULT]\nstate_path = ").append(state).append('\n');
    ini.append("[service:agent]\nlisten = 127.0.0.1:").append(port).append('\n');
    ini.append("masters = 127.0.0.1:").append(master.port());
    masterKey.ifPresent(k -> ini.append(" key=").append(k.name()));
    // "{port}" in the options is the agent's own port (a target's listen, say).
    ini.append("\nallow_notify = 127.0.0.0/8\nsoa_query_timeout = 2\n")
        .append(agentOptions.replace("{port}", Integer.toString(port)));
    ini.append('\n');
    keys.forEach(k -> ini.append(keySection(k)));
    return Files.writeString(Files.createDirectories(state).resolve("agent.conf"), ini);
  }

  Agent agent(String name) {
    return agents.get(name);
  }

  InetSocketAddress address(String name) {
    return agents.get(name).udpAddresses().get(0);
  }

  /** Stops one agent now (it goes "down"); its port is free afterwards. */
  void stop(String name) {
    agents.remove(name).close();
  }

  void publish(Name zone, long serial, int hosts) throws IOException {
    TestZones.writeZoneFile(dir.resolve("master"), zone, serial, hosts);
    master.reloadNow();
  }

  Path zoneFile(String agent, Name zone) {
    return ZoneFiles.pathFor(dir.resolve(agent).resolve("zones"), zone, ".zone");
  }

  long serial(String agent, Name zone) {
    try {
      return ZoneFiles.readSoa(zoneFile(agent, zone), zone).map(s -> s.getSerial()).orElse(-1L);
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    agents.values().forEach(Agent::close);
    agents.clear();
    master.close();
  }
}
