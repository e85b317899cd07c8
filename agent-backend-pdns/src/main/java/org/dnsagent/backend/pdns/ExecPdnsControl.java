// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.CommandRunner;

/**
 * Runs {@code pdns_control --socket-dir=DIR COMMAND ARGS...} through the target's host access (so
 * it works over SSH too), as an argument list, never through a shell.
 */
final class ExecPdnsControl implements PdnsControl {
  private final Path program;
  private final Path socketDir;
  private final Duration timeout;
  private final CommandRunner runner;

  ExecPdnsControl(Path program, Path socketDir, Duration timeout, CommandRunner runner) {
    this.program = requireNonNull(program, "program is null");
    this.socketDir = requireNonNull(socketDir, "socketDir is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.runner = requireNonNull(runner, "runner is null");
  }

  @Override
  public String execute(String command, List<String> args) throws BackendException {
    List<String> argv = new ArrayList<>();
    argv.add(program.toString());
    argv.add("--socket-dir=" + socketDir);
    argv.add(command);
    for (String arg : args) {
      // pdns_control takes any word starting with "--" as an option of its own.
      if (arg.startsWith("--")) {
        throw new BackendException(
            Kind.REJECTED,
            "'" + arg + "' starts with '--': pdns_control would read it as an option");
      }
      argv.add(arg);
    }
    CommandResult result = runner.run(argv, timeout);
    String out = result.stdout().trim();
    if (!result.succeeded()) {
      String err = result.stderr().trim();
      Kind kind =
          result.exitCode() == 2 || err.contains("connect") ? Kind.UNAVAILABLE : Kind.INTERNAL;
      throw new BackendException(
          kind,
          program
              + " "
              + command
              + " failed (exit "
              + result.exitCode()
              + "): "
              + (err.isEmpty() ? out : err));
    }
    return out;
  }
}
