// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Name;

/**
 * Workload 1: N zones of ten records created through the pool-target client (CREATE, then NOTIFY,
 * by {@code --senders} concurrent senders), timed until the backend serves every one of them.
 * Compared with the backend's own raw rate, measured first without any agent ({@link Ceilings}).
 */
final class BulkCreate {
  static final String NAME = "1 bulk create";

  private BulkCreate() {}

  static void run(Run run) throws Exception {
    BenchOptions o = run.options();
    int n = o.zones();
    List<Name> zones = Run.names("b%06d.bulk.test.", n);
    // The JIT of two busy cores needs about 20 s of load before the agent runs at full speed.
    List<Name> warmUp = Run.names("w%05d.warm.test.", Math.min(40_000, 2_000 * o.warmUpSeconds()));
    try (Master master = new Master(run.directory().resolve("master"))) {
      for (Name z : zones) {
        master.writeZone(z, 1);
      }
      for (Name z : warmUp) {
        master.writeZone(z, 1);
      }
      master.start();
      if (run.backend().equals("files")) {
        Ceilings.fsync(run, Math.min(n, 5000));
      } else if (run.backend().equals("knot")) {
        Ceilings.knotTransactions(run, n);
      } else if (run.backend().startsWith("pdns")) {
        Ceilings.pdnsInsert(run, n);
      } else {
        Ceilings.addzoneLoop(run, n);
      }
      try (Target target = Target.start(run.backend(), run.directory().resolve("target"));
          AgentProcess agent = run.startAgent("agent", master.address(), target, "")) {
        Controller controller = new Controller(agent.address(), master.address());
        long warmUntil = System.nanoTime() + o.warmUpSeconds() * 1_000_000_000L;
        Senders.Outcome warm = Senders.run(o.senders(), warmUp, controller::create, warmUntil);
        if (warm.failures() > 0) {
          throw new IllegalStateException("warm-up failed: " + warm.firstError());
        }
        run.log(
            "warmed up with %d zones in %.0f s; creating %d zones",
            warm.latencies().count(), warm.elapsedNanos() / 1e9, n);
        Senders.Outcome created;
        double agentCpu = CpuTime.seconds(agent.pid());
        double driverCpu = CpuTime.self();
        double namedCpu = target.serverPid().map(CpuTime::seconds).orElse(0.0);
        long start = System.nanoTime();
        long servedAt;
        int notServed;
        double secondHalf;
        try (ServedWatcher served = new ServedWatcher(target, 1, 2, Duration.ofMinutes(10))) {
          AtomicInteger done = new AtomicInteger();
          AtomicLong halfway = new AtomicLong();
          created =
              Senders.run(
                  o.senders(),
                  zones,
                  zone -> {
                    boolean ok = controller.create(zone);
                    served.watch(zone);
                    if (done.incrementAndGet() == n / 2) {
                      halfway.set(System.nanoTime());
                    }
                    return ok;
                  });
          secondHalf = (n - n / 2) / ((start + created.elapsedNanos() - halfway.get()) / 1e9);
          servedAt = served.awaitAll();
          notServed = served.notServed();
        }
        double seconds = (Math.max(servedAt, start + created.elapsedNanos()) - start) / 1e9;
        agentCpu = CpuTime.seconds(agent.pid()) - agentCpu;
        driverCpu = CpuTime.self() - driverCpu;
        namedCpu = target.serverPid().map(CpuTime::seconds).orElse(0.0) - namedCpu;
        double rate = n / seconds;
        boolean bind = !run.backend().equals("files");
        int target1 = bind ? 1000 : 2000;
        run.target(
            "zones/s until all served (" + n + " zones)",
            rate,
            "zones/s",
            "target >= " + target1,
            rate >= target1 && notServed == 0 && created.failures() == 0);
        run.info("zones/s answered (CREATE+NOTIFY acked)", created.perSecond(n), "zones/s");
        run.info("  over the second half of the run", secondHalf, "zones/s");
        run.info("p50 per zone (CREATE+NOTIFY)", created.latencies().percentileMillis(50), "ms");
        run.info("p99 per zone (CREATE+NOTIFY)", created.latencies().percentileMillis(99), "ms");
        run.info("failed / not served", created.failures() + notServed, "zones");
        run.info("agent CPU per zone", agentCpu * 1000 / n, "ms");
        run.info("bench (controller, master) CPU per zone", driverCpu * 1000 / n, "ms");
        if (namedCpu > 0) {
          run.info(
              (run.backend().equals("knot")
                      ? "knotd"
                      : run.backend().startsWith("pdns") ? "pdns_server" : "named")
                  + " CPU per zone",
              namedCpu * 1000 / n,
              "ms");
        }
        run.info("agent peak RSS", agent.peakRssMiB(), "MiB");
        if (created.failures() > 0) {
          run.log("first failure: %s", created.firstError());
        }
      }
    }
  }
}
