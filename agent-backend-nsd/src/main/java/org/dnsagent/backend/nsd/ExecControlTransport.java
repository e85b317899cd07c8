// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.CommandRunner;

/**
 * Runs the {@code nsd-control} program for each command ({@code nsd-control -c <conf> [-s <server>]
 * <command> <args>}), through the agent's {@link CommandRunner}: an argument list, never a shell,
 * on the DNS server's host when the agent reaches it over SSH. Its exit code only says whether the
 * first line began with {@code error}, so the answer is read from its output, as over the native
 * transport.
 *
 * <p>The command runner gives a program no input, so {@code addzones}/{@code delzones} become one
 * {@code addzone}/{@code delzone} per line here, answered in the bulk commands' own format.
 */
final class ExecControlTransport implements ControlTransport {
  private final List<String> base;
  private final Duration timeout;
  private final CommandRunner runner;

  /** NSD serves at most 10 control connections and drops the others unanswered. */
  private final Semaphore processes = new Semaphore(NativeControlTransport.MAX_CONNECTIONS, true);

  /**
   * @param server what {@code -s} says (a socket path or {@code host@port}); empty to let
   *     nsd-control take it from the config file
   */
  ExecControlTransport(
      Path nsdControl,
      Path configFile,
      Optional<String> server,
      Duration timeout,
      CommandRunner runner) {
    List<String> command =
        new ArrayList<>(List.of(nsdControl.toString(), "-c", configFile.toString()));
    server.ifPresent(s -> command.addAll(List.of("-s", s)));
    command.add("--"); // nothing after this is an option, even a zone named "-oops.example"
    this.base = List.copyOf(command);
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.runner = requireNonNull(runner, "runner is null");
  }

  @Override
  public String name() {
    return "exec";
  }

  @Override
  public ControlReply command(String verb, String... args) throws BackendException {
    List<String> argv = new ArrayList<>(base);
    argv.add(ControlWords.check(verb));
    for (String arg : args) {
      argv.add(ControlWords.check(arg));
    }
    CommandResult result;
    long start = System.nanoTime();
    try {
      if (!processes.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new BackendException(
            Kind.UNAVAILABLE, "nsd-control " + verb + ": all nsd-control processes busy");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, "nsd-control " + verb + ": interrupted", e);
    }
    try {
      Duration left = timeout.minusNanos(System.nanoTime() - start);
      if (left.isNegative() || left.isZero()) {
        throw new BackendException(Kind.UNAVAILABLE, "nsd-control " + verb + ": no time left");
      }
      result = runner.run(argv, left);
    } finally {
      processes.release();
    }
    ControlReply reply = ControlReply.of(result.stdout());
    if (!result.succeeded() && !reply.isError()) {
      // No answer from NSD: nsd-control could not connect or read its config.
      String detail = (result.stderr() + " " + result.stdout()).strip().replace('\n', ' ');
      throw new BackendException(
          Kind.UNAVAILABLE,
          "nsd-control "
              + verb
              + " failed (exit "
              + result.exitCode()
              + "): "
              + (detail.isEmpty() ? "no output" : detail));
    }
    return ControlReply.requireAnswer(reply, verb, args, "nsd-control");
  }

  @Override
  public ControlReply bulk(String verb, List<String> lines) throws BackendException {
    String single =
        switch (verb) {
          case "addzones" -> "addzone";
          case "delzones" -> "delzone";
          default -> throw new IllegalArgumentException("not a bulk command: " + verb);
        };
    List<String> out = new ArrayList<>();
    int done = 0;
    for (String line : lines) {
      String[] words = ControlWords.checkLine(line).split(" ");
      String zone = words[0];
      ControlReply reply = command(single, words);
      List<String> text = new ArrayList<>(reply.lines());
      boolean ok = reply.isOk();
      if (ok) {
        text.remove(text.size() - 1);
      }
      out.addAll(text);
      if (ok) {
        out.add((single.equals("addzone") ? "added: " : "removed: ") + zone);
        done++;
      } else {
        out.add("error for input line '" + zone + "'");
      }
    }
    out.add((single.equals("addzone") ? "added " : "deleted ") + done + " zones");
    return new ControlReply(out);
  }

  @Override
  public String toString() {
    return "ExecControlTransport" + base;
  }
}
