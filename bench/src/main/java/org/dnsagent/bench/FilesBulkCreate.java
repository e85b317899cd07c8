// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnsagent.client.AgentClient;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfigLoader;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.xbill.DNS.Name;

/** Bulk CREATE on the files backend: N zones of 10 records, C concurrent senders. */
public final class FilesBulkCreate {
  private FilesBulkCreate() {}

  public static void main(String[] args) throws Exception {
    int zones = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int senders = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path dir = Files.createTempDirectory("bench-files");
    Path masterZones = Files.createDirectories(dir.resolve("master"));
    List<Name> names = new ArrayList<>();
    for (int i = 0; i < zones; i++) {
      Name zone = TestZones.name(String.format("z%06d.bench.test.", i));
      TestZones.writeZoneFile(masterZones, zone, 1, 7);
      names.add(zone);
    }
    try (LocalMaster master =
        new LocalMaster(
            LocalMasterOptions.builder(masterZones)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
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
                  + "\nallow_notify = 127.0.0.1\n");
      BackendRegistry registry = BackendRegistry.discover();
      try (Agent agent =
          Agent.start(new AgentConfigLoader(registry).load(List.of(conf)).config(), registry)) {
        System.out.println("agent on " + agent.udpAddresses());
        AgentClient client =
            new AgentClient(
                new InetSocketAddress("127.0.0.1", port),
                Optional.empty(),
                Duration.ofSeconds(30),
                false);
        // Warm up the JIT on a few zones that are then deleted.
        for (int i = 0; i < Math.min(200, zones); i++) {
          client.create(names.get(i));
          client.delete(names.get(i));
        }
        long[] latencies = new long[zones];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        long start = System.nanoTime();
        List<Future<?>> tasks = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
          tasks.add(
              pool.submit(
                  () -> {
                    for (int i = next.getAndIncrement(); i < zones; i = next.getAndIncrement()) {
                      long t0 = System.nanoTime();
                      try {
                        if (!client.create(names.get(i)).succeeded()) {
                          failures.incrementAndGet();
                        }
                      } catch (java.io.IOException e) {
                        failures.incrementAndGet();
                      }
                      latencies[i] = System.nanoTime() - t0;
                    }
                    return null;
                  }));
        }
        for (Future<?> t : tasks) {
          t.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        Arrays.sort(latencies);
        System.out.printf(
            "files bulk create: %d zones, %d senders: %.2f s, %.0f zones/s, p50 %.1f ms, p99 %.1f ms, failures %d%n",
            zones,
            senders,
            elapsed / 1e9,
            zones / (elapsed / 1e9),
            latencies[zones / 2] / 1e6,
            latencies[(int) (zones * 0.99)] / 1e6,
            failures.get());
      }
    }
  }
}
