// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;

/**
 * Runs scripts in a local {@code powershell.exe -NoProfile -NonInteractive -Command -}, the script
 * arriving on stdin as one line ({@link #invocation}) so that PowerShell's line-by-line reading of
 * stdin cannot split a block. Either one process per script, or one long-lived process reused for
 * script after script: each script's line is followed by a line printing a marker with a fresh
 * nonce and the script's status, and the reply is everything up to that marker.
 *
 * <p>Programs are started with {@link ProcessBuilder} rather than the SPI's {@code CommandRunner},
 * which has no stdin: this transport is for an agent running on the DNS server itself.
 */
public final class LocalScriptRunner implements ScriptRunner {
  private final List<String> command;
  private final boolean reuse;
  private final java.util.concurrent.ExecutorService readers =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "msdns-powershell-io");
            t.setDaemon(true);
            return t;
          });
  private Process shared;
  private BufferedReader sharedOut;
  private StringBuffer sharedErr;

  /**
   * @param powershell the program, {@code powershell.exe} by default
   * @param reuse one long-lived process for every script rather than one per script
   */
  public LocalScriptRunner(String powershell, boolean reuse) {
    this.command =
        List.of(
            requireNonNull(powershell, "powershell is null"),
            "-NoProfile",
            "-NonInteractive",
            "-Command",
            "-");
    this.reuse = reuse;
  }

  /** The command line started. */
  public List<String> command() {
    return command;
  }

  /** The one line that runs {@code script}: decoded from base64, invoked as a script block. */
  static String invocation(String script) {
    return "& ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('"
        + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8))
        + "'))))";
  }

  /** The line, in a reused process, that runs {@code script} then prints the marker. */
  static String framed(String script, String nonce) {
    return "try { "
        + invocation(script)
        + "; $dnsAgentStatus = 0 } catch { [Console]::Error.WriteLine($_.Exception.Message);"
        + " $dnsAgentStatus = 1 }; [Console]::Out.WriteLine('<<dns-agent-end "
        + nonce
        + " ' + $dnsAgentStatus + '>>')";
  }

  @Override
  public String description() {
    return "local " + command.get(0) + (reuse ? " (reused)" : "");
  }

  @Override
  public Output run(PsScript script, Duration timeout) throws BackendException {
    return reuse ? runShared(script, timeout) : runOnce(script, timeout);
  }

  private Output runOnce(PsScript script, Duration timeout) throws BackendException {
    Process process = startProcess();
    try {
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        in.write((invocation(script.text()) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new BackendException(
            Kind.UNAVAILABLE,
            description()
                + ": "
                + script.operation().word()
                + " script did not finish within "
                + timeout.toSeconds()
                + " s");
      }
      return new Output(
          process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new BackendException(Kind.UNAVAILABLE, description() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, "interrupted running PowerShell");
    } finally {
      process.destroyForcibly();
    }
  }

  private synchronized Output runShared(PsScript script, Duration timeout) throws BackendException {
    if (shared == null || !shared.isAlive()) {
      shared = startProcess();
      sharedOut =
          new BufferedReader(
              new InputStreamReader(shared.getInputStream(), StandardCharsets.UTF_8));
      sharedErr = new StringBuffer();
      StringBuffer err = sharedErr;
      InputStream errStream = shared.getErrorStream();
      Thread t =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(errStream, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    err.append(line).append('\n');
                  }
                } catch (IOException e) {
                  // the process ended
                }
              },
              "msdns-powershell-stderr");
      t.setDaemon(true);
      t.start();
    }
    String nonce = UUID.randomUUID().toString();
    String marker = "<<dns-agent-end " + nonce + " ";
    Process process = shared;
    BufferedReader reader = sharedOut;
    try {
      OutputStream in = process.getOutputStream();
      in.write((framed(script.text(), nonce) + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      CompletableFuture<Output> reply =
          CompletableFuture.supplyAsync(
              () -> {
                StringBuilder out = new StringBuilder();
                try {
                  String line;
                  while ((line = reader.readLine()) != null) {
                    if (line.startsWith(marker) && line.endsWith(">>")) {
                      int status =
                          Integer.parseInt(line.substring(marker.length(), line.length() - 2));
                      String err = sharedErr.toString();
                      sharedErr.setLength(0);
                      return new Output(status, out.toString(), err);
                    }
                    out.append(line).append('\n');
                  }
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
                throw new IllegalStateException("PowerShell ended before the script finished");
              },
              readers);
      return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      stopShared();
      throw new BackendException(
          Kind.UNAVAILABLE,
          description()
              + ": "
              + script.operation().word()
              + " script did not finish within "
              + timeout.toSeconds()
              + " s; PowerShell restarted");
    } catch (IOException | ExecutionException | RuntimeException e) {
      stopShared();
      throw new BackendException(Kind.UNAVAILABLE, description() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopShared();
      throw new BackendException(Kind.UNAVAILABLE, "interrupted running PowerShell");
    }
  }

  private Process startProcess() throws BackendException {
    try {
      return new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          "cannot start " + command.get(0) + " (set powershell_path): " + e.getMessage(),
          e);
    }
  }

  private CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            stream.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        },
        readers);
  }

  private synchronized void stopShared() {
    if (shared != null) {
      shared.destroyForcibly();
      shared = null;
    }
  }

  @Override
  public void close() {
    stopShared();
    readers.shutdownNow();
  }
}
