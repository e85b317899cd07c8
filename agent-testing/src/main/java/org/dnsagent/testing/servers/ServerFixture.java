// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The lifecycle every throwaway server fixture shares: its own temporary directory, a start that
 * picks free loopback ports and retries when one was taken in between, one {@link ServerProcess} at
 * a time (stopped by its PID only), a restart in the same directory on the same ports, and a close
 * that stops the server and deletes the directory. A fixture says how to pick its ports and how to
 * launch its process; this class does the rest.
 */
public abstract class ServerFixture implements AutoCloseable {
  private final String name;
  private final Path directory;
  private ServerProcess process;

  ServerFixture(String name, Path directory) {
    this.name = name;
    this.directory = directory;
  }

  /**
   * Writes the server's configuration for the ports picked and starts its process, waiting until it
   * is ready; called by the first start and by {@link #restart()}.
   */
  abstract ServerProcess launch();

  /** What a fixture writes into its directory before its server first starts. */
  @FunctionalInterface
  interface Preparation {
    void run() throws IOException;
  }

  /**
   * The first start: {@code prepare}, then {@code pickPorts} and {@link #launch()}, again with new
   * ports (up to {@link FreePorts#START_ATTEMPTS} times) while the start fails. If it fails for
   * good, closes this fixture (stopping whatever started, deleting the directory) and rethrows, an
   * I/O error as unchecked.
   */
  final synchronized void firstStart(Preparation prepare, Runnable pickPorts) {
    try {
      prepare.run();
      FreePorts.startWithRetries(
          name,
          () -> {
            pickPorts.run();
            process = launch();
          });
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot prepare " + name, e);
    }
  }

  /** The server's own directory; {@link #close()} deletes it. */
  public Path directory() {
    return directory;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isRunning();
  }

  /** The process id of the running server. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException(name + " is not running");
    }
    return process.pid();
  }

  /** The PID of the process started last, unless it was stopped since. */
  final synchronized OptionalLong startedPid() {
    return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
  }

  /** The last lines the server logged, for a failure message. */
  public synchronized String logTail() {
    return process == null ? "" : process.logTail();
  }

  /** Stops the server (SIGTERM, then SIGKILL). Does nothing if it is not running. */
  public synchronized void stop() {
    if (process != null) {
      process.stop();
      process = null;
    }
  }

  /** Stops the server and starts it again in the same directory on the same ports. */
  public synchronized void restart() {
    stop();
    process = launch();
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() {
    stop();
    TempDirectories.delete(directory);
  }
}
