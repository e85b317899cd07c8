// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.ssh;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.ChannelExec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs programs on the remote host, one exec channel each. The argument list becomes one command
 * line quoted by {@link ShellQuoting} (SSH can only send a line; the quoting makes each argument
 * exactly one word).
 *
 * <p>At the timeout the program is killed. SSH's "signal" request does that only for a non-root
 * user under privilege separation (sshd refuses it otherwise), so the line first prints the process
 * id ({@code echo $$ >&2; exec ...}: sshd made that shell a session leader, and {@code exec} keeps
 * its pid) and, if the signal request is refused, a second channel runs {@code kill -s KILL --
 * -PID} on the program's process group. That first line is removed from the standard error the
 * caller sees.
 */
final class SshCommandRunner implements CommandRunner {
  private static final Logger log = LoggerFactory.getLogger(SshCommandRunner.class);
  private static final int MAX_OUTPUT = 1 << 20;
  private static final String PID_PREFIX = "echo $$ >&2; ";
  private static final String KILL_GROUP = "kill -s KILL -- -\"$1\"";

  private final SshConnection connection;

  SshCommandRunner(SshConnection connection) {
    this.connection = requireNonNull(connection, "connection is null");
  }

  @Override
  public CommandResult run(List<String> command, Duration timeout) throws BackendException {
    return run(command, new byte[0], timeout);
  }

  @Override
  public CommandResult run(List<String> command, byte[] stdin, Duration timeout)
      throws BackendException {
    requireNonNull(stdin, "stdin is null");
    if (command.isEmpty()) {
      throw new BackendException(Kind.INTERNAL, "empty command");
    }
    String line;
    try {
      line = PID_PREFIX + ShellQuoting.commandLine(command);
    } catch (IllegalArgumentException e) {
      throw new BackendException(
          Kind.INTERNAL, "cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    String program = command.get(0);
    long deadline = System.nanoTime() + timeout.toNanos();
    connection.acquire(deadline, program);
    try {
      for (int attempt = 1; attempt <= 2; attempt++) {
        ChannelExec channel = connection.openExec();
        Output out = new Output();
        Output err = new Output();
        channel.setCommand(line.getBytes(StandardCharsets.UTF_8));
        channel.setInputStream(new ByteArrayInputStream(stdin)); // end of file follows
        channel.setOutputStream(out, true);
        channel.setErrStream(err, true);
        if (!connection.connect(channel, "cannot run " + program)) {
          continue; // the connection had dropped: the program did not start; a new one is open
        }
        try {
          return await(channel, program, deadline, timeout, out, err);
        } finally {
          channel.disconnect();
        }
      }
      throw new BackendException(
          Kind.UNAVAILABLE,
          connection.settings().describe() + ": connection dropped twice; " + program + " not run");
    } finally {
      connection.release();
    }
  }

  private CommandResult await(
      ChannelExec channel, String program, long deadline, Duration timeout, Output out, Output err)
      throws BackendException {
    long pauseMicros = 200;
    while (!channel.isClosed()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        kill(channel, err, program);
        throw new BackendException(
            Kind.UNAVAILABLE,
            program
                + " on "
                + connection.settings().host()
                + " did not finish within "
                + timeout.toMillis()
                + " ms; killed");
      }
      try {
        TimeUnit.MICROSECONDS.sleep(Math.min(pauseMicros, TimeUnit.NANOSECONDS.toMicros(left)));
      } catch (InterruptedException e) {
        kill(channel, err, program);
        Thread.currentThread().interrupt();
        throw new BackendException(Kind.UNAVAILABLE, program + ": interrupted", e);
      }
      pauseMicros = Math.min(20_000, pauseMicros * 2);
    }
    int exit = channel.getExitStatus();
    if (exit < 0) {
      String signal = channel.getExitSignal();
      String why =
          signal != null
              ? "was killed by signal " + signal
              : "ended without an exit status (connection lost?)";
      throw new BackendException(
          Kind.UNAVAILABLE, program + " on " + connection.settings().host() + " " + why);
    }
    return new CommandResult(exit, out.text(), err.textAfterPid());
  }

  /**
   * Kills the program and its process group: by the signal request if sshd takes it, else with
   * {@code kill} in a second channel (in the place this command holds, its own channel closed).
   */
  private void kill(ChannelExec channel, Output err, String program) {
    try {
      channel.sendSignal("KILL");
      return;
    } catch (Exception e) {
      log.debug("signal request for {} refused ({}); killing it by pid", program, e.toString());
    } finally {
      channel.disconnect();
    }
    OptionalLong pid = err.pid();
    if (pid.isEmpty()) {
      log.warn("{}: {} timed out before it started; nothing to kill", describe(), program);
      return;
    }
    try {
      ChannelExec killer = connection.openExec();
      List<String> command = List.of("sh", "-c", KILL_GROUP, "sh", Long.toString(pid.getAsLong()));
      killer.setCommand(ShellQuoting.commandLine(command).getBytes(StandardCharsets.UTF_8));
      killer.setInputStream(new ByteArrayInputStream(new byte[0]));
      if (!connection.connect(killer, "cannot kill " + program)) {
        return; // the connection dropped: with it went the program's stdin and stdout
      }
      try {
        long until = System.nanoTime() + connection.settings().timeout().toNanos();
        while (!killer.isClosed() && System.nanoTime() < until) {
          TimeUnit.MILLISECONDS.sleep(5);
        }
      } finally {
        killer.disconnect();
      }
    } catch (BackendException e) {
      log.warn("{}: cannot kill {} (pid {}): {}", describe(), program, pid, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String describe() {
    return connection.settings().describe();
  }

  /** Keeps the first {@value #MAX_OUTPUT} bytes written to it, drops the rest. */
  private static final class Output extends OutputStream {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      if (buffer.size() < MAX_OUTPUT) {
        buffer.write(b);
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int room = MAX_OUTPUT - buffer.size();
      if (room > 0) {
        buffer.write(b, off, Math.min(len, room));
      }
    }

    synchronized String text() {
      return buffer.toString(StandardCharsets.UTF_8);
    }

    /** The process id the command line printed first, once that line has arrived. */
    synchronized OptionalLong pid() {
      String text = text();
      int nl = text.indexOf('\n');
      if (nl < 1) {
        return OptionalLong.empty();
      }
      try {
        return OptionalLong.of(Long.parseLong(text.substring(0, nl)));
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }

    /** The text after the process id line. */
    synchronized String textAfterPid() {
      String text = text();
      int nl = text.indexOf('\n');
      return nl >= 0 && pid().isPresent() ? text.substring(nl + 1) : text;
    }
  }
}
