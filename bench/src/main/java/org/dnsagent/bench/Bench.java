// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark driver behind {@code bench/run.sh}: runs the workloads of issue #6 on each backend
 * (the agent in its own JVM, the master in this one, named as a throwaway server), prints a table
 * of figures against targets and ceilings, and writes it as JSON under {@code bench/results}.
 */
public final class Bench {
  /** One workload on one backend. */
  @FunctionalInterface
  interface Workload {
    void run(Run run) throws Exception;
  }

  private static final Map<String, Workload> WORKLOADS =
      Map.of(
          "bulk", BulkCreate::run,
          "storm", NotifyStorm::run,
          "bigzone", BigZone::run,
          "startup", StartupIdle::run,
          "resync", FullResync::run,
          "catalog", CatalogBench::run);

  private static final Map<String, String> TITLES =
      Map.of(
          "bulk", BulkCreate.NAME,
          "storm", NotifyStorm.NAME,
          "bigzone", BigZone.NAME,
          "startup", StartupIdle.NAME,
          "resync", FullResync.NAME,
          "catalog", CatalogBench.NAME);

  /** The workloads the knot target runs (big zone, start-up and resync are not written for it). */
  private static final java.util.Set<String> KNOT_WORKLOADS = java.util.Set.of("bulk", "storm");

  private Bench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println("machine: " + Machine.summary(options.workDirectory()));
    System.out.println("options: " + options.describe());
    Report report = new Report(System.out);
    // One directory per run, deleted only when the run is over: deleting thousands of files just
    // before a workload would slow down the file creations it measures (ext4 skips recently freed
    // inodes when it allocates new ones, and on a file system without a journal it checks each).
    Path runDirectory =
        options.workDirectory().resolve(Long.toString(System.currentTimeMillis(), 36));
    for (String workload : options.workloads()) {
      for (String backend : options.backends()) {
        if (backend.equals("knot") && !KNOT_WORKLOADS.contains(workload)) {
          System.out.println();
          System.out.println("== " + TITLES.get(workload) + " on knot: not implemented, skipped");
          continue;
        }
        Path dir = Files.createDirectories(runDirectory.resolve(workload + "-" + backend));
        System.out.println();
        System.out.println("== " + TITLES.get(workload) + " on " + backend + " (" + dir + ")");
        long start = System.nanoTime();
        try {
          WORKLOADS.get(workload).run(new Run(options, report, TITLES.get(workload), backend, dir));
        } catch (Exception e) {
          e.printStackTrace(System.out);
          report.error(TITLES.get(workload), backend, e);
        }
        System.out.printf("   (%.0f s)%n", (System.nanoTime() - start) / 1e9);
        // After each workload, so that a long run stopped half-way keeps what it measured.
        report.write(options.resultsDirectory(), options);
      }
    }
    report.printTable();
    Path json = report.write(options.resultsDirectory(), options);
    System.out.println();
    System.out.println("written to " + json);
    if (options.keep()) {
      System.out.println("work directories kept in " + runDirectory);
    } else {
      deleteRecursively(options.workDirectory());
    }
    System.exit(report.failed() ? 1 : 0);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
