// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import static org.dnsagent.testing.TestZones.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.testing.HostileNames;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.NsdServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * zone_mode = primary against a real nsd: zones created, updated and deleted, checked with DNS
 * queries. Subclasses choose the control channel and the transport.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NsdPrimaryContract {
  static final String CONF_ZONE =
      "$TTL 300\n@ SOA ns hostmaster 777 60 60 600 60\n@ NS ns\nns A 127.0.0.1\n";

  NsdServer nsd;
  Path state;
  Map<String, String> settings;
  ContentBackend backend;

  abstract NsdServer.Control control();

  /** {@code native} or {@code exec}. */
  abstract String transport();

  @BeforeAll
  void startNsd() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(tmp);
    state = Files.createTempDirectory(tmp, "nsd-agent-state-");
    nsd =
        NsdServer.builder()
            .control(control())
            .file("conf.zone", CONF_ZONE)
            .config(NsdTargets.primaryConfig(state))
            .start();
  }

  @AfterAll
  void stopNsd() throws IOException {
    if (nsd != null) {
      nsd.close();
    }
    try (Stream<Path> paths = Files.walk(state)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @BeforeEach
  void createBackend() throws BackendException {
    settings = NsdTargets.settings(nsd, transport(), state);
    Backend created = NsdTargets.backend(settings, ContractContext.in(state));
    backend = assertInstanceOf(ContentBackend.class, created);
    backend.start();
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  static ZoneContent zone(Name zone, long serial, String address) throws IOException {
    return ZoneContent.of(zone, Queries.records(zone, serial, address));
  }

  @Test
  void createdZoneIsServedWithItsSoaAndRecords() throws Exception {
    Name zone = name("created.example.");
    backend.createZone(zone(zone, 2024010101L, "192.0.2.1"));

    assertEquals(2024010101L, backend.findSoa(zone).orElseThrow().getSerial());
    assertEquals(
        Optional.of("192.0.2.1"),
        Queries.firstA(Queries.query(nsd.dnsAddress(), name("www.created.example."), Type.A)));
  }

  @Test
  void updateServesTheNewSerialAndDataWhenItReturns() throws Exception {
    Name zone = name("updated.example.");
    backend.createZone(zone(zone, 1, "192.0.2.1"));
    backend.updateZone(zone(zone, 2, "192.0.2.2"));

    assertEquals(2L, backend.findSoa(zone).orElseThrow().getSerial());
    assertEquals(
        Optional.of("192.0.2.2"),
        Queries.firstA(Queries.query(nsd.dnsAddress(), name("www.updated.example."), Type.A)));
  }

  /** NSD skips a zone file whose mtime equals the last load's: quick rewrites must not be lost. */
  @Test
  void updateRightAfterCreateIsNeverLost() throws Exception {
    for (int i = 0; i < 10; i++) {
      Name zone = name("quick" + i + ".example.");
      backend.createZone(zone(zone, 1, "192.0.2.1"));
      backend.updateZone(zone(zone, 2, "192.0.2.2"));
      assertEquals(2L, backend.findSoa(zone).orElseThrow().getSerial(), zone.toString());
    }
  }

  @Test
  void deletedZoneIsRefusedAndItsFileRemoved() throws Exception {
    Name zone = name("deleted.example.");
    backend.createZone(zone(zone, 1, "192.0.2.1"));
    Path file = zoneFile(zone);
    assertTrue(Files.exists(file));

    backend.deleteZone(zone);

    assertEquals(Rcode.REFUSED, awaitRcode(zone, Rcode.REFUSED));
    assertEquals(Optional.empty(), backend.findSoa(zone));
    assertFalse(Files.exists(file));
    assertFalse(
        Files.readString(nsd.zoneListFile()).contains("add deleted.example "),
        "marked deleted in zone.list");
  }

  @Test
  void deletingTwiceOrAZoneNeverCreatedSucceeds() throws Exception {
    Name zone = name("twice-deleted.example.");
    backend.createZone(zone(zone, 1, "192.0.2.1"));
    backend.deleteZone(zone);
    backend.deleteZone(zone);
    backend.deleteZone(name("never-created.example."));
    assertEquals(Optional.empty(), backend.findSoa(zone));
  }

  @Test
  void creatingTwiceSucceedsAndServesTheLatestContent() throws Exception {
    Name zone = name("twice-created.example.");
    backend.createZone(zone(zone, 5, "192.0.2.5"));
    backend.createZone(zone(zone, 6, "192.0.2.6"));

    assertEquals(6, backend.findSoa(zone).orElseThrow().getSerial());
    assertEquals(
        Optional.of("192.0.2.6"),
        Queries.firstA(
            Queries.query(nsd.dnsAddress(), name("www.twice-created.example."), Type.A)));
  }

  @Test
  void zoneConfiguredInNsdConfIsNeverOverwrittenUpdatedOrDeleted() throws Exception {
    Name zone = name("conf.example.");
    BackendException create =
        assertThrows(BackendException.class, () -> backend.createZone(zone(zone, 9, "192.0.2.9")));
    assertEquals(Kind.REJECTED, create.kind());
    assertTrue(create.getMessage().contains("nsd.conf"), create.getMessage());
    BackendException update =
        assertThrows(BackendException.class, () -> backend.updateZone(zone(zone, 9, "192.0.2.9")));
    assertEquals(Kind.REJECTED, update.kind());
    BackendException delete = assertThrows(BackendException.class, () -> backend.deleteZone(zone));
    assertEquals(Kind.REJECTED, delete.kind());

    SOARecord served = Queries.soa(Queries.query(nsd.dnsAddress(), zone, Type.SOA));
    assertEquals(777, served.getSerial(), "NSD still serves the operator's zone");
    assertEquals(Optional.empty(), backend.findSoa(zone), "not ours");
    assertFalse(Files.exists(zoneFile(zone)), "no stray file left for the rejected zone");
  }

  @Test
  void hostileZoneNamesAreRejectedBeforeAnyCommandOrFile() throws Exception {
    List<Path> before = listZoneFiles();
    for (Name hostile : HostileNames.all()) {
      ZoneContent content = HostileNames.content(hostile);
      assertEquals(Kind.REJECTED, kindOf(() -> backend.createZone(content)), hostile.toString());
      assertEquals(Kind.REJECTED, kindOf(() -> backend.updateZone(content)), hostile.toString());
      assertEquals(Kind.REJECTED, kindOf(() -> backend.deleteZone(hostile)), hostile.toString());
      assertEquals(Kind.REJECTED, kindOf(() -> backend.findSoa(hostile)), hostile.toString());
    }
    assertEquals(before, listZoneFiles(), "no file written for a hostile name");
  }

  private List<Path> listZoneFiles() throws IOException {
    try (Stream<Path> files = Files.list(state.resolve("zones"))) {
      return files.sorted().toList();
    }
  }

  @Test
  void inventoryListsOurZonesWithServedSerialsAndTheConfZoneAsUnmanaged() throws Exception {
    Name zone = name("inventoried.example.");
    backend.createZone(zone(zone, 42, "192.0.2.42"));
    ZoneInventory.Inventory inventory = ((ZoneInventory) backend).inventory();
    assertEquals(42L, inventory.served().get(zone));
    assertTrue(inventory.unmanaged().contains(name("conf.example.")), inventory.toString());
    assertFalse(inventory.served().containsKey(name("conf.example.")));
  }

  @Test
  void zonesSurviveAnNsdRestartAndTheBackendCarriesOn() throws Exception {
    Name before = name("before-restart.example.");
    backend.createZone(zone(before, 1, "192.0.2.1"));
    nsd.restart();
    assertEquals(1, awaitSerial(before, 1), "added zones come back from zone.list");
    Name after = name("after-restart.example.");
    backend.createZone(zone(after, 1, "192.0.2.1"));
    assertEquals(1, backend.findSoa(after).orElseThrow().getSerial());
    backend.updateZone(zone(before, 2, "192.0.2.2"));
    assertEquals(2, backend.findSoa(before).orElseThrow().getSerial());
  }

  @Test
  void healthIsOkWhileNsdAnswers() {
    assertTrue(backend.checkHealth().healthy(), backend.checkHealth().detail());
  }

  @Test
  void hundredConcurrentCreatesAreBatchedAndAllServed() throws Exception {
    List<Name> zones = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      zones.add(name(String.format("z%03d.hundred.example.", i)));
    }
    Queries.inParallel(zones, 16, z -> backend.createZone(zone(z, 100, "192.0.2.100")));
    for (Name z : zones) {
      assertEquals(100, Queries.soa(Queries.query(nsd.dnsAddress(), z, Type.SOA)).getSerial());
    }
    Queries.inParallel(zones, 16, backend::deleteZone);
    for (Name z : zones) {
      assertEquals(Rcode.REFUSED, awaitRcode(z, Rcode.REFUSED), z.toString());
    }
  }

  int awaitRcode(Name zone, int rcode) throws Exception {
    return BoundedWaits.awaitRcode(nsd.dnsAddress(), zone, rcode);
  }

  long awaitSerial(Name zone, long serial) throws Exception {
    return BoundedWaits.awaitSerial(backend, zone, serial, Duration.ofSeconds(15));
  }

  Path zoneFile(Name zone) {
    return ZoneFiles.pathFor(state.resolve("zones"), zone, ".zone");
  }

  interface Attempt {
    void run() throws Exception;
  }

  static Kind kindOf(Attempt attempt) {
    try {
      attempt.run();
      return null;
    } catch (BackendException e) {
      return e.kind();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
