// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dnsagent.client.AgentClient;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.testing.servers.NamedServer;
import org.xbill.DNS.Name;

/**
 * A throwaway named, a local master that sends NOTIFY to the agent, and an agent whose single
 * target is that named through the bind9 backend, configured as the README's single-view example;
 * all on loopback, in one temporary directory.
 */
final class Bind9AgentFixture implements AutoCloseable {
  final NamedServer named;
  final Path zoneFiles;
  final Agent agent;
  final NamedQueries queries;
  private final MasterAndAgent side;

  private Bind9AgentFixture(
      Path dir, String transport, NamedServer.Builder namedBuilder, String agentOptions)
      throws Exception {
    zoneFiles = dir.resolve("bind-zones");
    named = namedBuilder.parentDirectory(dir).start();
    side =
        MasterAndAgent.start(
            dir,
            named,
            ReadmeExamples.bind9().block("single-view agent.conf"),
            agentOptions,
            "[backend:agent:bind9]\n"
                + TestAgents.bind9Options(named, transport)
                + ("zone_file_path = " + zoneFiles + "\n"),
            Duration.ofSeconds(20));
    agent = side.agent;
    queries = new NamedQueries(named.dnsAddress());
  }

  static Bind9AgentFixture start(Path dir, String transport, NamedServer.Builder named)
      throws Exception {
    return new Bind9AgentFixture(dir, transport, named, "");
  }

  /** With extra {@code [service:agent]} options (one {@code option = value} per line). */
  static Bind9AgentFixture start(
      Path dir, String transport, NamedServer.Builder named, String agentOptions) throws Exception {
    return new Bind9AgentFixture(dir, transport, named, agentOptions);
  }

  static Bind9AgentFixture start(Path dir, String transport) throws Exception {
    return start(dir, transport, NamedServer.builder());
  }

  AgentClient client(boolean tcp) {
    return side.client(tcp);
  }

  /** Puts zones on the master (serial, {@code hosts} A records each) and reloads it. */
  void publish(List<Name> zones, long serial, int hosts) throws IOException {
    side.publish(zones, serial, hosts);
  }

  /** See {@link MasterAndAgent#sendAll}. */
  List<AgentResponse> sendAll(AgentCommand command, List<Name> zones, int parallel)
      throws Exception {
    return side.sendAll(command, zones, parallel);
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
    side.close();
    named.close();
  }
}
