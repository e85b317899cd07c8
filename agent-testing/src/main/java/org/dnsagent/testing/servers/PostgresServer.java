// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.dnsagent.testing.RequiredBinaries;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster: {@code initdb} into a temporary directory, then {@code postgres}
 * in the foreground on a free loopback port, with password authentication for the superuser {@code
 * postgres} ({@link #adminPassword()}). Debian's {@code postgresql} package puts these programs in
 * {@code /usr/lib/postgresql/VERSION/bin}, off the PATH; the newest version there is used.
 * PostgreSQL refuses to run as root: under root the programs run as the unprivileged {@code
 * postgres} user (through {@code setpriv}), which owns the directory. Only its own process is ever
 * stopped.
 */
public final class PostgresServer extends ServerFixture implements SqlServer {
  private final Path bin;
  private final String password = NamedServer.newSecret().replaceAll("[^A-Za-z0-9]", "");
  private int port;

  private PostgresServer(Path directory, Path bin) {
    super("postgres", directory);
    this.bin = bin;
  }

  /**
   * Creates and starts a cluster. Skips the calling test if PostgreSQL is not installed (fails it
   * under {@code CI=true}).
   */
  public static PostgresServer start() {
    Path bin = binDirectory();
    PostgresServer server = new PostgresServer(directoryFor(), bin);
    server.firstStart(server::initdb, () -> server.port = FreePorts.tcp());
    return server;
  }

  /** The superuser {@code postgres}. */
  @Override
  public String adminUser() {
    return "postgres";
  }

  @Override
  public String adminPassword() {
    return password;
  }

  @Override
  public int port() {
    return port;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/database}. */
  @Override
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /**
   * The cluster's directory. Under root the cluster runs as the postgres user, who must be able to
   * reach it: a checkout under {@code /root} is closed to other users, so the directory goes under
   * {@code /tmp} then.
   */
  private static Path directoryFor() {
    if (!ServerProcess.isRoot()) {
      return TempDirectories.create("postgres-");
    }
    try {
      return Files.createTempDirectory(Path.of("/tmp"), "dns-agent-postgres-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory under /tmp", e);
    }
  }

  /** The newest {@code /usr/lib/postgresql/N/bin} holding initdb, else initdb on the PATH. */
  static Path binDirectory() {
    Path base = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(base)) {
      try (Stream<Path> versions = Files.list(base)) {
        Optional<Path> newest =
            versions
                .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                .filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                .max(Comparator.comparingInt(PostgresServer::version));
        if (newest.isPresent()) {
          return newest.get().resolve("bin");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path initdb = RequiredBinaries.require("initdb", "postgresql");
    try {
      return initdb.toRealPath().getParent();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int version(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Under root, {@code setpriv} to the postgres user; otherwise the command as is. */
  private List<String> asOwner(List<String> command) {
    if (!ServerProcess.isRoot()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>();
    wrapped.add(RequiredBinaries.require("setpriv", "util-linux").toString());
    wrapped.add("--reuid=postgres");
    wrapped.add("--regid=postgres");
    wrapped.add("--clear-groups");
    wrapped.addAll(command);
    return wrapped;
  }

  private void initdb() {
    try {
      Path pwfile = directory().resolve("pwfile");
      Files.writeString(pwfile, password + "\n");
      if (ServerProcess.isRoot()) {
        UserPrincipal owner;
        try {
          owner =
              directory()
                  .getFileSystem()
                  .getUserPrincipalLookupService()
                  .lookupPrincipalByName("postgres");
        } catch (IOException e) {
          String message =
              "no 'postgres' user to run PostgreSQL as (install the Debian package 'postgresql')";
          if (RequiredBinaries.inCi()) {
            Assertions.fail("CI=true and " + message);
          }
          Assumptions.abort(message);
          throw new IllegalStateException("unreachable");
        }
        Files.setOwner(directory(), owner);
        Files.setOwner(pwfile, owner);
        Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    NamedServer.RndcOutput out =
        Processes.run(
            asOwner(
                List.of(
                    bin.resolve("initdb").toString(),
                    "-D",
                    directory().resolve("data").toString(),
                    "-U",
                    "postgres",
                    "--pwfile=" + directory().resolve("pwfile"),
                    "--auth=scram-sha-256",
                    "--no-sync",
                    "--no-instructions",
                    "--encoding=UTF8",
                    "--locale=C")),
            Duration.ofSeconds(120));
    if (out.exitCode() != 0) {
      throw new IllegalStateException(
          "initdb failed (exit " + out.exitCode() + "):\n" + out.stdout() + out.stderr());
    }
  }

  @Override
  ServerProcess launch() {
    Path data = directory().resolve("data");
    List<String> command =
        asOwner(
            List.of(
                bin.resolve("postgres").toString(),
                "-D",
                data.toString(),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=" + directory(),
                "-c",
                "fsync=off",
                "-c",
                "shared_buffers=16MB",
                "-c",
                "max_connections=40"));
    Path log =
        Path.of(System.getProperty("java.io.tmpdir")).resolve(directory().getFileName() + ".log");
    return ServerProcess.start(
        "postgres",
        command,
        log,
        Duration.ofSeconds(60),
        () -> ready(data) && ReadinessProbes.tcpListens(port));
  }

  /** postmaster.pid's last line says {@code ready} once connections are accepted. */
  private static boolean ready(Path data) {
    try {
      List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
      return !lines.isEmpty() && lines.get(lines.size() - 1).trim().equals("ready");
    } catch (IOException e) {
      return false;
    }
  }
}
