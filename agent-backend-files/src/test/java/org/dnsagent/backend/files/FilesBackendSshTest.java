// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.ProcessCommandRunner;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.ssh.SshHostAccess;
import org.dnsagent.ssh.SshSettings;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.SshdServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The files backend with its zone directory and reload command on a "remote" host reached over SSH
 * (a real sshd on loopback; the remote host is this one, so the test checks the files directly).
 */
class FilesBackendSshTest {
  private static SshdServer sshd;
  private static SshHostAccess host;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    sshd = SshdServer.start();
    BackendSettings ssh = new BackendSettings("backend:agent:files", sshd.backendOptions());
    host = new SshHostAccess(SshSettings.from(ssh).orElseThrow(), ssh.section());
  }

  @AfterAll
  static void stopServer() {
    if (host != null) {
      host.close();
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  private FilesBackend backend(Map<String, String> extra) throws BackendException {
    Map<String, String> options = new LinkedHashMap<>(sshd.backendOptions());
    options.putAll(extra);
    FilesBackend b =
        (FilesBackend)
            new FilesBackendFactory()
                .create(new BackendSettings("backend:agent:files", options), context(host));
    b.start();
    return b;
  }

  private BackendContext context(HostAccess remote) {
    CommandRunner local = new ProcessCommandRunner(2);
    return new BackendContext() {
      @Override
      public String targetName() {
        return "default";
      }

      @Override
      public Path stateDirectory() {
        return dir.resolve("state");
      }

      @Override
      public List<MasterServer> masters() {
        return List.of();
      }

      @Override
      public CommandRunner commandRunner() {
        return local;
      }

      @Override
      public HostAccess host() {
        return remote;
      }
    };
  }

  @Test
  void zonesLiveInTheRemoteDirectoryAndTheReloadCommandRunsThere() throws Exception {
    Path zones = dir.resolve("remote/zones");
    Path log = dir.resolve("reloads.log");
    Path script = dir.resolve("reload.sh");
    Files.writeString(script, "#!/bin/sh\nprintf '%s|%s\\n' \"$1\" \"$2\" >> " + log + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    FilesBackend b =
        backend(
            Map.of(
                "zone_file_path",
                zones.toString(),
                "reload_command",
                script + " {zone} $(touch${IFS}" + dir.resolve("pwned") + ")"));
    Name zone = TestZones.name("Remote.Example.");
    b.createZone(ZoneContent.of(zone, TestZones.records(zone, 10, 5)));
    Path file = zones.resolve("remote.example.zone");
    assertTrue(Files.exists(file), "zone file written by SFTP into zone_file_path");
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(10, b.findSoa(zone).orElseThrow().getSerial());

    b.updateZone(ZoneContent.of(zone, TestZones.records(zone, 11, 7)));
    assertEquals(11, b.findSoa(zone).orElseThrow().getSerial());

    List<Record> v2 = TestZones.records(zone, 11, 7);
    List<Record> v3 = TestZones.records(zone, 12, 9);
    b.applyChanges(
        new ZoneChanges(
            zone,
            TestZones.soa(zone, 11),
            TestZones.soa(zone, 12),
            v2.subList(1, v2.size()).stream().filter(r -> !v3.contains(r)).toList(),
            v3.subList(1, v3.size()).stream().filter(r -> !v2.contains(r)).toList()));
    assertEquals(12, b.findSoa(zone).orElseThrow().getSerial());
    assertEquals(new HashSet<>(v3), new HashSet<>(readZone(file, zone)));

    assertEquals(Set.of(zone), b.inventory().served().keySet());
    b.deleteZone(TestZones.name("remote.example."));
    assertTrue(b.findSoa(zone).isEmpty());
    b.deleteZone(zone); // absent: fine
    assertTrue(b.inventory().served().isEmpty());
    try (var left = Files.list(zones)) {
      assertEquals(List.of(), left.toList(), "no file left behind, no temporary either");
    }

    String expectedLine =
        ("remote.example|$(touch${IFS}" + dir.resolve("pwned") + ")")
            .toLowerCase(java.util.Locale.ROOT);
    List<String> reloads = Files.readAllLines(log);
    assertEquals(4, reloads.size(), reloads.toString()); // create, update, changes, delete
    reloads.forEach(line -> assertEquals(expectedLine, line.toLowerCase(java.util.Locale.ROOT)));
    assertTrue(!Files.exists(dir.resolve("pwned")), "an argument reached a shell");
    assertTrue(b.checkHealth().healthy(), b.checkHealth().toString());
  }

  @Test
  void aFailedReloadTakesANewZoneBack() throws Exception {
    Path zones = dir.resolve("z");
    FilesBackend b =
        backend(Map.of("zone_file_path", zones.toString(), "reload_command", "/bin/false"));
    Name zone = TestZones.name("back.example.");
    BackendException e =
        assertThrows(
            BackendException.class,
            () -> b.createZone(ZoneContent.of(zone, TestZones.records(zone, 1, 1))));
    assertEquals(BackendException.Kind.UNAVAILABLE, e.kind());
    assertTrue(b.findSoa(zone).isEmpty());
  }

  @Test
  void anUnwritableDirectoryIsReportedAtStart() throws Exception {
    Path blocker = Files.writeString(dir.resolve("file"), "x");
    BackendException e =
        assertThrows(
            BackendException.class,
            () -> backend(Map.of("zone_file_path", blocker.resolve("zones").toString())));
    assertEquals(BackendException.Kind.MISCONFIGURED, e.kind());
    assertTrue(e.getMessage().contains("zone_file_path"), e.getMessage());
    assertTrue(e.getMessage().contains("ssh "), e.getMessage());
  }

  private static List<Record> readZone(Path file, Name zone) throws Exception {
    try (var reader = org.dnsagent.spi.ZoneFiles.openReader(file, zone)) {
      List<Record> records = new java.util.ArrayList<>();
      for (Record r = reader.next(); r != null; r = reader.next()) {
        records.add(r);
      }
      return records;
    }
  }
}
