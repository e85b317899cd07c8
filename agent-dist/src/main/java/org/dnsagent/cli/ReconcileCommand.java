// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dns-agent reconcile}: starts a reconciliation sweep now. */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Start a reconciliation sweep now (unless one is running): every zone is compared with the"
          + " masters, and zones behind or missing are repaired. `dns-agent status` shows its"
          + " progress.",
      "Exit status: 0 started, 1 refused, 3 the agent cannot be reached."
    })
final class ReconcileCommand implements Callable<Integer> {
  @Mixin AdminOptions admin = new AdminOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return AdminCall.run(
        admin,
        Map.of("command", "reconcile"),
        out,
        err,
        (result, o) -> {
          o.println("reconciliation sweep started; `dns-agent status` shows its progress");
          return 0;
        });
  }
}
