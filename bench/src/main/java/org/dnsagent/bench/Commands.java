// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a helper program (dig, jcmd, named -v) without a shell, bounded in time. */
final class Commands {
  private Commands() {}

  /** What a program printed, how it ended and how long it took. */
  record Output(int exitCode, String stdout, String stderr, Duration elapsed) {}

  static Output run(List<String> command, Duration timeout) {
    return run(command, null, timeout);
  }

  /** Runs {@code command}; its standard output goes to {@code stdoutFile} when given. */
  static Output run(List<String> command, Path stdoutFile, Duration timeout) {
    long start = System.nanoTime();
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(command);
      if (stdoutFile != null) {
        pb.redirectOutput(stdoutFile.toFile());
      }
      p = pb.start();
      p.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    }
    CompletableFuture<String> out =
        stdoutFile == null
            ? CompletableFuture.supplyAsync(() -> drain(p.getInputStream()))
            : CompletableFuture.completedFuture("");
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " ran longer than " + timeout);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new Output(p.exitValue(), out.join(), err.join(), elapsed);
  }

  private static String drain(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
