// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.xbill.DNS.Name;

/**
 * Workload 2: a NOTIFY storm. {@code --notifies} NOTIFYs over {@code --storm-zones} zones, sent by
 * concurrent senders in rounds (every zone once per round, in random order); every fifth round the
 * master first raises every zone's serial. Counts the transfers the master sent (at most one per
 * zone and serial is the target) and the time until every zone serves its last serial.
 */
final class NotifyStorm {
  static final String NAME = "2 NOTIFY storm";
  private static final int ROUNDS_PER_SERIAL = 5;

  private NotifyStorm() {}

  static void run(Run run) throws Exception {
    BenchOptions o = run.options();
    List<Name> zones = Run.names("n%03d.storm.test.", o.stormZones());
    int rounds = Math.max(1, o.notifies() / zones.size());
    try (Master master = new Master(run.directory().resolve("master"))) {
      for (Name z : zones) {
        master.writeZone(z, 1);
      }
      master.start();
      try (Target target = Target.start(run.backend(), run.directory().resolve("target"));
          AgentProcess agent =
              run.startAgent("agent", master.address(), target, "notify_rate_limit = 0\n")) {
        Controller controller = new Controller(agent.address(), master.address());
        Senders.Outcome created = Senders.run(o.senders(), zones, controller::create);
        if (created.failures() > 0 || target.awaitServed(zones, 1, Duration.ofMinutes(2), 4) > 0) {
          throw new IllegalStateException("creating the zones failed: " + created.firstError());
        }
        master.resetCounts();
        Latencies answered = new Latencies();
        int refused = 0;
        long serial = 1;
        Random random = new Random(6);
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
          if (round % ROUNDS_PER_SERIAL == 0) {
            serial++;
            for (Name z : zones) {
              master.writeZone(z, serial);
            }
            master.reload();
          }
          List<Name> order = new ArrayList<>(zones);
          Collections.shuffle(order, random);
          Senders.Outcome sent = Senders.run(o.senders(), order, controller::notify);
          refused += sent.failures();
          merge(answered, sent.latencies());
        }
        long stormEnd = System.nanoTime();
        int notConverged = target.awaitServed(zones, serial, Duration.ofMinutes(5), 4);
        long converged = System.nanoTime();
        int sentCount = rounds * zones.size();
        long versions = (serial - 1) * zones.size();
        run.info("NOTIFYs sent (" + zones.size() + " zones)", sentCount, "");
        run.info("NOTIFYs/s answered", sentCount / ((stormEnd - start) / 1e9), "/s");
        run.info("p99 NOTIFY answer", answered.percentileMillis(99), "ms");
        run.info("NOTIFYs not answered NOERROR", refused, "");
        run.info("new versions published (zone x serial)", versions, "");
        run.info("transfers performed", master.transfers(), "");
        run.info("  of which incremental (IXFR)", master.incrementalTransfers(), "");
        run.target(
            "most transfers of one zone at one serial",
            master.maxTransfersOfOneVersion(),
            "",
            "target <= 1",
            master.maxTransfersOfOneVersion() <= 1);
        run.info(
            "storm start until every zone at last serial",
            (converged - start) / 1e9,
            "s" + (notConverged > 0 ? " (" + notConverged + " NOT converged)" : ""));
        run.info("last NOTIFY until every zone at last serial", (converged - stormEnd) / 1e9, "s");
      }
    }
  }

  private static void merge(Latencies into, Latencies from) {
    // Latencies keeps raw values; copying keeps percentiles exact over the whole storm.
    from.forEach(into::add);
  }
}
