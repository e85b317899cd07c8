// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dnsagent.client.AgentClient;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.agent.AgentStartException;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.xbill.DNS.Name;

/**
 * What the fixtures that put an agent in front of a real DNS server share: a local master serving
 * {@code dir/master} that sends NOTIFY to the agent, and the agent started from a README example
 * with the addresses, ports and paths of this machine layered over it; all on loopback.
 */
final class MasterAndAgent implements AutoCloseable {
  final Path masterZones;
  final LocalMaster master;
  final Agent agent;
  private final int agentPort;
  private final Duration clientTimeout;

  private MasterAndAgent(
      Path dir, String example, String agentOptions, String backendSection, Duration timeout)
      throws IOException, AgentStartException {
    masterZones = Files.createDirectories(dir.resolve("master"));
    agentPort = FreePorts.tcpAndUdp();
    clientTimeout = timeout;
    master =
        new LocalMaster(
            LocalMasterOptions.builder(masterZones)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofSeconds(60)) // tests call reloadNow()
                .notifyTarget(new InetSocketAddress("127.0.0.1", agentPort))
                .build());
    master.start();
    String local =
        TestAgents.serviceSettings(dir, agentPort, master.port())
            + agentOptions
            + "\n"
            + backendSection;
    try {
      agent = TestAgents.start(dir.resolve("agent"), example, local);
    } catch (IOException | AgentStartException | RuntimeException e) {
      master.close();
      throw e;
    }
  }

  /**
   * Starts the master and the agent in {@code dir}; closes {@code server} if either fails.
   *
   * @param example the README's configuration the agent starts from
   * @param agentOptions extra {@code [service:agent]} options, one {@code option = value} per line
   * @param backendSection the backend's section for {@code server}, its header included
   * @param clientTimeout how long a {@link #client} waits for a reply
   */
  static MasterAndAgent start(
      Path dir,
      AutoCloseable server,
      String example,
      String agentOptions,
      String backendSection,
      Duration clientTimeout)
      throws Exception {
    try {
      return new MasterAndAgent(dir, example, agentOptions, backendSection, clientTimeout);
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  AgentClient client(boolean tcp) {
    return new AgentClient(
        new InetSocketAddress("127.0.0.1", agentPort), Optional.empty(), clientTimeout, tcp);
  }

  /** Puts zones on the master (serial, {@code hosts} A records each) and reloads it. */
  void publish(List<Name> zones, long serial, int hosts) throws IOException {
    for (Name zone : zones) {
      TestZones.writeZoneFile(masterZones, zone, serial, hosts);
    }
    master.reloadNow();
  }

  /**
   * Sends {@code command} for every zone, {@code parallel} at a time, alternating UDP and TCP, and
   * returns the replies in the order of {@code zones}.
   */
  List<AgentResponse> sendAll(AgentCommand command, List<Name> zones, int parallel)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<AgentResponse>> pending = new ArrayList<>();
      for (int i = 0; i < zones.size(); i++) {
        AgentClient client = client(i % 2 == 1);
        Name zone = zones.get(i);
        pending.add(pool.submit(() -> client.send(command, zone)));
      }
      List<AgentResponse> replies = new ArrayList<>();
      for (Future<AgentResponse> reply : pending) {
        replies.add(reply.get());
      }
      return replies;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Stops the agent, then the master. */
  @Override
  public void close() {
    agent.close();
    master.close();
  }
}
