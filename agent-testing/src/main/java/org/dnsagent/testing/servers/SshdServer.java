// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dnsagent.testing.RequiredBinaries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway OpenSSH server for tests: {@code sshd -D -e} with a generated config, host key and
 * user key in its own temporary directory, listening on a free loopback port, letting in only the
 * current user with that key (no password, no PAM). Its {@link #knownHostsFile()} holds its host
 * key, so clients can check it strictly. Stops only its own process and the per-connection
 * processes it forked, by PID.
 *
 * <pre>{@code
 * try (SshdServer sshd = SshdServer.start()) {
 *   Map<String, String> options = sshd.backendOptions(); // ssh_host, ssh_port, ssh_user, ...
 * }
 * }</pre>
 */
public final class SshdServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SshdServer.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final int START_ATTEMPTS = 3;

  /** sshd refuses to start as root without its privilege separation directory. */
  private static final Path PRIVSEP_DIR = Path.of("/run/sshd");

  private final Path sshd;
  private final Path directory;
  private final Path hostKey;
  private final Path userKey;
  private final Path knownHosts;
  private final Path configFile;
  private int port;
  private Process process;
  private Thread shutdownHook;

  private SshdServer(Path sshd, Path directory) {
    this.sshd = sshd;
    this.directory = directory;
    this.hostKey = directory.resolve("ssh_host_ed25519_key");
    this.userKey = directory.resolve("id_ed25519");
    this.knownHosts = directory.resolve("known_hosts");
    this.configFile = directory.resolve("sshd_config");
  }

  /**
   * Generates keys, starts sshd and waits until it listens. Skips the calling test if sshd or
   * ssh-keygen is missing (fails it under {@code CI=true}).
   */
  public static SshdServer start() {
    Path sshd = RequiredBinaries.require("sshd", "openssh-server");
    RequiredBinaries.require("ssh-keygen", "openssh-client");
    try {
      Path parent = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      SshdServer server = new SshdServer(sshd, Files.createTempDirectory(parent, "sshd-"));
      try {
        server.prepare();
        server.startFresh();
        return server;
      } catch (RuntimeException | IOException e) {
        server.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare sshd", e);
    }
  }

  /**
   * Generates an ed25519 key pair with ssh-keygen: {@code file} (private, OpenSSH format) and
   * {@code file.pub}.
   *
   * @param passphrase empty for none
   */
  public static void generateKey(Path file, String passphrase) {
    Path keygen = RequiredBinaries.require("ssh-keygen", "openssh-client");
    NamedServer.RndcOutput out =
        Processes.run(
            List.of(
                keygen.toString(),
                "-q",
                "-t",
                "ed25519",
                "-N",
                passphrase,
                "-C",
                "dns-agent-test",
                "-f",
                file.toString()),
            Duration.ofSeconds(30));
    if (out.exitCode() != 0) {
      throw new IllegalStateException("ssh-keygen failed: " + out.stderr());
    }
  }

  /** A known_hosts line giving {@code publicKeyFile}'s key to this server's address and port. */
  public String knownHostsLine(Path publicKeyFile) {
    try {
      String[] parts = Files.readString(publicKeyFile, StandardCharsets.UTF_8).strip().split(" ");
      return "[" + host() + "]:" + port + " " + parts[0] + " " + parts[1] + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void prepare() throws IOException {
    generateKey(hostKey, "");
    generateKey(userKey, "");
    Files.copy(
        directory.resolve(userKey.getFileName() + ".pub"), directory.resolve("authorized_keys"));
    if (isRoot() && !Files.isDirectory(PRIVSEP_DIR)) {
      // What the Debian service unit does (RuntimeDirectory=sshd); an empty root-owned directory.
      Files.createDirectories(PRIVSEP_DIR);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** The user sshd lets in: the one running the tests. */
  public String user() {
    return System.getProperty("user.name");
  }

  /** The private key sshd accepts for {@link #user()}. */
  public Path userKey() {
    return userKey;
  }

  /** The server's host public key file. */
  public Path hostPublicKey() {
    return directory.resolve(hostKey.getFileName() + ".pub");
  }

  /** A known_hosts file holding this server's host key for {@code [127.0.0.1]:port}. */
  public Path knownHostsFile() {
    return knownHosts;
  }

  public Path directory() {
    return directory;
  }

  /** The options of a backend section that make a backend use this server's host over SSH. */
  public Map<String, String> backendOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("ssh_host", host());
    options.put("ssh_port", Integer.toString(port));
    options.put("ssh_user", user());
    options.put("ssh_key_file", userKey.toString());
    options.put("ssh_known_hosts_file", knownHosts.toString());
    return options;
  }

  /** What sshd has logged so far. */
  public String log() {
    Path file = directory.resolve("sshd.log");
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Stops sshd and every connection it serves (their processes are its children), so clients see
   * their connections drop. Does nothing if it is not running.
   */
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException ignored) {
        // the JVM is shutting down; the hook stops sshd
      }
      shutdownHook = null;
    }
    if (p == null) {
      return;
    }
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        log.warn("sshd pid {} ignored SIGTERM; killing it", p.pid());
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

  /** Stops sshd, dropping every connection, and starts it again on the same port and keys. */
  public synchronized void restart() {
    stop();
    launch();
  }

  /** Stops sshd and deletes its directory. */
  @Override
  public void close() {
    stop();
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", directory, e.toString());
    }
  }

  private synchronized void startFresh() {
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      port = FreePorts.tcp();
      try {
        Files.writeString(knownHosts, knownHostsLine(hostPublicKey()));
        launch();
        return;
      } catch (IllegalStateException e) {
        last = e; // most likely the port was taken in between
        log.debug("sshd start attempt {} failed: {}", attempt, e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw last;
  }

  private String config() {
    return String.join(
        "\n",
        "Port " + port,
        "ListenAddress " + host(),
        "HostKey " + hostKey,
        "PidFile " + directory.resolve("sshd.pid"),
        "AuthorizedKeysFile " + directory.resolve("authorized_keys"),
        "AllowUsers " + user(),
        "UsePAM no",
        "StrictModes no",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PermitRootLogin prohibit-password",
        "UseDNS no",
        "PrintMotd no",
        "MaxSessions 64",
        "MaxStartups 64",
        "Subsystem sftp internal-sftp",
        "LogLevel VERBOSE",
        "");
  }

  private void launch() {
    Path logFile = directory.resolve("sshd.log");
    int offset = log().length();
    try {
      Files.writeString(configFile, config());
      ProcessBuilder pb =
          new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", configFile.toString());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start sshd", e);
    }
    Process started = process;
    shutdownHook =
        new Thread(
            () -> {
              started.descendants().forEach(ProcessHandle::destroyForcibly);
              started.destroyForcibly();
            },
            "stop-sshd-" + started.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    String ready = "Server listening on " + host() + " port " + port + ".";
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String all = log();
      String text = all.length() >= offset ? all.substring(offset) : all;
      if (!started.isAlive()) {
        stop();
        throw new IllegalStateException("sshd exited while starting:\n" + tail(text));
      }
      if (text.lines().anyMatch(line -> line.equals(ready))) {
        log.debug("sshd pid {} listening on port {}", started.pid(), port);
        return;
      }
      sleep(20);
    }
    stop();
    throw new IllegalStateException("sshd did not listen within " + START_TIMEOUT);
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    return String.join(
        "\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 20), lines.length));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for sshd", e);
    }
  }
}
