// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dns-agent ops}: list, show, retry and fail the running agent's operations. */
@Command(
    name = "ops",
    mixinStandardHelpOptions = true,
    description = {
      "List and act on the running agent's operations (CREATE, UPDATE, DELETE).",
      "Exit status: 0 done, 1 the agent refused, 3 the agent cannot be reached."
    })
final class OpsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing required subcommand (list, show, retry, fail, ack-journal)");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List operations: pending ones oldest first, otherwise the latest.")
  int list(
      @Mixin AdminOptions admin,
      @Option(names = "--pending", description = "only operations not finished") boolean pending,
      @Option(names = "--failed", description = "only failed operations") boolean failed,
      @Option(
              names = "--limit",
              paramLabel = "N",
              defaultValue = "100",
              description = "show at most N (default: ${DEFAULT-VALUE})")
          long limit) {
    if (pending && failed) {
      spec.commandLine().getErr().println("dns-agent: --pending and --failed exclude each other");
      return 2;
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("command", "list");
    request.put("filter", pending ? "pending" : failed ? "failed" : "all");
    request.put("limit", limit);
    return call(admin, request, OpsCommand::printList);
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one operation.")
  int show(@Mixin AdminOptions admin, @Parameters(paramLabel = "ID") long id) {
    return call(admin, Map.of("command", "show", "id", id), OpsCommand::printOne);
  }

  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      description = "Queue a failed operation again, with a fresh count of attempts.")
  int retry(@Mixin AdminOptions admin, @Parameters(paramLabel = "ID") long id) {
    return call(admin, Map.of("command", "retry", "id", id), OpsCommand::printOne);
  }

  @Command(
      name = "fail",
      mixinStandardHelpOptions = true,
      description = "End a pending operation as failed (not one executing right now).")
  int fail(
      @Mixin AdminOptions admin,
      @Parameters(paramLabel = "ID") long id,
      @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the record")
          String reason) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("command", "fail");
    request.put("id", id);
    request.put("reason", reason == null ? "" : reason);
    return call(admin, request, OpsCommand::printOne);
  }

  @Command(
      name = "ack-journal",
      mixinStandardHelpOptions = true,
      description =
          "Acknowledge journal damage reported by status, once the operations it held are checked:"
              + " reconciliation resumes and status stops reporting it (the damaged copy stays).")
  int ackJournal(@Mixin AdminOptions admin) {
    return call(
        admin,
        Map.of("command", "ack-journal"),
        (result, out) -> {
          out.println("journal damage acknowledged");
          return 0;
        });
  }

  private int call(AdminOptions admin, Map<String, Object> request, AdminCall.Printer printer) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return AdminCall.run(admin, request, out, err, printer);
  }

  @SuppressWarnings("unchecked")
  private static int printList(Object result, PrintWriter out) {
    Map<String, Object> r = (Map<String, Object>) result;
    List<Map<String, Object>> ops = (List<Map<String, Object>>) r.get("operations");
    OpsFormat.table(ops, out);
    if (((Number) r.get("total")).longValue() > ops.size()) {
      out.printf("(%d of %s shown; --limit shows more)%n", ops.size(), r.get("total"));
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static int printOne(Object result, PrintWriter out) {
    OpsFormat.one((Map<String, Object>) result, out);
    return 0;
  }
}
