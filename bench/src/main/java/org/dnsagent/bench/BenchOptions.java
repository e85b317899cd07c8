// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code bench/run.sh} asked for. Defaults give the run the issue describes in about ten
 * minutes; {@code --large} makes the bulk-create and resync runs 100,000 zones, {@code --quick}
 * shrinks everything for a smoke run.
 */
record BenchOptions(
    int zones,
    int resyncZones,
    int bigRecords,
    int knownZones,
    int notifies,
    int stormZones,
    int senders,
    int warmUpSeconds,
    String agentHeap,
    List<String> workloads,
    List<String> backends,
    Path agentHome,
    Path workDirectory,
    Path resultsDirectory,
    boolean jfr,
    boolean keep,
    int catalogMembers,
    int catalogBig) {

  static final List<String> WORKLOADS =
      List.of("bulk", "storm", "bigzone", "startup", "resync", "catalog");

  /** The backends of {@code --backend all}. */
  static final List<String> BACKENDS = List.of("files", "bind9", "knot");

  /** Every backend the bench knows; {@code --backend pdns} means both pdns ones. */
  static final List<String> KNOWN_BACKENDS =
      List.of("files", "bind9", "knot", "pdns-sqlite", "pdns-mariadb");

  private static final Set<String> FLAGS = Set.of("--large", "--quick", "--jfr", "--keep");
  private static final Set<String> VALUED =
      Set.of(
          "--zones",
          "--resync-zones",
          "--big-records",
          "--known-zones",
          "--notifies",
          "--storm-zones",
          "--senders",
          "--warm-up",
          "--agent-heap",
          "--only",
          "--backend",
          "--agent-home",
          "--work-dir",
          "--results-dir",
          "--catalog-members",
          "--catalog-big");

  static final String USAGE =
      """
      bench/run.sh [options]
        --zones N          zones of the bulk-create run (default 1000)
        --resync-zones N   zones of the full-resync run (default: --zones)
        --large            100,000 zones for bulk create and full resync
        --big-records N    records of the big zone (default 1000000)
        --known-zones N    zones the journal holds for start-up and idle (default 100000)
        --notifies N       NOTIFYs of the storm (default 10000), over --storm-zones (default 100)
        --senders N        concurrent controller senders (default 20, as Designate's reference)
        --warm-up SECONDS  zones are created for this long before bulk create is timed (default 20)
        --agent-heap SIZE  the agent's -Xmx (default 256m)
        --catalog-members N  members of the catalog applied from nothing (default 10000)
        --catalog-big N    members of the catalog one member is added to (default 100000)
        --only LIST        bulk,storm,bigzone,startup,resync,catalog (comma-separated), or jmh
        --backend NAME     files, bind9, knot, all (default: files, bind9 and knot; knot runs
                           bulk and storm), or pdns-sqlite, pdns-mariadb, pdns (both; bulk
                           create only is reported)
        --quick            a small smoke run (300 zones, 100,000-record big zone, 2,000 NOTIFYs)
        --jfr              record a JFR profile of every agent run into its work directory
        --keep             keep the work directories
      """;

  static BenchOptions parse(String[] args) {
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (FLAGS.contains(a)) {
        given.put(a, "true");
      } else if (VALUED.contains(a) && i + 1 < args.length) {
        given.put(a, args[++i]);
      } else {
        throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
      }
    }
    boolean quick = given.containsKey("--quick");
    boolean large = given.containsKey("--large");
    int zones = intOption(given, "--zones", large ? 100_000 : quick ? 300 : 1000);
    List<String> workloads = list(given.getOrDefault("--only", String.join(",", WORKLOADS)));
    for (String w : workloads) {
      if (!WORKLOADS.contains(w)) {
        throw new IllegalArgumentException("unknown workload '" + w + "'\n" + USAGE);
      }
    }
    String backend = given.getOrDefault("--backend", "all");
    List<String> backends =
        backend.equals("all")
            ? BACKENDS
            : backend.equals("pdns") ? List.of("pdns-sqlite", "pdns-mariadb") : list(backend);
    for (String b : backends) {
      if (!KNOWN_BACKENDS.contains(b)) {
        throw new IllegalArgumentException("unknown backend '" + b + "'\n" + USAGE);
      }
    }
    return new BenchOptions(
        zones,
        intOption(given, "--resync-zones", zones),
        intOption(given, "--big-records", quick ? 100_000 : 1_000_000),
        intOption(given, "--known-zones", quick ? 10_000 : 100_000),
        intOption(given, "--notifies", quick ? 2_000 : 10_000),
        intOption(given, "--storm-zones", 100),
        intOption(given, "--senders", 20),
        intOption(given, "--warm-up", quick ? 3 : 20),
        given.getOrDefault("--agent-heap", "256m"),
        workloads,
        backends,
        Path.of(given.getOrDefault("--agent-home", "agent-dist/target/dns-agent/dns-agent")),
        Path.of(given.getOrDefault("--work-dir", "bench/target/work")).toAbsolutePath(),
        Path.of(given.getOrDefault("--results-dir", "bench/results")),
        given.containsKey("--jfr"),
        given.containsKey("--keep"),
        intOption(given, "--catalog-members", quick ? 1_000 : 10_000),
        intOption(given, "--catalog-big", quick ? 10_000 : 100_000));
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("zones", zones);
    m.put("resync_zones", resyncZones);
    m.put("big_records", bigRecords);
    m.put("known_zones", knownZones);
    m.put("notifies", notifies);
    m.put("storm_zones", stormZones);
    m.put("senders", senders);
    m.put("catalog_members", catalogMembers);
    m.put("catalog_big", catalogBig);
    m.put("warm_up_seconds", warmUpSeconds);
    m.put("agent_heap", agentHeap);
    m.put("workloads", workloads);
    m.put("backends", backends);
    return m;
  }

  private static int intOption(Map<String, String> given, String name, int defaultValue) {
    String raw = given.get(name);
    if (raw == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw.replace("_", "").replace(",", ""));
      if (value < 1) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a positive number, not '" + raw + "'");
    }
  }

  private static List<String> list(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }
}
