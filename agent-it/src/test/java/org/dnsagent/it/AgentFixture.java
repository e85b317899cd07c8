// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.dnsagent.client.AgentClient;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.agent.AgentStartException;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.AgentConfigLoader;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * A local master serving zone files and an agent on the files backend transferring from it, both on
 * loopback ports, in a temporary directory.
 */
final class AgentFixture implements AutoCloseable {
  final Path dir;
  final Path masterZones;
  final Path agentZones;
  final Agent agent;
  final int agentPort;
  private final LocalMasterOptions.Builder masterOptions;
  LocalMaster master;

  private AgentFixture(Path dir, String agentSettings, boolean masterNotifies)
      throws IOException, AgentStartException {
    this.dir = dir;
    this.masterZones = Files.createDirectories(dir.resolve("master"));
    this.agentZones = dir.resolve("state/zones");
    this.agentPort = FreePorts.tcpAndUdp();
    LocalMasterOptions.Builder options =
        LocalMasterOptions.builder(masterZones)
            .listenAddress(new InetSocketAddress("127.0.0.1", 0))
            .pollInterval(Duration.ofMillis(100));
    if (masterNotifies) {
      options.notifyTarget(new InetSocketAddress("127.0.0.1", agentPort));
    }
    this.masterOptions = options;
    this.master = new LocalMaster(options.build());
    master.start();
    options.listenAddress(master.address()); // a restarted master comes back on the same port
    String ini =
        TestAgents.serviceSettings(dir, agentPort, master.port())
            + "soa_query_timeout = 2\n"
            // The unix socket's path may be too long in a deep build directory; TCP always works.
            + "admin_listen = 127.0.0.1:0\n"
            + agentSettings;
    Agent started;
    try {
      Path conf = Files.writeString(dir.resolve("agent.conf"), ini);
      BackendRegistry registry = BackendRegistry.discover();
      AgentConfig config = new AgentConfigLoader(registry).load(List.of(conf)).config();
      started = Agent.start(config, registry);
    } catch (IOException | AgentStartException | RuntimeException e) {
      master.close();
      throw e;
    }
    this.agent = started;
  }

  static AgentFixture start(Path dir) throws IOException, AgentStartException {
    return new AgentFixture(dir, "", true);
  }

  /** With extra lines appended to the {@code [service:agent]} section (and sections after it). */
  static AgentFixture start(Path dir, String agentSettings, boolean masterNotifies)
      throws IOException, AgentStartException {
    return new AgentFixture(dir, agentSettings, masterNotifies);
  }

  /** Stops the master, as an outage would. */
  void stopMaster() {
    master.close();
  }

  /** Starts the master again on its port. */
  void startMaster() throws IOException {
    master = new LocalMaster(masterOptions.build());
    master.start();
  }

  /** The agent's admin endpoint: its unix socket, or its loopback port. */
  Admin admin() {
    return agent
        .adminSocket()
        .map(Admin::new)
        .orElseGet(() -> new Admin(adminAddress(), agent.adminTokenFile().orElseThrow()));
  }

  /** The admin endpoint as {@code --admin} takes it. */
  String adminEndpoint() {
    return agent
        .adminSocket()
        .map(Path::toString)
        .orElseGet(() -> "127.0.0.1:" + adminAddress().getPort());
  }

  private InetSocketAddress adminAddress() {
    return agent.adminAddress().orElseThrow();
  }

  InetSocketAddress agentAddress() {
    return new InetSocketAddress("127.0.0.1", agentPort);
  }

  AgentClient client() {
    return new AgentClient(agentAddress(), Optional.empty(), Duration.ofSeconds(20), false);
  }

  AgentClient tcpClient() {
    return new AgentClient(agentAddress(), Optional.empty(), Duration.ofSeconds(20), true);
  }

  /** Puts a zone on the master and waits until the master serves it. */
  void publish(Name zone, long serial, int hosts) throws IOException {
    TestZones.writeZoneFile(masterZones, zone, serial, hosts);
    master.reloadNow();
  }

  Path zoneFile(Name zone) {
    return ZoneFiles.pathFor(agentZones, zone, ".zone");
  }

  Optional<SOARecord> agentSoa(Name zone) throws IOException {
    return ZoneFiles.readSoa(zoneFile(zone), zone);
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    agent.close();
    master.close();
  }
}
