// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server process a fixture started in the foreground: output appended to a log file, a shutdown
 * hook, a bounded wait until it is ready, and stopped by its own PID only (SIGTERM, then SIGKILL).
 * Every server fixture starts its process through this class.
 *
 * <pre>{@code
 * ServerProcess named =
 *     ServerProcess.builder("named", List.of(binary, "-g", "-c", conf))
 *         .logFile(dir.resolve("named.log"))
 *         .start(() -> ReadinessProbes.tcpListens(rndcPort));
 * }</pre>
 */
public final class ServerProcess {
  private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);
  private static final long POLL_MILLIS = 20;

  private final Builder settings;
  private Process process;
  private Thread shutdownHook;

  private ServerProcess(Builder settings) {
    this.settings = settings;
  }

  /** How to start {@code command}; {@link Builder#start} starts it. */
  public static Builder builder(String name, List<String> command) {
    return new Builder(name, command);
  }

  /**
   * Starts {@code command} with its standard input at {@code /dev/null} and waits until {@code
   * ready} holds, failing with the log's tail if the process exits first or the timeout passes.
   */
  public static ServerProcess start(
      String name, List<String> command, Path logFile, Duration timeout, BooleanSupplier ready) {
    return builder(name, command).logFile(logFile).startTimeout(timeout).noInput().start(ready);
  }

  /** Options for one server process. */
  public static final class Builder {
    private final String name;
    private final List<String> command;
    private Path logFile;
    private Duration startTimeout = Duration.ofSeconds(15);
    private Duration stopTimeout = Duration.ofSeconds(10);
    private boolean stopDescendants;
    private boolean noInput;
    private Supplier<String> failureLog;

    private Builder(String name, List<String> command) {
      this.name = requireNonNull(name, "name is null");
      this.command = List.copyOf(command);
    }

    /** Where the process's stdout and stderr are appended (required). */
    public Builder logFile(Path file) {
      this.logFile = requireNonNull(file, "file is null");
      return this;
    }

    /** How long {@link #start} waits for the server to be ready (default 15 s). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = requireNonNull(timeout, "timeout is null");
      return this;
    }

    /** How long {@link ServerProcess#stop} waits after SIGTERM before SIGKILL (default 10 s). */
    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = requireNonNull(timeout, "timeout is null");
      return this;
    }

    /**
     * Also stop the processes the server forked (sshd's per-connection processes), so that clients
     * see their connections drop.
     */
    public Builder stopDescendants() {
      this.stopDescendants = true;
      return this;
    }

    /**
     * Standard input at {@code /dev/null} (default: a pipe that stays open and silent, what named,
     * knotd, nsd and sshd have always been started with: a bind9 contract test fails with named
     * started on /dev/null).
     */
    public Builder noInput() {
      this.noInput = true;
      return this;
    }

    /**
     * What a failure message shows the last lines of (default: the log file), for a server that
     * logs elsewhere too.
     */
    public Builder failureLog(Supplier<String> text) {
      this.failureLog = requireNonNull(text, "text is null");
      return this;
    }

    /**
     * Starts the process and polls {@code ready} until it holds, failing with the log's tail if the
     * process exits first or the start timeout passes (the process is stopped then).
     */
    public ServerProcess start(BooleanSupplier ready) {
      requireNonNull(ready, "ready is null");
      if (logFile == null) {
        throw new IllegalStateException("no log file for " + name);
      }
      ServerProcess server = new ServerProcess(this);
      server.launch();
      server.awaitReady(ready);
      return server;
    }
  }

  private synchronized void launch() {
    try {
      ProcessBuilder pb = new ProcessBuilder(settings.command);
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile.toFile()));
      if (settings.noInput) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      }
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + settings.name, e);
    }
    Process started = process;
    boolean withDescendants = settings.stopDescendants;
    shutdownHook =
        new Thread(
            () -> {
              if (withDescendants) {
                started.descendants().forEach(ProcessHandle::destroyForcibly);
              }
              started.destroyForcibly();
            },
            "stop-" + settings.name + "-" + started.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  private void awaitReady(BooleanSupplier ready) {
    Process started = process;
    long deadline = System.nanoTime() + settings.startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        stop();
        throw new IllegalStateException(settings.name + " exited while starting:\n" + logTail());
      }
      if (ready.getAsBoolean()) {
        log.debug("{} pid {} ready", settings.name, started.pid());
        return;
      }
      sleep(POLL_MILLIS);
    }
    stop();
    throw new IllegalStateException(
        settings.name + " was not ready within " + settings.startTimeout + ":\n" + logTail());
  }

  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException(settings.name + " is not running");
    }
    return process.pid();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The last lines the process logged. */
  public String logTail() {
    return LogFiles.tail(
        settings.failureLog != null ? settings.failureLog.get() : LogFiles.read(settings.logFile));
  }

  /**
   * SIGTERM to this process only (and to the processes it forked, if so built), SIGKILL after the
   * stop timeout. Does nothing if it is not running.
   */
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException ignored) {
        // the JVM is shutting down; the hook stops the process
      }
      shutdownHook = null;
    }
    if (p == null) {
      return;
    }
    List<ProcessHandle> children = settings.stopDescendants ? p.descendants().toList() : List.of();
    p.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!p.waitFor(settings.stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("{} pid {} ignored SIGTERM; killing it", settings.name, p.pid());
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      for (ProcessHandle child : children) {
        if (!child.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).isDone()
            || child.isAlive()) {
          child.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Sleeps, for the bounded polling loops of the fixtures. */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** True when this JVM runs as root (servers that refuse root then run as another user). */
  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
