// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dnsagent.client.TargetOutcome;
import org.dnsagent.client.pool.NameserverResult;
import org.dnsagent.client.pool.PollResult;
import org.dnsagent.client.pool.PoolResult;
import org.dnsagent.client.pool.TargetResult;

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
    Json j = new Json();
    j.open('{');
    j.field("action").string(r.action().name().toLowerCase(Locale.ROOT));
    j.field("zone").string(r.zone().toString());
    j.field("pool").string(r.pool());
    j.field("status").string(r.status().name());
    j.field("succeeded").value(r.succeeded());
    j.field("threshold_percentage").value(r.thresholdPercentage());
    j.field("elapsed_ms").value(r.elapsed().toMillis());
    j.field("targets").open('[');
    for (TargetResult t : r.targets()) {
      TargetOutcome o = t.outcome();
      j.open('{');
      j.field("target").string(t.target().label());
      j.field("description").string(t.target().description());
      j.field("host").string(t.target().host());
      j.field("port").value(t.target().port());
      j.field("key").stringOrNull(t.keyName().orElse(null));
      j.field("succeeded").value(o.succeeded());
      j.field("attempts").value(o.attempts());
      j.field("reply").stringOrNull(o.lastResponse().map(x -> x.describe()).orElse(null));
      j.field("elapsed_ms").value(o.elapsed().toMillis());
      j.field("errors").open('[');
      o.errors().forEach(j::string);
      j.close(']');
      j.close('}');
    }
    j.close(']');
    j.field("poll");
    if (r.poll().isEmpty()) {
      j.nullValue();
    } else {
      PollResult p = r.poll().get();
      j.open('{');
      j.field("status").string(p.status().name());
      j.field("expected").string(p.expected().describe());
      j.field("rounds").value(p.rounds());
      j.field("elapsed_ms").value(p.elapsed().toMillis());
      j.field("nameservers").open('[');
      for (NameserverResult n : p.nameservers()) {
        j.open('{');
        j.field("host").string(n.nameserver().host());
        j.field("port").value(n.nameserver().port());
        j.field("key").stringOrNull(n.keyName().orElse(null));
        j.field("state").string(n.state().name());
        j.field("serial");
        if (n.serial().isPresent()) {
          j.value(n.serial().getAsLong());
        } else {
          j.nullValue();
        }
        j.field("meets").value(n.met());
        j.field("detail").string(n.detail());
        j.close('}');
      }
      j.close(']');
      j.close('}');
    }
    j.close('}');
    return j.toString();
  }
}
