// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dns-agent catalog}: the catalog zones the running agent follows. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = {
      "Show the catalog zones (RFC 9432) the running agent follows, and confirm held updates.",
      "Exit status: 0 done, 1 the agent refused, 3 the agent cannot be reached."
    })
final class CatalogCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing required subcommand (list, show, confirm)");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Each catalog: serial, members, pending deletions, held update, last error.")
  int list(@Mixin AdminOptions admin) {
    return AdminCall.run(
        admin,
        Map.of("command", "catalog-list"),
        spec.commandLine().getOut(),
        spec.commandLine().getErr(),
        CatalogCommand::printList);
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "One catalog with its members and pending deletions.")
  int show(@Mixin AdminOptions admin, @Parameters(paramLabel = "NAME") String name) {
    return AdminCall.run(
        admin,
        Map.of("command", "catalog-show", "name", name),
        spec.commandLine().getOut(),
        spec.commandLine().getErr(),
        CatalogCommand::printShow);
  }

  @Command(
      name = "confirm",
      mixinStandardHelpOptions = true,
      description =
          "Apply the update held because it removes more members than max_deletions allows.")
  int confirm(@Mixin AdminOptions admin, @Parameters(paramLabel = "NAME") String name) {
    return AdminCall.run(
        admin,
        Map.of("command", "catalog-confirm", "name", name),
        spec.commandLine().getOut(),
        spec.commandLine().getErr(),
        (result, out) -> {
          out.println("catalog " + name + ": held update confirmed; it is applied at once");
          return 0;
        });
  }

  @SuppressWarnings("unchecked")
  private static int printList(Object result, PrintWriter out) {
    List<Map<String, Object>> catalogs =
        (List<Map<String, Object>>) ((Map<String, Object>) result).get("catalogs");
    if (catalogs.isEmpty()) {
      out.println("no catalogs configured ([catalog:NAME] sections)");
      return 0;
    }
    for (Map<String, Object> c : catalogs) {
      summary(c, out);
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static int printShow(Object result, PrintWriter out) {
    Map<String, Object> c = (Map<String, Object>) result;
    summary(c, out);
    Object members = c.get("member_zones");
    if (members instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> m = (Map<String, Object>) o;
        out.printf(
            "  member %s  target %s  id %s%s%n",
            m.get("zone"),
            m.get("target"),
            m.get("id"),
            Boolean.TRUE.equals(m.get("owned")) ? "" : "  (not created by this catalog)");
      }
    }
    for (Object o : (List<Object>) c.get("pending_deletions")) {
      Map<String, Object> p = (Map<String, Object>) o;
      out.printf(
          "  pending deletion %s  target %s  at %s%n",
          p.get("zone"), p.get("target"), p.get("due"));
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static void summary(Map<String, Object> c, PrintWriter out) {
    out.printf(
        "%s (%s): serial %s, %s members, %d pending deletions, last transfer %s%n",
        c.get("name"),
        c.get("zone"),
        c.get("serial") == null ? "none yet" : c.get("serial"),
        c.get("members"),
        ((List<Object>) c.get("pending_deletions")).size(),
        c.get("last_transfer") == null ? "never" : c.get("last_transfer"));
    if (c.get("held_update") instanceof Map<?, ?> h) {
      out.printf(
          "  HELD: serial %s would delete %s members (allowed %s) since %s;"
              + " run `dns-agent catalog confirm %s` to apply it%n",
          h.get("serial"), h.get("deletions"), h.get("allowed"), h.get("since"), c.get("name"));
    }
    if (c.get("last_error") != null) {
      out.println("  last error: " + c.get("last_error"));
    }
  }
}
