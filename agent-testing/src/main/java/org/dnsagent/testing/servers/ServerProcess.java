// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server process a fixture started in the foreground: output appended to a log file, a shutdown
 * hook, and stopped by its own PID only (SIGTERM, then SIGKILL).
 */
public final class ServerProcess {
  private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);

  private final String name;
  private final Path logFile;
  private Process process;
  private Thread shutdownHook;

  private ServerProcess(String name, Path logFile) {
    this.name = name;
    this.logFile = logFile;
  }

  /**
   * Starts {@code command} and waits until {@code ready} holds, failing with the log's tail if the
   * process exits first or the timeout passes.
   */
  public static ServerProcess start(
      String name, List<String> command, Path logFile, Duration timeout, BooleanSupplier ready) {
    requireNonNull(ready, "ready is null");
    ServerProcess server = new ServerProcess(name, logFile);
    try {
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      server.process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    Process started = server.process;
    server.shutdownHook =
        new Thread(started::destroyForcibly, "stop-" + name + "-" + started.pid());
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        server.stop();
        throw new IllegalStateException(name + " exited while starting:\n" + server.logTail());
      }
      if (ready.getAsBoolean()) {
        log.debug("{} pid {} ready", name, started.pid());
        return server;
      }
      sleep(25);
    }
    server.stop();
    throw new IllegalStateException(
        name + " was not ready within " + timeout + ":\n" + server.logTail());
  }

  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException(name + " is not running");
    }
    return process.pid();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The last 30 lines the process logged. */
  public String logTail() {
    try {
      if (!Files.exists(logFile)) {
        return "";
      }
      String[] lines = Files.readString(logFile, StandardCharsets.UTF_8).split("\n");
      return String.join(
          "\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 30), lines.length));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  /** SIGTERM to this process only, SIGKILL after 10 s. Does nothing if it is not running. */
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
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        log.warn("{} pid {} ignored SIGTERM; killing it", name, p.pid());
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

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

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", dir, e.toString());
    }
  }

  static Path tempDirectory(String prefix) {
    try {
      Path parent = Path.of(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }
}
