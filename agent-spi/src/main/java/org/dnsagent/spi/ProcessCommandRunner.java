// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The standard {@link CommandRunner}: runs programs with {@link ProcessBuilder}: arguments go to
 * the OS as a list (no shell), output is captured up to a bound, the process is killed at its
 * timeout, and at most {@code maxConcurrent} run at once.
 */
public final class ProcessCommandRunner implements CommandRunner {
  private static final int MAX_OUTPUT = 1 << 20;

  private final Semaphore slots;
  private final ExecutorService readers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "command-output");
            t.setDaemon(true);
            return t;
          });

  public ProcessCommandRunner(int maxConcurrent) {
    this.slots = new Semaphore(maxConcurrent, true);
  }

  @Override
  public CommandResult run(List<String> command, Duration timeout) throws BackendException {
    return run(command, new byte[0], timeout);
  }

  @Override
  public CommandResult run(List<String> command, byte[] stdin, Duration timeout)
      throws BackendException {
    java.util.Objects.requireNonNull(stdin, "stdin is null");
    if (command.isEmpty()) {
      throw new BackendException(BackendException.Kind.INTERNAL, "empty command");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!slots.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new BackendException(
            BackendException.Kind.UNAVAILABLE,
            "too many commands running; "
                + command.get(0)
                + " waited "
                + timeout.toMillis()
                + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(BackendException.Kind.UNAVAILABLE, "interrupted");
    }
    try {
      return runNow(command, stdin, deadline, timeout);
    } finally {
      slots.release();
    }
  }

  private CommandResult runNow(List<String> command, byte[] stdin, long deadline, Duration timeout)
      throws BackendException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new BackendException(
          BackendException.Kind.MISCONFIGURED,
          "cannot run " + command.get(0) + ": " + e.getMessage(),
          e);
    }
    try {
      feed(process.getOutputStream(), stdin);
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      long remaining = Math.max(0, deadline - System.nanoTime());
      if (!process.waitFor(remaining, TimeUnit.NANOSECONDS)) {
        process.destroyForcibly();
        throw new BackendException(
            BackendException.Kind.UNAVAILABLE,
            command.get(0) + " did not finish within " + timeout.toMillis() + " ms; killed");
      }
      return new CommandResult(
          process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new BackendException(BackendException.Kind.UNAVAILABLE, "interrupted");
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new BackendException(
          BackendException.Kind.INTERNAL, "reading output of " + command.get(0) + ": " + e, e);
    }
  }

  /** Writes stdin in its own thread (a program may write before it reads), then closes it. */
  private void feed(java.io.OutputStream stdin, byte[] bytes) {
    if (bytes.length == 0) {
      try {
        stdin.close();
      } catch (IOException e) {
        // the program is gone already; its exit status tells
      }
      return;
    }
    CompletableFuture.runAsync(
        () -> {
          try (stdin) {
            stdin.write(bytes);
          } catch (IOException e) {
            // the program stopped reading (or exited); its exit status tells
          }
        },
        readers);
  }

  private CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          ByteArrayOutputStream buffer = new ByteArrayOutputStream();
          byte[] chunk = new byte[8192];
          try (in) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
              if (buffer.size() < MAX_OUTPUT) {
                buffer.write(chunk, 0, Math.min(n, MAX_OUTPUT - buffer.size()));
              }
            }
          } catch (IOException e) {
            // The process died; what was read is all there is.
          }
          return buffer.toString(StandardCharsets.UTF_8);
        },
        readers);
  }
}
