// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.CommandRunner;

/**
 * Runs {@code knotc -s <socket> ...} for each command, through the agent's {@link CommandRunner}
 * (an argument list, never a shell; on knotd's host over SSH when the agent is configured so), and
 * reads knotc's printed answer back into control units. Zone names come after the command name,
 * where knotc no longer reads options, and are validated before they get here. One knotc at a time:
 * knotd serves one control connection at a time anyway.
 */
public final class ExecKnotControl implements KnotControl {
  /** {@code error: [zone] (message)} or {@code error: (message) key}. */
  private static final Pattern ERROR =
      Pattern.compile("^error: (?:\\[(?<zone>[^\\]]*)\\] )?\\((?<msg>[^)]*)\\)(?: (?<key>.*))?$");

  /** {@code section[id].item = values} or {@code section.item = value}. */
  private static final Pattern CONF =
      Pattern.compile(
          "^(?<section>[a-z0-9-]+)(?:\\[(?<id>[^\\]]*)\\])?(?:\\.(?<item>[a-z0-9-]+))?"
              + "(?: = (?<data>.*))?$");

  /** {@code [zone] role: master | serial: 5}. */
  private static final Pattern STATUS = Pattern.compile("^\\[(?<zone>[^\\]]*)\\] (?<rest>.*)$");

  private final Path knotc;
  private final Path socket;
  private final Duration timeout;
  private final CommandRunner runner;
  private final ReentrantLock lock = new ReentrantLock(true);

  public ExecKnotControl(Path knotc, Path socket, Duration timeout, CommandRunner runner) {
    this.knotc = requireNonNull(knotc, "knotc is null");
    this.socket = requireNonNull(socket, "socket is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.runner = requireNonNull(runner, "runner is null");
  }

  @Override
  public String name() {
    return "exec";
  }

  @Override
  public CtlReply call(CtlRequest request) throws BackendException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new BackendException(
            Kind.UNAVAILABLE, "knotc " + request.command() + ": another knotc busy for " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, "interrupted waiting for knotc", e);
    }
    try {
      List<CtlUnit> units = new ArrayList<>();
      for (List<String> args : argumentLists(request)) {
        CtlReply reply = run(request.command(), args, deadline);
        units.addAll(reply.units());
        if (!reply.ok()) {
          break;
        }
      }
      return new CtlReply(units);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The knotc argument lists (after {@code knotc -s socket -t secs}) for a request: one, except for
   * {@code conf-set}/{@code conf-unset}, which knotc takes one key at a time.
   */
  static List<List<String>> argumentLists(CtlRequest request) {
    String command = request.command();
    List<String> options = new ArrayList<>();
    if (request.flags().contains(CtlRequest.FORCE)) {
      options.add("-f");
    }
    if (request.flags().contains(CtlRequest.BLOCKING)) {
      options.add("-b");
    }
    List<List<String>> lists = new ArrayList<>();
    if (command.equals("conf-set") || command.equals("conf-unset")) {
      String key = null;
      List<String> current = null;
      for (CtlUnit unit : request.args()) {
        if (current == null || !unit.key().equals(key)) {
          key = unit.key();
          current = new ArrayList<>(options);
          current.add(command);
          current.add(key);
          lists.add(current);
        }
        unit.get(CtlItem.DATA).ifPresent(current::add);
      }
      return lists;
    }
    List<String> args = new ArrayList<>(options);
    args.add(command);
    if (command.startsWith("zone-")) {
      request.filter().ifPresent(f -> args.addAll(filterNames(command, f)));
      for (CtlUnit unit : request.args()) {
        args.add(unit.get(CtlItem.ZONE).orElseThrow());
      }
      if (request.args().isEmpty() && command.equals("zone-purge")) {
        throw new IllegalArgumentException("zone-purge of every zone is never sent");
      }
    } else if (command.startsWith("conf-")) {
      for (CtlUnit unit : request.args()) {
        args.add(unit.key());
      }
    }
    lists.add(args);
    return lists;
  }

  private static List<String> filterNames(String command, String codes) {
    List<String> names = new ArrayList<>();
    for (char c : codes.toCharArray()) {
      if (command.equals("zone-status") && c == 's') {
        names.add("+serial");
      } else if (command.equals("zone-status") && c == 'r') {
        names.add("+role");
      } else {
        throw new IllegalArgumentException("filter " + c + " of " + command + " not mapped");
      }
    }
    return names;
  }

  private CtlReply run(String command, List<String> args, long deadline) throws BackendException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new BackendException(Kind.UNAVAILABLE, "knotc " + command + ": no time left to run");
    }
    List<String> argv = new ArrayList<>();
    argv.add(knotc.toString());
    argv.add("-s");
    argv.add(socket.toString());
    argv.add("-t");
    argv.add(Long.toString(Math.max(1, (TimeUnit.NANOSECONDS.toSeconds(left) + 1))));
    argv.addAll(args);
    CommandResult result = runner.run(argv, Duration.ofNanos(left));
    CtlReply reply = parse(command, result.stdout());
    if (!result.succeeded() && reply.ok()) {
      String detail = (result.stderr().strip() + " " + result.stdout().strip()).strip();
      if (detail.contains("failed to connect")
          || detail.contains("failed to control")
          || detail.contains("connection refused")) {
        throw new BackendException(
            Kind.UNAVAILABLE, "knotc " + command + ": " + detail.replace('\n', ' '));
      }
      return new CtlReply(
          List.of(
              CtlUnit.of()
                  .with(
                      CtlItem.ERROR,
                      detail.isEmpty()
                          ? "knotc failed, exit " + result.exitCode()
                          : detail.replace('\n', ' '))));
    }
    return reply;
  }

  /** Reads knotc's printed answer into units, as the native client would have received them. */
  static CtlReply parse(String command, String stdout) {
    List<CtlUnit> units = new ArrayList<>();
    for (String raw : stdout.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.equals("OK") || line.equals("Running")) {
        continue;
      }
      Matcher e = ERROR.matcher(line);
      if (e.matches()) {
        Map<CtlItem, String> items = new EnumMap<>(CtlItem.class);
        items.put(CtlItem.ERROR, e.group("msg"));
        if (e.group("zone") != null) {
          items.put(CtlItem.ZONE, e.group("zone"));
        }
        if (e.group("key") != null) {
          keyItems(e.group("key"), items);
        }
        units.add(new CtlUnit(items));
        continue;
      }
      if (command.equals("zone-status")) {
        Matcher s = STATUS.matcher(line);
        if (s.matches()) {
          for (String pair : s.group("rest").split(" \\| ")) {
            int colon = pair.indexOf(": ");
            if (colon > 0) {
              units.add(
                  CtlUnit.of()
                      .with(CtlItem.ZONE, s.group("zone"))
                      .with(CtlItem.TYPE, pair.substring(0, colon).strip())
                      .with(CtlItem.DATA, pair.substring(colon + 2).strip()));
            }
          }
        }
        continue;
      }
      if (command.startsWith("conf-")) {
        Map<CtlItem, String> items = new EnumMap<>(CtlItem.class);
        String data = null;
        int eq = line.indexOf(" = ");
        String key = eq >= 0 ? line.substring(0, eq) : line;
        if (eq >= 0) {
          data = line.substring(eq + 3);
        }
        if (!keyItems(key, items)) {
          continue;
        }
        if (data == null) {
          units.add(new CtlUnit(items));
        } else {
          for (String value : data.split(" ")) {
            Map<CtlItem, String> withData = new EnumMap<>(items);
            withData.put(CtlItem.DATA, value);
            units.add(new CtlUnit(withData));
          }
        }
      }
    }
    return new CtlReply(units);
  }

  private static boolean keyItems(String key, Map<CtlItem, String> items) {
    Matcher c = CONF.matcher(key);
    if (!c.matches()) {
      return false;
    }
    items.put(CtlItem.SECTION, c.group("section"));
    if (c.group("id") != null) {
      items.put(CtlItem.ID, c.group("id"));
    }
    if (c.group("item") != null) {
      items.put(CtlItem.ITEM, c.group("item"));
    }
    return true;
  }

  @Override
  public void close() {
    // Nothing is kept open between commands.
  }

  @Override
  public String toString() {
    return "ExecKnotControl[" + knotc + " -s " + socket + "]";
  }
}
