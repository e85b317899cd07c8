// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dns-agent status}: backend health, zones, queue, reconciliation, journal. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show the running agent's state: backend health, zone count, queue depth, oldest pending"
          + " operation, reconciliation and journal.",
      "Exit status: 0 fine, 1 a backend is FAILED, 3 the agent cannot be reached."
    })
final class StatusCommand implements Callable<Integer> {
  @Mixin AdminOptions admin = new AdminOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return AdminCall.run(admin, Map.of("command", "status"), out, err, StatusCommand::print);
  }

  @SuppressWarnings("unchecked")
  static int print(Object result, PrintWriter out) {
    Map<String, Object> s = (Map<String, Object>) result;
    int code = 0;
    for (Map<String, Object> t : (List<Map<String, Object>>) s.get("targets")) {
      if ("FAILED".equals(t.get("state"))) {
        code = 1;
      }
      out.printf(
          "%-16s %s (%s): %s since %s%s — %s%n",
          "backend",
          t.get("target"),
          t.get("driver"),
          t.get("state"),
          OpsFormat.time(t.get("since")),
          ((Long) t.get("failures")) > 0 ? ", " + t.get("failures") + " failures in a row" : "",
          t.get("detail"));
    }
    out.printf("%-16s %s%n", "zones", s.get("zones"));
    out.printf("%-16s %s%n", "queue depth", s.get("queue_depth"));
    Object oldest = s.get("oldest_pending_seconds");
    out.printf(
        "%-16s %s%n",
        "oldest pending", oldest == null ? "-" : OpsFormat.age(((Number) oldest).doubleValue()));
    out.printf("%-16s %s%n", "failed ops", s.get("failed_operations"));
    Map<String, Object> r = (Map<String, Object>) s.get("reconciliation");
    if (r.get("last_finished") == null) {
      out.printf("%-16s %s%n", "reconciliation", "no sweep yet");
    } else {
      out.printf(
          "%-16s last %s: %s checked, %s behind, %s missing, %s errors, %s unmanaged%s%n",
          "reconciliation",
          OpsFormat.time(r.get("last_finished")),
          r.get("checked"),
          r.get("behind"),
          r.get("missing"),
          r.get("errors"),
          r.get("unmanaged_count") == null ? "unknown" : r.get("unmanaged_count"),
          ((List<?>) r.get("unmanaged")).isEmpty() ? "" : " " + r.get("unmanaged"));
    }
    if (r.get("running") instanceof Map<?, ?> run) {
      out.printf(
          "%-16s sweep running since %s: %s of %s zones, %s behind, %s missing so far%n",
          "",
          run.get("started"),
          run.get("seen"),
          run.get("total"),
          run.get("behind"),
          run.get("missing"));
    }
    Map<String, Object> j = (Map<String, Object>) s.get("journal");
    out.printf(
        "%-16s %s, %s bytes, %s records in %s group commits, %s compactions%s%n",
        "journal",
        j.get("file"),
        j.get("size_bytes"),
        j.get("records"),
        j.get("group_commits"),
        j.get("compactions"),
        j.get("last_error") == null ? "" : "; LAST WRITE FAILED: " + j.get("last_error"));
    if (s.get("catalogs") instanceof List<?> catalogs) {
      for (Object o : catalogs) {
        Map<String, Object> c = (Map<String, Object>) o;
        out.printf(
            "%-16s %s (%s): serial %s, %s members, %d pending deletions%s%s%n",
            "catalog",
            c.get("name"),
            c.get("zone"),
            c.get("serial") == null ? "none yet" : c.get("serial"),
            c.get("members"),
            ((List<?>) c.get("pending_deletions")).size(),
            c.get("held_update") == null ? "" : "; UPDATE HELD (dns-agent catalog show)",
            c.get("last_error") == null ? "" : "; last error: " + c.get("last_error"));
      }
    }
    return code;
  }
}
