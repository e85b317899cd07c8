// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static java.util.Objects.requireNonNull;

import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientBuilder;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.cloudsoft.winrm4j.client.retry.SimpleCounterRetryPolicy;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;

/**
 * Runs scripts over WS-Management with WinRM4j: one shell per script (Create, Command, Receive,
 * Signal, Delete), at most {@code maxShells} at a time. The script travels as {@code powershell
 * -EncodedCommand}, so it must fit cmd.exe's 8191-character command line ({@link
 * #maxScriptChars()}); the backend splits batches to fit.
 */
public final class WinRmScriptRunner implements ScriptRunner {
  static final String COMMAND_PREFIX = "powershell -NoProfile -NonInteractive -EncodedCommand ";
  private static final int COMMAND_LINE_LIMIT = 8191;

  /** How to reach and authenticate to the server. */
  public record Settings(
      String endpoint,
      String authScheme,
      Optional<String> domain,
      String user,
      String password,
      Optional<SSLContext> sslContext,
      Duration connectTimeout,
      int maxShells) {
    public Settings {
      requireNonNull(endpoint, "endpoint is null");
      requireNonNull(authScheme, "authScheme is null");
      requireNonNull(user, "user is null");
      requireNonNull(password, "password is null");
    }

    @Override
    public String toString() {
      return "WinRM " + endpoint + " as " + user + " (" + authScheme + ")"; // never the password
    }
  }

  private final Settings settings;
  private final WinRmClientContext context = WinRmClientContext.newInstance();
  private final Semaphore shells;
  private final ExecutorService calls;

  /**
   * WinRM4j builds its CXF service from WSDL on first use, which takes seconds on a busy host: the
   * first call gets this much more time.
   */
  private static final long FIRST_CALL_ALLOWANCE_NANOS = TimeUnit.SECONDS.toNanos(60);

  private volatile boolean warm;

  /** Idle clients (each used by one call at a time), at most {@code maxShells}. */
  private final java.util.concurrent.ConcurrentLinkedQueue<WinRmClient> idle =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  public WinRmScriptRunner(Settings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.shells = new Semaphore(settings.maxShells(), true);
    this.calls =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "msdns-winrm");
              t.setDaemon(true);
              return t;
            });
  }

  /** The command line WinRM runs for {@code script}. */
  static String commandLine(String script) {
    return COMMAND_PREFIX
        + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
  }

  @Override
  public int maxScriptChars() {
    // base64 of UTF-16LE: 8 characters for every 3 of the script
    return (COMMAND_LINE_LIMIT - COMMAND_PREFIX.length()) * 3 / 8;
  }

  @Override
  public String description() {
    return "winrm " + settings.endpoint();
  }

  @Override
  public Output run(PsScript script, Duration timeout) throws BackendException {
    if (script.text().length() > maxScriptChars()) {
      throw new BackendException(
          Kind.INTERNAL,
          "script of " + script.text().length() + " characters exceeds " + maxScriptChars());
    }
    String command = commandLine(script.text());
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!shells.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new BackendException(
            Kind.UNAVAILABLE,
            description() + ": no free WinRM shell within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, "interrupted waiting for a WinRM shell");
    }
    Future<Output> call = null;
    try {
      call = calls.submit(() -> execute(command, timeout));
      long left = Math.max(1, deadline - System.nanoTime());
      // WinRM4j has its own timeouts; this bounds the whole exchange even if one is missed
      long extra = warm ? 0 : FIRST_CALL_ALLOWANCE_NANOS;
      return call.get(left + extra + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new BackendException(
          Kind.UNAVAILABLE,
          description()
              + ": no answer within "
              + timeout.toSeconds()
              + " s ("
              + opName(script)
              + ")");
    } catch (ExecutionException e) {
      throw classify(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, "interrupted while running a WinRM script");
    } finally {
      shells.release();
    }
  }

  private static String opName(PsScript script) {
    return script.operation().word();
  }

  private Output execute(String command, Duration timeout) {
    WinRmClient client = idle.poll();
    if (client == null) {
      client = newClient(timeout);
    }
    boolean healthy = false;
    try (ShellCommand shell = openShell(client)) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = shell.execute(command, out, err);
      healthy = true;
      return new Output(exit, out.toString(), err.toString());
    } finally {
      if (healthy) {
        idle.add(client);
      } else {
        client.close();
      }
    }
  }

  private WinRmClient newClient(Duration timeout) {
    long ms = Math.max(1000, timeout.toMillis());
    WinRmClientBuilder builder =
        WinRmClient.builder(settings.endpoint())
            .authenticationScheme(settings.authScheme())
            .credentials(settings.domain().orElse(null), settings.user(), settings.password())
            .operationTimeout(ms)
            .receiveTimeout(ms + 5000)
            .connectionTimeout(settings.connectTimeout().toMillis())
            .connectionRequestTimeout(settings.connectTimeout().toMillis())
            .failureRetryPolicy(
                new SimpleCounterRetryPolicy(0, 0, TimeUnit.SECONDS)) // the agent retries
            .retryReceiveAfterOperationTimeout(
                WinRmClientBuilder.neverRetryReceiveAfterOperationTimeout())
            .context(context);
    settings.sslContext().ifPresent(builder::sslContext);
    return builder.build();
  }

  private ShellCommand openShell(WinRmClient client) {
    warm = true; // the service exists once the client is built
    return client.createShell();
  }

  private BackendException classify(Throwable cause) {
    String text = String.valueOf(cause);
    for (Throwable t = cause; t != null; t = t.getCause()) {
      text = text + " / " + t.getMessage();
    }
    if (text.contains("401") || text.contains("Unauthorized")) {
      return new BackendException(
          Kind.MISCONFIGURED,
          description()
              + ": the server refused the credentials of "
              + settings.user()
              + " (check winrm_user, winrm_password_file and winrm_auth)",
          cause);
    }
    return new BackendException(
        Kind.UNAVAILABLE, description() + ": " + firstLine(rootMessage(cause)), cause);
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  @Override
  public void close() {
    calls.shutdownNow();
    for (WinRmClient client = idle.poll(); client != null; client = idle.poll()) {
      client.close();
    }
    context.shutdown();
  }
}
