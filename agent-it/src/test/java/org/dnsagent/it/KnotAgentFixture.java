// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.testing.servers.KnotServer;
import org.xbill.DNS.Name;

/**
 * A throwaway knotd, a local master that sends NOTIFY to the agent, and an agent whose single
 * target is that knotd through the knot backend, configured as the knot README's example; all on
 * loopback, in temporary directories.
 */
final class KnotAgentFixture implements AutoCloseable {
  final KnotServer knot;
  final Path zoneFiles;
  final Agent agent;
  final NamedQueries queries;
  private final MasterAndAgent side;

  KnotAgentFixture(Path dir, String transport, String mode, KnotServer.Builder knotBuilder)
      throws Exception {
    zoneFiles = dir.resolve("knot-zones");
    knot = knotBuilder.start();
    side =
        MasterAndAgent.start(
            dir,
            knot,
            ReadmeExamples.knot().block("knot agent.conf"),
            "",
            "[backend:agent:knot]\n"
                + ("knot_socket = " + knot.socket() + "\n")
                + ("knot_transport = " + transport + "\n")
                + ("zone_mode = " + mode + "\n")
                + ("zone_file_path = " + zoneFiles + "\n")
                + ("query_destination = 127.0.0.1:" + knot.dnsPort() + "\n"),
            Duration.ofSeconds(30));
    agent = side.agent;
    queries = new NamedQueries(knot.dnsAddress());
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

  @Override
  public void close() {
    side.close();
    knot.close();
  }
}
