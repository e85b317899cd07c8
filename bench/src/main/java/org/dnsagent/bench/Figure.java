// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured figure: what was measured, on which backend, its value, what it is compared with (a
 * target of the issue, or a ceiling measured in the same run) and whether it met the target.
 *
 * @param reference the target or ceiling, as text ("target >= 2000", "ceiling 3950 (fsync)")
 * @param note how it was measured, or why it missed
 */
record Figure(
    String workload,
    String backend,
    String metric,
    double value,
    String unit,
    String reference,
    Verdict verdict,
    String note) {

  /** Whether a figure met its target; INFO for figures without one (ceilings, details). */
  enum Verdict {
    MET,
    MISSED,
    INFO;

    static Verdict of(boolean met) {
      return met ? MET : MISSED;
    }

    String label() {
      return switch (this) {
        case MET -> "met";
        case MISSED -> "MISSED";
        case INFO -> "";
      };
    }
  }

  static Figure info(String workload, String backend, String metric, double value, String unit) {
    return new Figure(workload, backend, metric, value, unit, "", Verdict.INFO, "");
  }

  Figure withNote(String text) {
    return new Figure(workload, backend, metric, value, unit, reference, verdict, text);
  }

  String formattedValue() {
    return format(value) + (unit.isEmpty() ? "" : " " + unit);
  }

  static String format(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format("%,d", (long) v);
    }
    if (Math.abs(v) >= 100) {
      return String.format("%,.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format("%.1f", v);
    }
    return String.format("%.2f", v);
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workload", workload);
    m.put("backend", backend);
    m.put("metric", metric);
    m.put("value", Double.isNaN(value) ? null : value);
    m.put("unit", unit);
    m.put("reference", reference);
    m.put("verdict", verdict.name().toLowerCase(java.util.Locale.ROOT));
    m.put("note", note);
    return m;
  }
}
