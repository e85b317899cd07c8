// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dnsagent.testing.RequiredBinaries;

/**
 * A throwaway MariaDB server: {@code mariadb-install-db} into a temporary data directory, then
 * {@code mariadbd} in the foreground on a free loopback port and a UNIX socket in that directory,
 * with one administrator ({@link #adminUser()}) able to create databases and users. Only its own
 * process is ever stopped.
 */
public final class MariaDbServer extends ServerFixture implements SqlServer {
  private final Path mariadbd;
  private final String adminPassword = NamedServer.newSecret().replaceAll("[^A-Za-z0-9]", "");
  private int port;

  private MariaDbServer(Path directory, Path mariadbd) {
    super("mariadbd", directory);
    this.mariadbd = mariadbd;
  }

  /**
   * Installs and starts a server. Skips the calling test if MariaDB is not installed (fails it
   * under {@code CI=true}).
   */
  public static MariaDbServer start() {
    Path installDb = RequiredBinaries.require("mariadb-install-db", "mariadb-server");
    Path mariadbd = RequiredBinaries.require("mariadbd", "mariadb-server");
    MariaDbServer server = new MariaDbServer(TempDirectories.create("mariadb-"), mariadbd);
    server.firstStart(() -> server.install(installDb), () -> server.port = FreePorts.tcp());
    return server;
  }

  /** An administrator with every privilege, connecting from 127.0.0.1. */
  @Override
  public String adminUser() {
    return "admin";
  }

  @Override
  public String adminPassword() {
    return adminPassword;
  }

  @Override
  public int port() {
    return port;
  }

  /** The UNIX socket. */
  public Path socket() {
    return directory().resolve("mysql.sock");
  }

  /** {@code jdbc:mariadb://127.0.0.1:PORT/database}. */
  @Override
  public String jdbcUrl(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  private void install(Path installDb) {
    List<String> command = new ArrayList<>();
    command.add(installDb.toString());
    command.add("--no-defaults");
    command.add("--datadir=" + directory().resolve("data"));
    command.add("--auth-root-authentication-method=socket");
    command.add("--skip-test-db");
    if (ServerProcess.isRoot()) {
      command.add("--user=root");
    }
    NamedServer.RndcOutput out = Processes.run(command, Duration.ofSeconds(120));
    if (out.exitCode() != 0) {
      throw new IllegalStateException(
          "mariadb-install-db failed (exit "
              + out.exitCode()
              + "):\n"
              + out.stdout()
              + out.stderr());
    }
    try {
      Files.writeString(
          directory().resolve("init.sql"),
          "CREATE USER IF NOT EXISTS 'admin'@'127.0.0.1' IDENTIFIED BY '"
              + adminPassword
              + "';\nGRANT ALL PRIVILEGES ON *.* TO 'admin'@'127.0.0.1' WITH GRANT OPTION;\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  ServerProcess launch() {
    List<String> command = new ArrayList<>();
    command.add(mariadbd.toString());
    command.add("--no-defaults");
    command.add("--datadir=" + directory().resolve("data"));
    command.add("--socket=" + socket());
    command.add("--pid-file=" + directory().resolve("mariadbd.pid"));
    command.add("--port=" + port);
    command.add("--bind-address=127.0.0.1");
    command.add("--init-file=" + directory().resolve("init.sql"));
    command.add("--skip-log-bin");
    command.add("--innodb-buffer-pool-size=32M");
    command.add("--innodb-flush-log-at-trx-commit=2");
    if (ServerProcess.isRoot()) {
      command.add("--user=root");
    }
    return ServerProcess.start(
        "mariadbd",
        command,
        directory().resolve("mariadbd.log"),
        Duration.ofSeconds(60),
        () -> Files.exists(socket()) && ReadinessProbes.tcpListens(port));
  }
}
