// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfigLoader;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * CREATE throughput end to end (controller → agent → master → files backend, every CREATE answered
 * after its zone file is written and fsynced). Opt-in: {@code mvn -pl agent-it test
 * -Dtest=CreateThroughputBench -Ddnsagent.bench=true [-Ddnsagent.bench.zones=6000]}.
 */
@EnabledIfSystemProperty(named = "dnsagent.bench", matches = "true")
class CreateThroughputBench {
  private static final int ZONES = Integer.getInteger("dnsagent.bench.zones", 6000);
  private static final int WINDOW = Integer.getInteger("dnsagent.bench.window", 256);
  private static final int WORKERS = Integer.getInteger("dnsagent.bench.workers", 32);

  @TempDir Path dir;

  @Test
  void createsPerSecond() throws Exception {
    Path masterZones = Files.createDirectories(dir.resolve("master"));
    List<Name> warmUp = zones(masterZones, "warm", 1000);
    List<Name> zones = zones(masterZones, "bench", ZONES);
    // The master rescans its directory only when told: a scan of thousands of files would
    // compete with the agent for the two cores.
    try (LocalMaster master =
        new LocalMaster(
            LocalMasterOptions.builder(masterZones)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofHours(1))
                .build())) {
      master.start();
      int port = FreePorts.tcpAndUdp();
      Path conf =
          Files.writeString(
              dir.resolve("agent.conf"),
              "[DEFAULT]\nstate_path = "
                  + dir.resolve("state")
                  + "\n[service:agent]\nlisten = 127.0.0.1:"
                  + port
                  + "\nmasters = 127.0.0.1:"
                  + master.port()
                  + "\nallow_notify = 127.0.0.0/8\noperation_workers = "
                  + WORKERS
                  + "\n");
      BackendRegistry registry = BackendRegistry.discover();
      try (Agent agent =
              Agent.start(new AgentConfigLoader(registry).load(List.of(conf)).config(), registry);
          ControlLoad load =
              new ControlLoad(agent.udpAddresses().get(0), WINDOW, Duration.ofSeconds(60))) {
        load.send(AgentCommand.CREATE, warmUp);
        for (int run = 1; run <= 3; run++) {
          List<Name> batch = zones.subList((run - 1) * ZONES / 3, run * ZONES / 3);
          long start = System.nanoTime();
          Map<Name, Integer> results = load.send(AgentCommand.CREATE, batch);
          double seconds = (System.nanoTime() - start) / 1e9;
          long ok = results.values().stream().filter(r -> r == ControlLoad.OK).count();
          System.out.printf(
              "CREATE throughput run %d: %d zones in %.2f s = %.0f zones/s (window %d, %d workers)%n",
              run, ok, seconds, ok / seconds, WINDOW, WORKERS);
          assertEquals(batch.size(), ok);
        }
        System.out.println("CREATE throughput: " + agent.status().journal());
      }
    }
  }

  private static List<Name> zones(Path dir, String label, int count) throws Exception {
    List<Name> zones = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Name zone = TestZones.name(label + i + ".bench.test.");
      TestZones.writeZoneFile(dir, zone, 1, 2);
      zones.add(zone);
    }
    return zones;
  }
}
