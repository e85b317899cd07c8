// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dnsagent.client.AgentClient;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.RequiredBinaries;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * The .deb that {@code mvn package} builds (agent-dist/target/dns-agent.deb), installed with dpkg
 * on this machine: user, group, directories and modes, the conffile is the sample, check-config
 * passes, the installed agent runs as user dns-agent and answers a CREATE on loopback with the
 * files backend; remove keeps the state, purge removes everything. Needs root (or passwordless
 * sudo) and dpkg; skipped without them outside CI. Always purges what it installed.
 */
class DebPackageTest {
  private static final Path DEB = Path.of("..", "agent-dist", "target", "dns-agent.deb");
  private static final Path SAMPLE = Path.of("..", "etc", "dns-agent.conf.sample");
  private static final Path UNIT = Path.of("..", "installers", "systemd", "dns-agent.service");
  private static final Path STATE = Path.of("/var/lib/dns-agent");
  private static final Path CONF = Path.of("/etc/dns-agent/dns-agent.conf");
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;

  private List<String> sudo = List.of();

  @Test
  void installsRunsAndPurgesCleanly() throws Exception {
    prerequisites();
    assertEquals(0, run("dpkg", "-i", DEB.toAbsolutePath().toString()).code(), "dpkg -i");
    try {
      installedAsSpecified();
      agentRunsFromTheInstalledFiles();
      Result remove = run("dpkg", "-r", "dns-agent");
      assertEquals(0, remove.code(), remove.output());
      assertTrue(Files.isDirectory(STATE), "remove keeps the state");
      assertTrue(run("getent", "passwd", "dns-agent").code() == 0, "remove keeps the user");
    } finally {
      Result purge = run("dpkg", "--purge", "dns-agent");
      assertEquals(0, purge.code(), purge.output());
    }
    for (Path gone :
        List.of(
            STATE,
            Path.of("/etc/dns-agent"),
            Path.of("/usr/share/dns-agent"),
            Path.of("/usr/bin/dns-agent"),
            Path.of("/lib/systemd/system/dns-agent.service"),
            Path.of("/etc/systemd/system/dns-agent.service.d"),
            Path.of("/usr/share/doc/dns-agent"))) {
      assertFalse(Files.exists(gone, LinkOption.NOFOLLOW_LINKS), gone + " removed by purge");
    }
    assertEquals(2, run("getent", "passwd", "dns-agent").code(), "user removed by purge");
    assertEquals(2, run("getent", "group", "dns-agent").code(), "group removed by purge");
  }

  private void prerequisites() throws Exception {
    boolean ci = RequiredBinaries.inCi();
    boolean root = "0".equals(new String(exec(List.of("id", "-u")).output()).strip());
    if (!root) {
      if (RequiredBinaries.find("sudo").isPresent()
          && exec(List.of("sudo", "-n", "true")).code() == 0) {
        sudo = List.of("sudo", "-n");
      } else {
        Assumptions.assumeTrue(ci, "needs root (or passwordless sudo) to install a .deb");
        throw new AssertionError("CI=true: the .deb test needs root or passwordless sudo");
      }
    }
    if (RequiredBinaries.find("dpkg").isEmpty()) {
      Assumptions.assumeTrue(ci, "no dpkg: not a Debian system");
    }
    RequiredBinaries.require("dpkg", "dpkg");
    if (!Files.exists(DEB)) {
      Assumptions.assumeTrue(ci, DEB + " not built (mvn package in agent-dist)");
      throw new AssertionError(DEB + " missing: agent-dist's package phase builds it");
    }
    Result status = run("dpkg-query", "-W", "-f=${Status}", "dns-agent");
    if (status.code() == 0 && status.output().contains("installed")) {
      Assumptions.assumeTrue(ci, "dns-agent is installed here already: not this test's to remove");
    }
  }

  private void installedAsSpecified() throws Exception {
    String passwd = run("getent", "passwd", "dns-agent").output().strip();
    String[] p = passwd.split(":");
    assertEquals(7, p.length, passwd);
    assertTrue(Integer.parseInt(p[2]) < 1000, "a system user: " + passwd);
    assertEquals("/var/lib/dns-agent", p[5], passwd);
    assertEquals("/usr/sbin/nologin", p[6], passwd);
    assertEquals(0, run("getent", "group", "dns-agent").code(), "group dns-agent");

    assertMode(STATE, "dns-agent dns-agent drwxr-x---");
    assertMode(Path.of("/etc/dns-agent"), "root dns-agent drwxr-x---");
    assertMode(CONF, "root dns-agent -rw-r-----");
    assertEquals(Files.readString(SAMPLE), read(CONF), "the conffile is the sample");
    assertTrue(
        run("dpkg-query", "--showformat=${Conffiles}", "-W", "dns-agent")
            .output()
            .contains("/etc/dns-agent/dns-agent.conf"),
        "registered as a conffile");
    assertEquals(
        Files.readString(UNIT), Files.readString(Path.of("/lib/systemd/system/dns-agent.service")));
    assertTrue(Files.isSymbolicLink(Path.of("/usr/bin/dns-agent")));
    assertTrue(Files.isExecutable(Path.of("/usr/bin/dns-agent")));
    boolean bindGroup = run("getent", "group", "bind").code() == 0;
    assertEquals(
        !bindGroup,
        Files.exists(Path.of("/etc/systemd/system/dns-agent.service.d/10-no-bind-group.conf")),
        "the drop-in emptying SupplementaryGroups exists exactly when there is no group bind");
    Optional<Path> analyze = RequiredBinaries.find("systemd-analyze");
    if (analyze.isPresent()) {
      Result verify =
          run(analyze.get().toString(), "verify", "/lib/systemd/system/dns-agent.service");
      assertEquals(0, verify.code(), verify.output());
    }

    Result check =
        asAgentUser("/usr/bin/dns-agent", "check-config", "--config-file", CONF.toString());
    assertEquals(0, check.code(), "check-config on the installed conffile: " + check.output());
  }

  /** The installed launcher and jars, as user dns-agent, state in /var/lib/dns-agent. */
  private void agentRunsFromTheInstalledFiles() throws Exception {
    Path zones = Files.createDirectories(dir.resolve("master"));
    Name zone = TestZones.name("deb.package.test.");
    TestZones.writeZoneFile(zones, zone, 42, 5);
    int port = FreePorts.tcpAndUdp();
    try (LocalMaster master =
        new LocalMaster(
            LocalMasterOptions.builder(zones)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .build())) {
      master.start();
      // Readable by user dns-agent: not under the test's private temporary directory.
      Path shared = Files.createTempDirectory(Path.of("/tmp"), "dns-agent-deb");
      Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path override = shared.resolve("test.conf");
      Files.writeString(
          override,
          "[service:agent]\nlisten = 127.0.0.1:"
              + port
              + "\nmasters = 127.0.0.1:"
              + master.port()
              + "\nadmin_socket = none\n");
      Files.setPosixFilePermissions(override, PosixFilePermissions.fromString("rw-r--r--"));
      Path log = dir.resolve("agent.log");
      List<String> command = new ArrayList<>(sudo);
      command.addAll(
          List.of(
              "setpriv",
              "--reuid=dns-agent",
              "--regid=dns-agent",
              "--init-groups",
              "--",
              "/usr/bin/dns-agent",
              "run",
              "--config-file",
              CONF.toString(),
              "--config-file",
              override.toString()));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      if (RequiredBinaries.find("java").isEmpty()) {
        pb.environment().put("JAVA", ProcessHandle.current().info().command().orElse("java"));
      }
      Process agent = pb.start();
      try {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.readString(log).contains("dns-agent ready on")) {
          assertTrue(agent.isAlive(), "the installed agent stopped:\n" + Files.readString(log));
          assertTrue(System.nanoTime() < deadline, "not ready:\n" + Files.readString(log));
          Thread.sleep(50);
        }
        AgentClient client =
            new AgentClient(
                new InetSocketAddress("127.0.0.1", port),
                Optional.empty(),
                Duration.ofSeconds(30),
                false);
        assertTrue(client.create(zone).succeeded(), "CREATE answered NOERROR");
        Path file = ZoneFiles.pathFor(STATE.resolve("zones"), zone, ".zone");
        Path copy = Files.writeString(dir.resolve("copy.zone"), read(file));
        assertEquals(42, ZoneFiles.readSoa(copy, zone).orElseThrow().getSerial());
        assertEquals(
            "dns-agent", run("stat", "-c", "%U", file.toString()).output().strip(), "its owner");
        agent.destroy(); // SIGTERM
        assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
      } finally {
        agent.destroyForcibly();
        agent.waitFor(10, TimeUnit.SECONDS);
        deleteTree(shared);
      }
    }
  }

  /** Owner, group and mode as {@code stat -c '%U %G %A'} prints them. */
  private void assertMode(Path path, String expected) throws Exception {
    Result stat = run("stat", "-c", "%U %G %A", path.toString());
    assertEquals(0, stat.code(), stat.output());
    assertEquals(expected, stat.output().strip(), path.toString());
  }

  /** A file only root (or the agent) may read. */
  private String read(Path file) throws Exception {
    Result cat = run("cat", file.toString());
    assertEquals(0, cat.code(), cat.output());
    return cat.output();
  }

  private Result asAgentUser(String... command) throws Exception {
    List<String> all =
        new ArrayList<>(
            List.of("setpriv", "--reuid=dns-agent", "--regid=dns-agent", "--init-groups", "--"));
    all.addAll(List.of(command));
    return run(all.toArray(String[]::new));
  }

  private record Result(int code, String output) {}

  /** Runs a command as root (through sudo -n when the test is not root). */
  private Result run(String... command) throws Exception {
    List<String> all = new ArrayList<>(sudo);
    all.addAll(List.of(command));
    return exec(all);
  }

  private static Result exec(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
