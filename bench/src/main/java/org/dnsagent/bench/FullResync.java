// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dnsagent.backend.bind9.NativeRndcTransport;
import org.dnsagent.testing.TestZones;
import org.xbill.DNS.Name;

/**
 * Workload 5: full resync. The agent's state ({@code state_path}: journal, catalog) is lost while
 * the backend still serves its {@code --resync-zones} zones, and the master has meanwhile moved 1 %
 * of them to a newer serial. A fresh agent is started; the controller sends CREATE (then NOTIFY)
 * for every zone again, which re-adopts each zone the backend already serves; then one
 * reconciliation sweep compares every zone with the master. Timed until every zone is in the
 * catalog, at the master's serial, and the sweep is over.
 */
final class FullResync {
  static final String NAME = "5 full resync";
  private static final int BEHIND_EVERY = 100;

  private FullResync() {}

  static void run(Run run) throws Exception {
    BenchOptions o = run.options();
    int n = o.resyncZones();
    List<Name> zones = Run.names("r%06d.resync.test.", n);
    List<Name> behind = new ArrayList<>();
    List<Name> current = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (i % BEHIND_EVERY == 0 ? behind : current).add(zones.get(i));
    }
    try (Master master = new Master(run.directory().resolve("master"));
        Target target = Target.start(run.backend(), run.directory().resolve("target"))) {
      java.util.Set<Name> behindSet = new java.util.HashSet<>(behind);
      for (Name z : zones) {
        master.writeZone(z, behindSet.contains(z) ? 2 : 1);
      }
      master.start();
      long prepare = System.nanoTime();
      populateBackend(target, zones);
      run.log(
          "backend holds %,d zones at serial 1 (prepared in %.1f s); %,d are behind the master",
          n, (System.nanoTime() - prepare) / 1e9, behind.size());
      try (AgentProcess agent =
          run.startAgent(
              "agent",
              master.address(),
              target,
              "reconcile_interval = 0\nreconcile_rate = 1000000\n")) {
        Controller controller = new Controller(agent.address(), master.address());
        long start = System.nanoTime();
        Senders.Outcome adopted = Senders.run(o.senders(), zones, controller::create);
        long adoptedAt = System.nanoTime();
        agent.reconcile();
        Map<String, Object> reconciliation = awaitSweep(agent, Duration.ofMinutes(30));
        long sweptAt = System.nanoTime();
        int missing =
            target.awaitServed(behind, 2, Duration.ofMinutes(5), 4)
                + target.awaitServed(current, 1, Duration.ofMinutes(5), 8);
        long done = System.nanoTime();
        Map<String, Object> status = agent.status();
        double total = (done - start) / 1e9;
        run.target(
            String.format("state lost until resynced, %,d zones", n),
            total,
            "s",
            "target < 300 s",
            total < 300 && missing == 0 && adopted.failures() == 0);
        run.info("  controller re-sends CREATE+NOTIFY", (adoptedAt - start) / 1e9, "s");
        run.info("  reconciliation sweep", (sweptAt - adoptedAt) / 1e9, "s");
        run.info(
            "zones in the catalog afterwards", ((Number) status.get("zones")).doubleValue(), "");
        run.info(
            "zones the sweep checked", ((Number) reconciliation.get("checked")).doubleValue(), "");
        run.info("zones behind or not served afterwards", missing + adopted.failures(), "");
      }
    }
  }

  /** The backend's zones as the agent had written them, all at serial 1. */
  private static void populateBackend(Target target, List<Name> zones) throws Exception {
    for (Name zone : zones) {
      Path file = target.zoneFile(zone);
      TestZones.writeZoneFile(
          file.getParent(), file.getFileName().toString(), zone, 1, Master.HOSTS_FOR_TEN_RECORDS);
    }
    if (target instanceof Target.Bind9Target bind) {
      try (NativeRndcTransport rndc = Ceilings.rndc(bind.server())) {
        for (Name zone : zones) {
          Ceilings.addzone(rndc, zone, target.zoneFile(zone));
        }
      }
      if (target.awaitServed(zones, 1, Duration.ofMinutes(10), 8) > 0) {
        throw new IllegalStateException("named did not load every zone");
      }
    }
  }

  /** Waits until the sweep started by the admin command has finished and the queue is empty. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> awaitSweep(AgentProcess agent, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Map<String, Object> status = agent.status();
      Map<String, Object> r = (Map<String, Object>) status.get("reconciliation");
      if (r.get("last_finished") != null && ((Number) status.get("queue_depth")).intValue() == 0) {
        return r;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the reconciliation sweep did not finish in " + timeout);
  }
}
