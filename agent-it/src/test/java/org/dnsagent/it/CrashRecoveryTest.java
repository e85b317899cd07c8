// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnsagent.client.AgentClient;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Crash recovery on the files backend: a controller sends 1,000 CREATEs over UDP and TCP from
 * several threads, the agent is killed with SIGKILL at a random point (one per seed), restarted on
 * the same state, and then every CREATE that was acknowledged, and every one the journal holds,
 * must end with its zone served whole and correct; no partial zone file is ever visible. Finally
 * the controller repeats the CREATEs it never saw succeed, and all 1,000 zones are served.
 */
class CrashRecoveryTest {
  static final int ZONES = 1000;
  static final long SERIAL = 2026010101L;
  static final int HOSTS = 3;
  private static final long[] SEEDS = {1, 2, 3, 4};

  @TempDir Path dir;

  record Figures(
      long seed,
      int killAfter,
      int sentBeforeKill,
      int acknowledged,
      int journaled,
      int filesAtKill,
      int lost,
      int servedAtEnd) {}

  @Test
  void everyAcknowledgedOrJournaledCreateSurvivesSigkill() throws Exception {
    List<Name> zones = new ArrayList<>();
    Path masterZones = Files.createDirectories(dir.resolve("master"));
    for (int i = 0; i < ZONES; i++) {
      Name zone = TestZones.name(String.format("c%04d.crash.test.", i));
      zones.add(zone);
      TestZones.writeZoneFile(masterZones, zone, SERIAL, HOSTS);
    }
    try (LocalMaster master =
        new LocalMaster(
            LocalMasterOptions.builder(masterZones)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .build())) {
      master.start();
      List<Figures> figures = new ArrayList<>();
      for (long seed : SEEDS) {
        figures.add(new CrashTrial(dir.resolve("seed-" + seed), master.port(), zones, seed).run());
      }
      StringBuilder table = new StringBuilder("crash recovery, files backend:\n");
      figures.forEach(f -> table.append(f).append('\n'));
      System.out.print(table);
      for (Figures f : figures) {
        assertEquals(0, f.lost(), table.toString());
        assertEquals(ZONES, f.servedAtEnd(), table.toString());
        assertTrue(f.journaled() >= f.acknowledged(), table.toString());
      }
    }
  }

  /** One seed: start, load, kill, check the files, restart, check again, repeat, check all. */
  private static final class CrashTrial {
    private final Path home;
    private final int masterPort;
    private final List<Name> zones;
    private final long seed;
    private final Path zonesDir;
    private final int port = FreePorts.tcpAndUdp();
    private final int adminPort = FreePorts.tcp();

    CrashTrial(Path home, int masterPort, List<Name> zones, long seed) {
      this.home = home;
      this.masterPort = masterPort;
      this.zones = zones;
      this.seed = seed;
      this.zonesDir = home.resolve("state/zones");
    }

    Figures run() throws Exception {
      Files.createDirectories(home);
      Path conf =
          Files.writeString(
              home.resolve("agent.conf"),
              "[DEFAULT]\nstate_path = "
                  + home.resolve("state")
                  + "\n[service:agent]\nlisten = 127.0.0.1:"
                  + port
                  + "\nmasters = 127.0.0.1:"
                  + masterPort
                  + "\nallow_notify = 127.0.0.0/8\nadmin_listen = 127.0.0.1:"
                  + adminPort
                  // Small, so that compactions happen while the agent is being killed.
                  + "\njournal_max_size = 65536\nretry_initial_delay = 0.2\nretry_max_delay = 1\n"
                  + "reconcile_interval = 0\n");
      Path log = home.resolve("agent.log");
      Random random = new Random(seed);
      List<Name> order = new ArrayList<>(zones);
      Collections.shuffle(order, random);
      int killAfter = 100 + random.nextInt(ZONES - 200);

      Map<Name, Integer> results = new ConcurrentHashMap<>();
      int sent;
      try (AgentProcess agent = AgentProcess.start(conf, log)) {
        sent = loadAndKill(agent, order, killAfter, results);
      }
      int filesAtKill = assertNoPartialZoneFiles();
      Set<Name> acked = new HashSet<>();
      results.forEach((zone, rcode) -> {
        if (rcode == ControlLoad.OK) {
          acked.add(zone);
        }
      });

      AgentProcess restarted = AgentProcess.start(conf, log);
      try {
        Admin admin = new Admin(new InetSocketAddress("127.0.0.1", adminPort));
        admin.awaitIdle(Duration.ofSeconds(60));
        Set<Name> journaled = new HashSet<>();
        for (Map<String, Object> op : admin.operations("all")) {
          if ("CREATE".equals(op.get("kind"))) {
            journaled.add(TestZones.name((String) op.get("zone")));
            assertEquals("SUCCEEDED", op.get("state"), op.toString());
          }
        }
        Set<Name> mustBeServed = new HashSet<>(acked);
        mustBeServed.addAll(journaled);
        List<String> lost = new ArrayList<>();
        for (Name zone : mustBeServed) {
          ZoneChecks.problem(zonesDir, zone, SERIAL, HOSTS).ifPresent(lost::add);
        }
        assertTrue(lost.isEmpty(), "seed " + seed + ": lost " + lost);
        assertTrue(journaled.containsAll(acked), "every acknowledged CREATE is in the journal");

        // The controller repeats every CREATE it did not see succeed (Designate's worker does).
        List<Name> again = order.stream().filter(z -> !acked.contains(z)).toList();
        try (ControlLoad load = new ControlLoad(agentAddress(), 64, Duration.ofSeconds(20))) {
          Map<Name, Integer> second = load.send(AgentCommand.CREATE, again);
          assertEquals(again.size(), second.size());
          assertTrue(second.values().stream().allMatch(r -> r == ControlLoad.OK), second.toString());
        }
        int served = 0;
        for (Name zone : zones) {
          Optional<String> problem = ZoneChecks.problem(zonesDir, zone, SERIAL, HOSTS);
          assertTrue(problem.isEmpty(), problem.orElse(""));
          served++;
        }
        assertEquals(ZONES, ZoneChecks.zoneFiles(zonesDir).size());
        assertEquals(List.of(), ZoneChecks.temporaryFiles(zonesDir));
        return new Figures(
            seed,
            killAfter,
            sent,
            acked.size(),
            journaled.size(),
            filesAtKill,
            lost.size(),
            served);
      } finally {
        restarted.close();
      }
    }

    private InetSocketAddress agentAddress() {
      return new InetSocketAddress("127.0.0.1", port);
    }

    /** Three UDP senders with windows and one TCP sender; SIGKILL once {@code killAfter} went out. */
    private int loadAndKill(
        AgentProcess agent, List<Name> order, int killAfter, Map<Name, Integer> results)
        throws Exception {
      int senders = 4;
      List<List<Name>> slices = new ArrayList<>();
      for (int i = 0; i < senders; i++) {
        slices.add(new ArrayList<>());
      }
      for (int i = 0; i < order.size(); i++) {
        slices.get(i % senders).add(order.get(i));
      }
      List<ControlLoad> loads = new ArrayList<>();
      for (int i = 0; i < senders - 1; i++) {
        loads.add(new ControlLoad(agentAddress(), 16, Duration.ofSeconds(3)));
      }
      AtomicInteger tcpSent = new AtomicInteger();
      AtomicBoolean killed = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(senders);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < loads.size(); i++) {
          ControlLoad load = loads.get(i);
          List<Name> slice = slices.get(i);
          running.add(
              pool.submit(
                  () -> {
                    results.putAll(load.send(AgentCommand.CREATE, slice));
                    return null;
                  }));
        }
        AgentClient tcp =
            new AgentClient(agentAddress(), Optional.empty(), Duration.ofSeconds(3), true);
        running.add(
            pool.submit(
                () -> {
                  for (Name zone : slices.get(senders - 1)) {
                    if (killed.get()) {
                      break;
                    }
                    tcpSent.incrementAndGet();
                    try {
                      AgentResponse r = tcp.create(zone);
                      results.put(zone, r.succeeded() ? ControlLoad.OK : r.rcode());
                    } catch (IOException e) {
                      results.put(zone, ControlLoad.NO_REPLY);
                    }
                  }
                  return null;
                }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int sent = 0;
        while (sent < killAfter && System.nanoTime() < deadline) {
          Thread.sleep(1);
          sent = tcpSent.get() + loads.stream().mapToInt(ControlLoad::sent).sum();
        }
        agent.kill();
        killed.set(true);
        loads.forEach(ControlLoad::stop);
        for (Future<?> f : running) {
          f.get(60, TimeUnit.SECONDS);
        }
        return tcpSent.get() + loads.stream().mapToInt(ControlLoad::sent).sum();
      } finally {
        pool.shutdownNow();
        loads.forEach(ControlLoad::close);
      }
    }

    /** Right after the kill: every zone file a server would load is whole and correct. */
    private int assertNoPartialZoneFiles() throws IOException {
      List<Path> files = ZoneChecks.zoneFiles(zonesDir);
      for (Path file : files) {
        Name zone = ZoneChecks.zoneOf(file);
        Optional<String> problem = ZoneChecks.problem(zonesDir, zone, SERIAL, HOSTS);
        assertTrue(problem.isEmpty(), "after SIGKILL: " + problem.orElse(""));
      }
      return files.size();
    }
  }
}
