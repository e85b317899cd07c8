// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dnsagent.core.config.HistoryLimits;
import org.dnsagent.core.journal.OperationJournal;
import org.dnsagent.core.ops.ZoneKey;
import org.dnsagent.testing.TestZones;

/**
 * Workload 4: time from launching the agent until it answers a DNS query, and its memory when idle,
 * with no zones and with {@code --known-zones} zones in its catalog. The catalog is written into
 * the journal beforehand with the agent's own journal code, as a run that had created those zones
 * would have left it.
 */
final class StartupIdle {
  static final String NAME = "4 start-up and idle";
  private static final int LAUNCHES = 3;
  private static final long IDLE_MILLIS = 15_000;

  private StartupIdle() {}

  static void run(Run run) throws Exception {
    BenchOptions o = run.options();
    try (Master master = new Master(run.directory().resolve("master"));
        Target target = Target.start(run.backend(), run.directory().resolve("target"))) {
      master.writeZone(TestZones.name("s.startup.test."), 1);
      master.start();
      for (int known : new int[] {0, o.knownZones()}) {
        Path state = run.directory().resolve("state-" + known);
        if (known > 0) {
          writeCatalog(state.resolve("journal"), known);
        }
        List<Double> starts = new ArrayList<>();
        for (int launch = 1; launch <= LAUNCHES; launch++) {
          try (AgentProcess agent =
              AgentProcess.start(
                  o,
                  run.directory().resolve("agent-" + known + "-" + launch),
                  state,
                  master.address(),
                  target,
                  "")) {
            starts.add(agent.startedIn().toNanos() / 1e6);
            if (launch == LAUNCHES) {
              Collections.sort(starts);
              String zones = String.format("%,d zones known", known);
              run.info("launch until answering, " + zones + " (median of 3)", starts.get(1), "ms");
              Thread.sleep(IDLE_MILLIS);
              run.info("idle RSS, " + zones, agent.rssMiB(), "MiB");
              run.info("idle heap used (jcmd GC.heap_info), " + zones, agent.heapUsedMiB(), "MiB");
            }
          }
        }
      }
    }
  }

  /** A journal whose catalog holds {@code zones} zones of the default target. */
  static void writeCatalog(Path journalDirectory, int zones) throws Exception {
    try (OperationJournal journal =
        OperationJournal.open(
            journalDirectory, 16L << 20, HistoryLimits.defaults(), Clock.systemUTC())) {
      CompletableFuture<Void> last = null;
      for (int i = 0; i < zones; i++) {
        last =
            journal.saveCatalog(
                new ZoneKey("default", TestZones.name(String.format("k%06d.known.test.", i))),
                true);
      }
      if (last != null) {
        last.get();
      }
    }
  }
}
