// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnsagent.testing.RequiredBinaries;

/**
 * A throwaway OpenSSH server for tests: {@code sshd -D -e} with a generated config, host key and
 * user key in its own temporary directory, listening on a free loopback port, letting in only the
 * current user with that key (no password, no PAM). Its {@link #knownHostsFile()} holds its host
 * key, so clients can check it strictly. {@link #stop()} stops only its own process and the
 * per-connection processes it forked, by PID, so clients see their connections drop.
 *
 * <pre>{@code
 * try (SshdServer sshd = SshdServer.start()) {
 *   Map<String, String> options = sshd.backendOptions(); // ssh_host, ssh_port, ssh_user, ...
 * }
 * }</pre>
 */
public final class SshdServer extends ServerFixture {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  /** sshd refuses to start as root without its privilege separation directory. */
  private static final Path PRIVSEP_DIR = Path.of("/run/sshd");

  private final Path sshd;
  private final Path hostKey;
  private final Path userKey;
  private final Path knownHosts;
  private final Path configFile;
  private int port;

  private SshdServer(Path sshd, Path directory) {
    super("sshd", directory);
    this.sshd = sshd;
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
    SshdServer server = new SshdServer(sshd, TempDirectories.create("sshd-"));
    server.firstStart(server::prepare, server::pickPort);
    return server;
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
        directory().resolve(userKey.getFileName() + ".pub"),
        directory().resolve("authorized_keys"));
    if (ServerProcess.isRoot() && !Files.isDirectory(PRIVSEP_DIR)) {
      // What the Debian service unit does (RuntimeDirectory=sshd); an empty root-owned directory.
      Files.createDirectories(PRIVSEP_DIR);
    }
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
    return directory().resolve(hostKey.getFileName() + ".pub");
  }

  /** A known_hosts file holding this server's host key for {@code [127.0.0.1]:port}. */
  public Path knownHostsFile() {
    return knownHosts;
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
    return LogFiles.read(logFile());
  }

  private Path logFile() {
    return directory().resolve("sshd.log");
  }

  private void pickPort() {
    port = FreePorts.tcp();
    try {
      Files.writeString(knownHosts, knownHostsLine(hostPublicKey()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String config() {
    return String.join(
        "\n",
        "Port " + port,
        "ListenAddress " + host(),
        "HostKey " + hostKey,
        "PidFile " + directory().resolve("sshd.pid"),
        "AuthorizedKeysFile " + directory().resolve("authorized_keys"),
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

  @Override
  ServerProcess launch() {
    int offset = log().length();
    try {
      Files.writeString(configFile, config());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write sshd_config", e);
    }
    String ready = "Server listening on " + host() + " port " + port + ".";
    return ServerProcess.builder(
            "sshd", List.of(sshd.toString(), "-D", "-e", "-f", configFile.toString()))
        .logFile(logFile())
        .startTimeout(START_TIMEOUT)
        .stopTimeout(Duration.ofSeconds(5))
        .stopDescendants()
        .start(() -> loggedSince(offset).lines().anyMatch(line -> line.equals(ready)));
  }

  /** What sshd logged after the first {@code offset} characters (its earlier runs). */
  private String loggedSince(int offset) {
    String all = log();
    return all.length() >= offset ? all.substring(offset) : all;
  }
}
