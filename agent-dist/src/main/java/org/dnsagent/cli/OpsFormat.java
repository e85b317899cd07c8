// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Operations as text: a table for lists, {@code key: value} lines for one. */
final class OpsFormat {
  private static final String ROW = "%-8s %-6s %-9s %8s %6s  %-30s %s%n";

  private OpsFormat() {}

  static void table(List<Map<String, Object>> ops, PrintWriter out) {
    out.printf(ROW, "ID", "KIND", "STATE", "ATTEMPTS", "AGE", "ZONE", "DETAIL");
    for (Map<String, Object> op : ops) {
      out.printf(
          ROW,
          op.get("id"),
          op.get("kind"),
          op.get("state"),
          op.get("attempts"),
          age(op),
          zone(op),
          op.get("detail"));
    }
  }

  static void one(Map<String, Object> op, PrintWriter out) {
    for (Map.Entry<String, Object> e : op.entrySet()) {
      if (e.getValue() != null) {
        out.printf("%-13s %s%n", e.getKey() + ":", e.getValue());
      }
    }
  }

  static String zone(Map<String, Object> op) {
    String target = String.valueOf(op.get("target"));
    return op.get("zone") + (target.equals("default") ? "" : "@" + target);
  }

  private static String age(Map<String, Object> op) {
    Duration d = Duration.between(Instant.parse((String) op.get("created")), Instant.now());
    return age(d.toMillis() / 1000.0);
  }

  /** 42s, 5m, 3h, 2d. */
  static String age(double seconds) {
    long s = (long) seconds;
    if (s < 120) {
      return s + "s";
    }
    if (s < 2 * 3600) {
      return s / 60 + "m";
    }
    if (s < 2 * 86400) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }
}
