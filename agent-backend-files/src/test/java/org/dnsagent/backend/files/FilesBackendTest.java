// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

class FilesBackendTest {
  @TempDir Path dir;

  private final List<List<String>> commands = new ArrayList<>();

  private FilesBackend backend(Map<String, String> options) throws BackendException {
    BackendFactory factory =
        ServiceLoader.load(BackendFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.name().equals("files"))
            .findFirst()
            .orElseThrow();
    FilesBackend b =
        (FilesBackend)
            factory.create(new BackendSettings("backend:agent:files", options), context());
    b.start();
    return b;
  }

  private BackendContext context() {
    CommandRunner runner =
        (command, timeout) -> {
          commands.add(command);
          return new CommandResult(command.contains("fail") ? 3 : 0, "", "no luck");
        };
    return new BackendContext() {
      @Override
      public String targetName() {
        return "default";
      }

      @Override
      public Path stateDirectory() {
        return dir;
      }

      @Override
      public List<MasterServer> masters() {
        return List.of();
      }

      @Override
      public CommandRunner commandRunner() {
        return runner;
      }
    };
  }

  @Test
  void defaultZoneFilePathIsUnderTheStateDirectory() throws Exception {
    FilesBackend b = backend(Map.of());
    Name zone = TestZones.name("life.test.");
    b.createZone(ZoneContent.of(zone, TestZones.records(zone, 10, 5)));
    assertTrue(
        Files.exists(dir.resolve("zones/life.test.zone")),
        "default zone_file_path is $state_path/zones");
    assertEquals(TestZones.records(zone, 10, 5), read(dir.resolve("zones/life.test.zone"), zone));
  }

  @Test
  void incrementalChangesAreAppliedToTheFile() throws Exception {
    FilesBackend b = backend(Map.of("zone_file_path", dir.resolve("z").toString()));
    Name zone = TestZones.name("ixfr.test.");
    List<Record> v1 = TestZones.records(zone, 1, 3);
    List<Record> v2 = TestZones.records(zone, 2, 4);
    b.createZone(ZoneContent.of(zone, v1));
    List<Record> deletions =
        v1.subList(1, v1.size()).stream().filter(r -> !v2.contains(r)).toList();
    List<Record> additions =
        v2.subList(1, v2.size()).stream().filter(r -> !v1.contains(r)).toList();
    b.applyChanges(
        new ZoneChanges(
            zone, TestZones.soa(zone, 1), TestZones.soa(zone, 2), deletions, additions));
    assertEquals(2, b.findSoa(zone).orElseThrow().getSerial());
    assertEquals(
        new java.util.HashSet<>(v2),
        new java.util.HashSet<>(read(dir.resolve("z/ixfr.test.zone"), zone)));
    BackendException stale =
        assertThrows(
            BackendException.class,
            () ->
                b.applyChanges(
                    new ZoneChanges(
                        zone,
                        TestZones.soa(zone, 1),
                        TestZones.soa(zone, 3),
                        List.of(),
                        List.of())));
    assertEquals(BackendException.Kind.REJECTED, stale.kind());
  }

  @Test
  void reloadCommandGetsTheZoneAsAnArgumentNotThroughAShell() throws Exception {
    FilesBackend b = backend(Map.of("reload_command", "/usr/sbin/reloader --zone {zone} now"));
    Name zone = TestZones.name("r.test.");
    b.createZone(ZoneContent.of(zone, TestZones.records(zone, 1, 1)));
    assertEquals(List.of(List.of("/usr/sbin/reloader", "--zone", "r.test", "now")), commands);
    FilesBackend appended = backend(Map.of("reload_command", "reload-it"));
    appended.deleteZone(zone);
    assertEquals(List.of("reload-it", "r.test"), commands.get(1));
  }

  @Test
  void failingReloadIsAnError() throws Exception {
    FilesBackend b = backend(Map.of("reload_command", "fail"));
    Name zone = TestZones.name("f.test.");
    BackendException e =
        assertThrows(
            BackendException.class,
            () -> b.createZone(ZoneContent.of(zone, TestZones.records(zone, 1, 1))));
    assertTrue(e.getMessage().contains("exited 3"), e.getMessage());
  }

  @Test
  void hostileNamesNeverBecomePaths() throws Exception {
    FilesBackend b = backend(Map.of());
    Name hostile = Name.fromString("\\.\\.\\/\\.\\.\\/etc.example.");
    BackendException e = assertThrows(BackendException.class, () -> b.findSoa(hostile));
    assertEquals(BackendException.Kind.REJECTED, e.kind());
    try (Stream<Path> files = Files.walk(dir)) {
      assertFalse(files.anyMatch(p -> p.toString().contains("etc")));
    }
  }

  @Test
  void zoneFilePathThatIsAFileStopsStart() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    BackendException e =
        assertThrows(
            BackendException.class, () -> backend(Map.of("zone_file_path", file.toString())));
    assertEquals(BackendException.Kind.MISCONFIGURED, e.kind());
  }

  @Test
  void badReloadTimeoutIsAConfigError() {
    assertThrows(
        org.dnsagent.spi.ConfigException.class, () -> backend(Map.of("reload_timeout", "0")));
  }

  private static List<Record> read(Path file, Name zone) throws Exception {
    List<Record> out = new ArrayList<>();
    try (RecordReader r = org.dnsagent.spi.ZoneFiles.openReader(file, zone)) {
      for (Record x = r.next(); x != null; x = r.next()) {
        out.add(x);
      }
    }
    return out;
  }
}
