// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnsagent.client.TargetOutcome;
import org.dnsagent.client.pool.NameserverResult;
import org.dnsagent.client.pool.PollResult;
import org.dnsagent.client.pool.PoolResult;
import org.dnsagent.client.pool.TargetResult;
import org.dnsagent.core.admin.Json;

/** Renders a {@link PoolResult} as a table for people or as JSON for programs. */
final class PoolReport {
  private PoolReport() {}

  static String table(PoolResult r) {
    StringBuilder out = new StringBuilder();
    long ok = r.targets().size() - r.failedTargets().size();
    out.append(
        String.format(
            Locale.ROOT,
            "%s %s on pool %s: %s (%d/%d targets succeeded, threshold %d%%, %d ms)%n",
            r.action(),
            r.zone(),
            r.pool(),
            r.status(),
            ok,
            r.targets().size(),
            r.thresholdPercentage(),
            r.elapsed().toMillis()));
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("TARGET", "KEY", "RESULT", "REPLY", "ATTEMPTS", "TIME"));
    List<List<String>> errors = new ArrayList<>();
    for (TargetResult t : r.targets()) {
      TargetOutcome o = t.outcome();
      rows.add(
          List.of(
              t.target().label(),
              t.keyName().orElse("-"),
              o.succeeded() ? "OK" : "FAILED",
              reply(o),
              Integer.toString(o.attempts()),
              o.elapsed().toMillis() + " ms"));
      errors.add(o.succeeded() ? List.of() : o.errors());
    }
    appendTable(out, rows, errors);
    if (r.poll().isPresent()) {
      PollResult p = r.poll().get();
      out.append(
          String.format(
              Locale.ROOT,
              "%nnameservers: %s, %d of %d meet %s after %d round%s (%d ms)%n",
              p.status(),
              p.nameservers().size() - p.lagging().size(),
              p.nameservers().size(),
              p.expected().describe(),
              p.rounds(),
              p.rounds() == 1 ? "" : "s",
              p.elapsed().toMillis()));
      List<List<String>> ns = new ArrayList<>();
      ns.add(List.of("NAMESERVER", "KEY", "ANSWER", "MEETS"));
      for (NameserverResult n : p.nameservers()) {
        ns.add(
            List.of(
                n.nameserver().toString(),
                n.keyName().orElse("-"),
                n.detail(),
                n.met() ? "yes" : "no"));
      }
      appendTable(out, ns, List.of());
    }
    return out.toString().stripTrailing();
  }

  private static String reply(TargetOutcome o) {
    return o.lastResponse().map(x -> x.describe()).orElse("no reply");
  }

  private static void appendTable(
      StringBuilder out, List<List<String>> rows, List<List<String>> notes) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
      }
      out.append(line.toString().stripTrailing()).append('\n');
      if (r > 0 && r - 1 < notes.size()) {
        notes.get(r - 1).forEach(n -> out.append("    ").append(n).append('\n'));
      }
    }
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  static String json(PoolResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", r.action().name().toLowerCase(Locale.ROOT));
    m.put("zone", r.zone().toString());
    m.put("pool", r.pool());
    m.put("status", r.status().name());
    m.put("succeeded", r.succeeded());
    m.put("threshold_percentage", r.thresholdPercentage());
    m.put("elapsed_ms", r.elapsed().toMillis());
    List<Object> targets = new ArrayList<>();
    for (TargetResult t : r.targets()) {
      TargetOutcome o = t.outcome();
      Map<String, Object> tm = new LinkedHashMap<>();
      tm.put("target", t.target().label());
      tm.put("description", t.target().description());
      tm.put("host", t.target().host());
      tm.put("port", t.target().port());
      tm.put("key", t.keyName().orElse(null));
      tm.put("succeeded", o.succeeded());
      tm.put("attempts", o.attempts());
      tm.put("reply", o.lastResponse().map(x -> x.describe()).orElse(null));
      tm.put("elapsed_ms", o.elapsed().toMillis());
      tm.put("errors", List.copyOf(o.errors()));
      targets.add(tm);
    }
    m.put("targets", targets);
    Map<String, Object> poll = null;
    if (r.poll().isPresent()) {
      PollResult p = r.poll().get();
      poll = new LinkedHashMap<>();
      poll.put("status", p.status().name());
      poll.put("expected", p.expected().describe());
      poll.put("rounds", p.rounds());
      poll.put("elapsed_ms", p.elapsed().toMillis());
      List<Object> nameservers = new ArrayList<>();
      for (NameserverResult n : p.nameservers()) {
        Map<String, Object> nm = new LinkedHashMap<>();
        nm.put("host", n.nameserver().host());
        nm.put("port", n.nameserver().port());
        nm.put("key", n.keyName().orElse(null));
        nm.put("state", n.state().name());
        nm.put("serial", n.serial().isPresent() ? n.serial().getAsLong() : null);
        nm.put("meets", n.met());
        nm.put("detail", n.detail());
        nameservers.add(nm);
      }
      poll.put("nameservers", nameservers);
    }
    m.put("poll", poll);
    return Json.write(m); // the admin protocol's writer: one JSON writer in the project
  }
}
