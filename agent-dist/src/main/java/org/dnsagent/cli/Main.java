// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** Entry point of the {@code dns-agent} launcher. */
public final class Main {
  private static volatile boolean debug;

  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Whether {@code --debug} was given: errors then carry their stack trace. */
  static boolean debug() {
    return debug;
  }

  static void debug(boolean on) {
    debug = on;
  }

  /** The full command tree, for the launcher and for tests. */
  public static CommandLine commandLine() {
    debug = false;
    CommandLine cli = new CommandLine(new DnsAgentCommand());
    cli.setParameterExceptionHandler(new ShortErrors());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          java.io.PrintWriter err = command.getErr();
          if (e instanceof org.dnsagent.spi.ConfigException config) {
            Errors.print(err, config);
            return Errors.CONFIG;
          }
          // Not expected: one line all the same; the stack trace is for --debug.
          err.println(
              "dns-agent: "
                  + org.dnsagent.core.config.Causes.describe(e)
                  + (debug ? "" : " (--debug shows where)"));
          if (debug) {
            e.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    cli.setExecutionStrategy(
        parsed -> {
          applyGlobalConfigFiles(parsed);
          return new CommandLine.RunLast().execute(parsed);
        });
    return cli;
  }

  /**
   * {@code dns-agent --config-file a.conf SUBCOMMAND}: the files given before the subcommand apply
   * to it (before any it is given itself, so that those win), or are rejected by a subcommand that
   * reads no configuration.
   */
  private static void applyGlobalConfigFiles(ParseResult parsed) {
    DnsAgentCommand root = (DnsAgentCommand) parsed.commandSpec().userObject();
    List<java.nio.file.Path> global = root.options.config.files;
    if (global.isEmpty() || !parsed.hasSubcommand()) {
      return;
    }
    ParseResult sub = parsed.subcommand();
    while (sub.hasSubcommand()) {
      sub = sub.subcommand();
    }
    Optional<ConfigOptions> target = findConfigOptions(sub.commandSpec());
    if (target.isEmpty()) {
      throw new CommandLine.ParameterException(
          sub.commandSpec().commandLine(),
          "--config-file does not apply to '"
              + sub.commandSpec().qualifiedName()
              + "' (it reads no configuration file)");
    }
    List<java.nio.file.Path> files = new ArrayList<>(global);
    files.addAll(target.get().files);
    target.get().files = files;
  }

  private static Optional<ConfigOptions> findConfigOptions(CommandSpec spec) {
    for (CommandSpec mixin : spec.mixins().values()) {
      if (mixin.userObject() instanceof ConfigOptions options) {
        return Optional.of(options);
      }
      Optional<ConfigOptions> nested = findConfigOptions(mixin);
      if (nested.isPresent()) {
        return nested;
      }
    }
    return Optional.empty();
  }
}
