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
import org.dnsagent.core.admin.AdminServer;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.xbill.DNS.Name;

/**
 * One crash trial: start the agent as a child JVM, send CREATEs for every zone from three UDP
 * senders and one TCP sender, SIGKILL the agent once {@code killAfter} (drawn from the seed) went
 * out, check that nothing served is partial, restart on the same state, wait for the queue to
 * drain, and check that every acknowledged and every journaled CREATE is served correctly. Then the
 * controller repeats the CREATEs it never saw succeed, and every zone must be served.
 */
final class CrashTrial {
  /** What one trial saw. {@code lost} must be 0. */
  record Figures(
      long seed,
      int killAfter,
      int sentBeforeKill,
      int acknowledged,
      int journaled,
      int servedAtKill,
      int lost,
      int servedAtEnd) {}

  private final Path home;
  private final String agentConfig;
  private final List<Name> zones;
  private final long seed;
  private final ServedZones served;
  private final int port = FreePorts.tcpAndUdp();
  private final int adminPort = FreePorts.tcp();

  /**
   * @param agentConfig the {@code [service:agent]} lines (masters and backend included) after
   *     listen and admin, and any sections after it
   */
  CrashTrial(Path home, String agentConfig, List<Name> zones, long seed, ServedZones served) {
    this.home = home;
    this.agentConfig = agentConfig;
    this.zones = zones;
    this.seed = seed;
    this.served = served;
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
                + "\nallow_notify = 127.0.0.0/8\nadmin_listen = 127.0.0.1:"
                + adminPort
                // Small, so that compactions happen while the agent is being killed.
                + "\njournal_max_size = 65536\nretry_initial_delay = 0.2\nretry_max_delay = 1\n"
                + "reconcile_interval = 0\n"
                + agentConfig);
    Path log = home.resolve("agent.log");
    Random random = new Random(seed);
    List<Name> order = new ArrayList<>(zones);
    Collections.shuffle(order, random);
    int killAfter = zones.size() / 10 + random.nextInt(zones.size() * 8 / 10);

    Map<Name, Integer> results = new ConcurrentHashMap<>();
    int sent;
    try (AgentProcess agent = AgentProcess.start(conf, log)) {
      sent = loadAndKill(agent, order, killAfter, results);
    }
    int servedAtKill = 0;
    for (Name zone : zones) {
      if (served.present(zone)) {
        servedAtKill++;
        Optional<String> problem = served.problem(zone);
        assertTrue(problem.isEmpty(), "seed " + seed + ", right after SIGKILL: " + problem);
      }
    }
    Set<Name> acked = new HashSet<>();
    results.forEach(
        (zone, rcode) -> {
          if (rcode == ControlLoad.OK) {
            acked.add(zone);
          }
        });

    AgentProcess restarted = AgentProcess.start(conf, log);
    try {
      Admin admin =
          new Admin(
              new InetSocketAddress("127.0.0.1", adminPort),
              home.resolve("state").resolve(AdminServer.TOKEN_FILE));
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
        served.problem(zone).ifPresent(lost::add);
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
      int servedAtEnd = 0;
      for (Name zone : zones) {
        Optional<String> problem = served.problem(zone);
        assertTrue(problem.isEmpty(), problem.orElse(""));
        servedAtEnd++;
      }
      served.checkAll(zones.size());
      return new Figures(
          seed,
          killAfter,
          sent,
          acked.size(),
          journaled.size(),
          servedAtKill,
          lost.size(),
          servedAtEnd);
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
}
