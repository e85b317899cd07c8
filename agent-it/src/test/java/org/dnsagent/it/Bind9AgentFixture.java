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
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.dnsagent.testing.servers.NamedServer;
import org.xbill.DNS.Name;

/**
 * A throwaway named, a local master that sends NOTIFY to the agent, and an agent whose single
 * target is that named through the bind9 backend, configured as the README's single-view example;
 * all on loopback, in one temporary directory.
 */
final class Bind9AgentFixture implements AutoCloseable {
  final NamedServer named;
  final LocalMaster master;
  final Path masterZones;
  final Path zoneFiles;
  final Agent agent;
  final NamedQueries queries;
  private final int agentPort;

  private Bind9AgentFixture(
      Path dir, String transport, NamedServer.Builder namedBuilder, String agentOptions)
      throws IOException, AgentStartException {
    masterZones = Files.createDirectories(dir.resolve("master"));
    zoneFiles = dir.resolve("bind-zones");
    agentPort = FreePorts.tcpAndUdp();
    named = namedBuilder.parentDirectory(dir).start();
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
      named.close();
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
            + agentOptions
            + "\n[backend:agent:bind9]\n"
            + TestAgents.bind9Options(named, transport)
            + ("zone_file_path = " + zoneFiles + "\n");
    try {
      agent =
          TestAgents.start(
              dir.resolve("agent"), ReadmeExamples.bind9().block("single-view agent.conf"), local);
    } catch (IOException | AgentStartException | RuntimeException e) {
      master.close();
      named.close();
      throw e;
    }
    queries = new NamedQueries(named.dnsAddress());
  }

  static Bind9AgentFixture start(Path dir, String transport, NamedServer.Builder named)
      throws IOException, AgentStartException {
    return new Bind9AgentFixture(dir, transport, named, "");
  }

  /** With extra {@code [service:agent]} options (one {@code option = value} per line). */
  static Bind9AgentFixture start(
      Path dir, String transport, NamedServer.Builder named, String agentOptions)
      throws IOException, AgentStartException {
    return new Bind9AgentFixture(dir, transport, named, agentOptions);
  }

  static Bind9AgentFixture start(Path dir, String transport)
      throws IOException, AgentStartException {
    return start(dir, transport, NamedServer.builder());
  }

  AgentClient client(boolean tcp) {
    return new AgentClient(
        new InetSocketAddress("127.0.0.1", agentPort),
        Optional.empty(),
        Duration.ofSeconds(20),
        tcp);
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

  /** The outcome details of the agent's recent operations on {@code zone}. */
  List<String> details(Name zone) {
    return agent.operations().list().stream()
        .filter(o -> o.key().zone().equals(zone))
        .map(OperationView::detail)
        .toList();
  }

  @Override
  public void close() {
    agent.close();
    master.close();
    named.close();
  }
}
