// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.Durations;

/**
 * Runs the {@code rndc} program for each command, through the agent's {@link CommandRunner} (an
 * argument list, never a shell), with at most {@code maxProcesses} running at once. {@code -r}
 * makes rndc print named's result code, so answers are read as precisely as over the native
 * transport.
 */
public final class ExecRndcTransport implements RndcTransport {
  /** The line {@code rndc -r} prints last, for example {@code ISC_R_EXISTS 18}. */
  private static final Pattern RESULT_LINE = Pattern.compile("^[A-Z][A-Z0-9_]* (\\d+)$");

  private static final Pattern FAILED_LINE = Pattern.compile("^rndc: '[^']*' failed: (.*)$");

  private final Path rndc;
  private final List<String> baseCommand;
  private final Duration timeout;
  private final CommandRunner runner;
  private final Semaphore processes;

  /**
   * @param keySource the file holding the key ({@code rndc.conf} or {@code rndc.key}); rndc reads
   *     it with {@code -c} and picks the key with {@code -y}, so it uses the same key as the native
   *     transport would
   */
  public ExecRndcTransport(
      Path rndc,
      InetSocketAddress address,
      Path keySource,
      RndcKey key,
      Duration timeout,
      int maxProcesses,
      CommandRunner runner) {
    this.rndc = requireNonNull(rndc, "rndc is null");
    requireNonNull(address, "address is null");
    requireNonNull(keySource, "keySource is null");
    requireNonNull(key, "key is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.runner = requireNonNull(runner, "runner is null");
    if (maxProcesses < 1) {
      throw new IllegalArgumentException("maxProcesses must be at least 1");
    }
    this.processes = new Semaphore(maxProcesses, true);
    this.baseCommand =
        List.of(
            rndc.toString(),
            "-c",
            keySource.toString(),
            "-y",
            key.name(),
            "-s",
            address.getAddress().getHostAddress(),
            "-p",
            Integer.toString(address.getPort()),
            "-r");
  }

  @Override
  public String name() {
    return "exec";
  }

  @Override
  public RndcResponse execute(List<String> command) throws BackendException {
    String verb = command.isEmpty() ? "" : command.get(0);
    long start = System.nanoTime();
    try {
      if (!processes.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new BackendException(
            Kind.UNAVAILABLE,
            "rndc " + verb + ": all rndc processes busy for " + Durations.seconds(timeout));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, "rndc " + verb + ": interrupted", e);
    }
    try {
      Duration left = timeout.minusNanos(System.nanoTime() - start);
      if (left.isNegative() || left.isZero()) {
        throw new BackendException(Kind.UNAVAILABLE, "rndc " + verb + ": no time left to run");
      }
      List<String> argv = new ArrayList<>(baseCommand);
      argv.addAll(command);
      return parse(verb, runner.run(argv, left));
    } finally {
      processes.release();
    }
  }

  /** Reads rndc's exit code and output back into named's answer. */
  static RndcResponse parse(String verb, CommandResult result) throws BackendException {
    List<String> out = new ArrayList<>(result.stdout().lines().toList());
    Integer code = null;
    if (!out.isEmpty()) {
      Matcher m = RESULT_LINE.matcher(out.get(out.size() - 1).strip());
      if (m.matches()) {
        code = Integer.parseInt(m.group(1));
        out.remove(out.size() - 1);
      }
    }
    List<String> err = result.stderr().lines().toList();
    if (code == null) {
      if (result.succeeded()) {
        return new RndcResponse(RndcResponse.SUCCESS, String.join("\n", out), "");
      }
      throw failedBeforeAnswer(verb, result.stderr().strip());
    }
    String errName = "";
    List<String> text = new ArrayList<>();
    for (String line : err) {
      Matcher m = FAILED_LINE.matcher(line);
      if (errName.isEmpty() && m.matches()) {
        errName = m.group(1).strip();
      } else if (!line.isBlank()) {
        text.add(line);
      }
    }
    text.addAll(out);
    return new RndcResponse(code, String.join("\n", text), errName);
  }

  private static BackendException failedBeforeAnswer(String verb, String stderr) {
    String detail = stderr.isEmpty() ? "rndc failed without a message" : stderr.replace('\n', ' ');
    if (stderr.contains("connection to remote host closed")) {
      return new BackendException(
          Kind.MISCONFIGURED,
          "rndc "
              + verb
              + ": named refused the control connection (wrong key or address not"
              + " allowed): "
              + detail);
    }
    return new BackendException(Kind.UNAVAILABLE, "rndc " + verb + ": " + detail);
  }

  @Override
  public void close() {
    // Nothing is kept open between commands.
  }

  @Override
  public String toString() {
    return "ExecRndcTransport[" + rndc + "]";
  }
}
