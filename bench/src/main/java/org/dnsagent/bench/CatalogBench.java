// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * Workload 6: catalog zones (RFC 9432). A catalog of {@code --catalog-members} members applied from
 * nothing until the backend serves every member; then the catalog grows to {@code --catalog-big}
 * members, and one member more is published: timed from the master's NOTIFY until the backend
 * serves it. That one must cost an IXFR of the catalog and one entry's work, not a comparison of
 * the whole catalog.
 */
final class CatalogBench {
  static final String NAME = "6 catalog";
  private static final Name CATALOG = Name.fromConstantString("bench.catalog.test.");

  private CatalogBench() {}

  static void run(Run run) throws Exception {
    BenchOptions o = run.options();
    int n = o.catalogMembers();
    int big = Math.max(o.catalogBig(), n);
    List<Name> members = Run.names("c%06d.members.test.", big + 1);
    long serial = 1;
    try (Master master = new Master(run.directory().resolve("master"))) {
      for (Name z : members) {
        master.writeZone(z, 1);
      }
      writeCatalog(run.directory().resolve("master"), serial, members.subList(0, n));
      master.start();
      try (Target target = Target.start(run.backend(), run.directory().resolve("target"))) {
        String catalog =
            "\n[catalog:bench]\nzone = "
                + CATALOG
                + "\ndelete_delay = 0\n"
                + "masters = 127.0.0.1:"
                + master.port()
                + "\n";
        long start = System.nanoTime();
        double agentCpu;
        try (AgentProcess agent = run.startAgent("agent", master.address(), target, "", catalog);
            ServedWatcher served = new ServedWatcher(target, 1, 2, Duration.ofMinutes(30))) {
          agentCpu = CpuTime.seconds(agent.pid());
          members.subList(0, n).forEach(served::watch);
          long servedAt = served.awaitAll();
          double seconds = (servedAt - start) / 1e9;
          run.info(String.format("catalog of %,d members applied from nothing", n), seconds, "s");
          run.info("  members served per second", n / seconds, "zones/s");
          run.info(
              "  agent CPU per member", (CpuTime.seconds(agent.pid()) - agentCpu) * 1000 / n, "ms");
          if (served.notServed() > 0) {
            throw new IllegalStateException(served.notServed() + " members never served");
          }

          // Grow to the big catalog (not timed), then add one member (timed).
          try (ServedWatcher grown = new ServedWatcher(target, 1, 2, Duration.ofMinutes(60))) {
            writeCatalog(run.directory().resolve("master"), ++serial, members.subList(0, big));
            master.reload();
            long growStart = System.nanoTime();
            members.subList(n, big).forEach(grown::watch);
            long grownAt = grown.awaitAll();
            run.log("catalog grown to %,d members in %.0f s", big, (grownAt - growStart) / 1e9);
          }
          try (ServedWatcher one = new ServedWatcher(target, 1, 1, Duration.ofMinutes(5))) {
            long incrementalBefore = master.incrementalTransfers();
            writeCatalog(run.directory().resolve("master"), ++serial, members);
            long reloadStart = System.nanoTime();
            master.reload();
            run.log(
                "the master loaded the new catalog in %.0f ms",
                (System.nanoTime() - reloadStart) / 1e6);
            long t0 = System.nanoTime();
            // As the producer's NOTIFY would: the bench's master sends none of its own.
            new Controller(agent.address(), master.address()).notify(CATALOG);
            one.watch(members.get(big));
            long at = one.awaitAll();
            run.info(
                String.format("one member added to a %,d-member catalog: NOTIFY until served", big),
                (at - t0) / 1e6,
                "ms");
            run.info(
                "  catalog transfers that were IXFR",
                master.incrementalTransfers() - incrementalBefore,
                "");
          }
        }
      }
    }
  }

  private static void writeCatalog(Path dir, long serial, List<Name> members) throws IOException {
    Path file = dir.resolve(CATALOG.toString(true) + ".zone");
    Path temp = dir.resolve(".catalog.tmp");
    try (BufferedWriter w = Files.newBufferedWriter(temp)) {
      w.write("$ORIGIN " + CATALOG + "\n$TTL 0\n");
      w.write("@ SOA invalid. invalid. " + serial + " 60 10 600 0\n@ NS invalid.\n");
      w.write("version TXT \"2\"\n");
      for (int i = 0; i < members.size(); i++) {
        w.write("m" + i + ".zones PTR " + members.get(i) + "\n");
      }
    }
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
