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
        out.printf("%-13s %s%n", e.getKey() + ":", time(e.getValue()));
      }
    }
  }

  /**
   * A timestamp of the admin protocol (an ISO instant with nanoseconds) to the second, for people:
   * {@code 2026-12-01T02:10:03Z}; any other value as it is.
   */
  static Object time(Object value) {
    if (value instanceof String text && text.length() > 20 && text.endsWith("Z")) {
      try {
        return Instant.parse(text).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
      } catch (java.time.format.DateTimeParseException e) {
        return value;
      }
    }
    return value;
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
