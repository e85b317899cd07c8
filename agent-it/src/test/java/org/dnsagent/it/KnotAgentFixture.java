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
import org.dnsagent.testing.servers.KnotServer;
import org.xbill.DNS.Name;

/**
 * A throwaway knotd, a local master that sends NOTIFY to the agent, and an agent whose single
 * target is that knotd through the knot backend, configured as the knot README's example; all on
 * loopback, in temporary directories.
 */
final class KnotAgentFixture implements AutoCloseable {
  final KnotServer knot;
  final LocalMaster master;
  final Path masterZones;
  final Path zoneFiles;
  final Agent agent;
  final NamedQueries queries;
  private final int agentPort;

  KnotAgentFixture(Path dir, String transport, String mode, KnotServer.Builder knotBuilder)
      throws IOException, AgentStartException {
    masterZones = Files.createDirectories(dir.resolve("master"));
    zoneFiles = dir.resolve("knot-zones");
    agentPort = FreePorts.tcpAndUdp();
    knot = knotBuilder.start();
    try {
      master =
          new LocalMaster(
              LocalMasterOptions.builder(masterZones)
                  .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                  .pollInterval(Duration.ofSeconds(60)) // tests call reloadNow()
                  .notifyTarget(new InetSocketAddress("127.0.0.1", agentPort))
                  .build());
      master.start();
    } catch (IOException | RuntimeException e) {
      knot.close();
      throw e;
    }
    // The README's example, with addresses, ports and paths of this machine layered over it.
    String local =
        "[DEFAULT]\nstate_path = "
            + dir.resolve("state")
            + "\n[service:agent]\nlisten = 127.0.0.1:"
            + agentPort
            + "\nmasters = 127.0.0.1:"
            + master.port()
            + "\nallow_notify = 127.0.0.0/8\n"
            + "\n[backend:agent:knot]\n"
            + ("knot_socket = " + knot.socket() + "\n")
            + ("knot_transport = " + transport + "\n")
            + ("zone_mode = " + mode + "\n")
            + ("zone_file_path = " + zoneFiles + "\n")
            + ("query_destination = 127.0.0.1:" + knot.dnsPort() + "\n");
    try {
      agent =
          TestAgents.start(
              dir.resolve("agent"), ReadmeExamples.knot().block("knot agent.conf"), local);
    } catch (IOException | AgentStartException | RuntimeException e) {
      master.close();
      knot.close();
      throw e;
    }
    queries = new NamedQueries(knot.dnsAddress());
  }

  AgentClient client(boolean tcp) {
    return new AgentClient(
        new InetSocketAddress("127.0.0.1", agentPort),
        Optional.empty(),
        Duration.ofSeconds(30),
        tcp);
  }

  /** Puts zones on the master (serial, {@code hosts} A records each) and reloads it. */
  void publish(List<Name> zones, long serial, int hosts) throws IOException {
    for (Name zone : zones) {
      TestZones.writeZoneFile(masterZones, zone, serial, hosts);
    }
    master.reloadNow();
  }

  /** Sends {@code command} for every zone, {@code parallel} at a time, alternating UDP and TCP. */
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

  @Override
  public void close() {
    agent.close();
    master.close();
    knot.close();
  }
}
