// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.CommandRunner;

/** The agent's command runner, as the core will provide it: ProcessBuilder, no shell, timeout. */
final class ProcessCommandRunner implements CommandRunner {
  @Override
  public CommandResult run(List<String> command, Duration timeout) throws BackendException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new BackendException(Kind.MISCONFIGURED, "cannot run " + command.get(0) + ": " + e, e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> out = read(process.getInputStream());
      CompletableFuture<String> err = read(process.getErrorStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new BackendException(
            Kind.UNAVAILABLE, command.get(0) + " did not finish within " + timeout);
      }
      return new CommandResult(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      process.destroyForcibly();
      throw new BackendException(Kind.INTERNAL, "cannot talk to " + command.get(0), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, "interrupted", e);
    }
  }

  private static CompletableFuture<String> read(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }
}
