// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static org.dnsagent.backend.knot.TestZones.firstA;
import static org.dnsagent.backend.knot.TestZones.name;
import static org.dnsagent.backend.knot.TestZones.query;
import static org.dnsagent.backend.knot.TestZones.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.testing.servers.KnotServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The primary-mode contract on a real knotd: zones created, updated and deleted, checked with real
 * DNS queries and knotd's own configuration. Subclasses choose the transport.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KnotPrimaryContract {
  static final String CONF_ZONE =
      "$TTL 300\n@ SOA ns hostmaster 777 60 60 600 60\n@ NS ns\nns A 127.0.0.1\n";

  KnotServer knot;
  @TempDir Path state;
  Map<String, String> settings;
  KnotPrimaryBackend backend;

  /** {@code native} or {@code exec}. */
  abstract String transport();

  @BeforeAll
  void startKnot() {
    knot =
        KnotServer.builder()
            .file("conf.zone", CONF_ZONE)
            .config("zone:\n  - domain: conf.example\n    file: \"$DIR/conf.zone\"\n")
            .start();
  }

  @AfterAll
  void stopKnot() {
    if (knot != null) {
      knot.close();
    }
  }

  @BeforeEach
  void createBackend() throws BackendException {
    settings = KnotTargets.settings(knot, transport(), "primary");
    backend = (KnotPrimaryBackend) KnotTargets.backend(settings, TestContext.in(state));
    backend.start();
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  @Test
  void createdZoneIsServedWithItsSoaAndRecords() throws Exception {
    Name zone = name("created.example.");
    backend.createZone(zone(zone, 2024010101L, "192.0.2.1"));

    assertEquals(2024010101L, backend.findSoa(zone).orElseThrow().getSerial());
    Message www = query(knot.dnsAddress(), name("www.created.example."), Type.A);
    assertEquals(Rcode.NOERROR, www.getRcode());
    assertEquals(Optional.of("192.0.2.1"), firstA(www));
    assertTrue(Files.exists(zoneFile(zone)));
    assertTrue(
        knot.knotc("conf-read", "zone[created.example.].file")
            .stdout()
            .contains(zoneFile(zone).toString()));
  }

  @Test
  void updateServesTheNewSerialAndDataWhenItReturns() throws Exception {
    Name zone = name("updated.example.");
    backend.createZone(zone(zone, 1, "192.0.2.1"));
    for (int serial = 2; serial <= 6; serial++) {
      backend.updateZone(zone(zone, serial, "192.0.2." + serial));
      assertEquals(serial, backend.findSoa(zone).orElseThrow().getSerial());
      assertEquals(
          Optional.of("192.0.2." + serial),
          firstA(query(knot.dnsAddress(), name("www.updated.example."), Type.A)));
    }
  }

  @Test
  void deleteLeavesNothingBehind() throws Exception {
    Name zone = name("deleted.example.");
    backend.createZone(zone(zone, 1, "192.0.2.1"));
    backend.deleteZone(zone);

    assertEquals(Rcode.REFUSED, query(knot.dnsAddress(), zone, Type.SOA).getRcode());
    assertEquals(Optional.empty(), backend.findSoa(zone));
    assertFalse(Files.exists(zoneFile(zone)), "zone file removed");
    assertNotEquals(0, knot.knotc("conf-read", "zone[deleted.example.]").exitCode());
    assertNotEquals(0, knot.knotc("zone-status", "deleted.example.").exitCode());
    // Nothing comes back: no bootstrap, no reload from a left-over file.
    Thread.sleep(300);
    assertEquals(Rcode.REFUSED, query(knot.dnsAddress(), zone, Type.SOA).getRcode());
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
  void creatingAgainAfterDeleteServesTheNewContent() throws Exception {
    Name zone = name("again.example.");
    backend.createZone(zone(zone, 10, "192.0.2.10"));
    backend.deleteZone(zone);
    backend.createZone(zone(zone, 3, "192.0.2.3"));
    assertEquals(3, backend.findSoa(zone).orElseThrow().getSerial());
  }

  @Test
  void creatingTwiceSucceedsAndServesTheLatestContent() throws Exception {
    Name zone = name("twice-created.example.");
    backend.createZone(zone(zone, 5, "192.0.2.5"));
    backend.createZone(zone(zone, 6, "192.0.2.6"));

    assertEquals(6, backend.findSoa(zone).orElseThrow().getSerial());
    assertEquals(
        Optional.of("192.0.2.6"),
        firstA(query(knot.dnsAddress(), name("www.twice-created.example."), Type.A)));
  }

  @Test
  void zoneConfiguredByHandIsNeverOverwrittenUpdatedOrDeleted() throws Exception {
    Name zone = name("conf.example.");
    BackendException create =
        assertThrows(BackendException.class, () -> backend.createZone(zone(zone, 9, "192.0.2.9")));
    assertEquals(Kind.REJECTED, create.kind());
    BackendException update =
        assertThrows(BackendException.class, () -> backend.updateZone(zone(zone, 9, "192.0.2.9")));
    assertEquals(Kind.REJECTED, update.kind());
    BackendException delete = assertThrows(BackendException.class, () -> backend.deleteZone(zone));
    assertEquals(Kind.REJECTED, delete.kind());

    Message soa = query(knot.dnsAddress(), zone, Type.SOA);
    assertEquals(Rcode.NOERROR, soa.getRcode(), "knotd still serves it");
    assertEquals(777, ((SOARecord) soa.getSection(1).get(0)).getSerial());
    assertEquals(Optional.empty(), backend.findSoa(zone), "not ours: never 'already served'");
    assertFalse(Files.exists(zoneFile(zone)), "no stray file for the rejected zone");
  }

  @Test
  void hostileZoneNamesAreRejectedBeforeAnyControlCommand() throws Exception {
    KnotConfig config = KnotTargets.config(settings, TestContext.in(state));
    KnotTargets.RecordingControl recording =
        new KnotTargets.RecordingControl(KnotBackendFactory.control(config, TestContext.in(state)));
    try (KnotPrimaryBackend guarded =
        new KnotPrimaryBackend(config, recording, TestContext.in(state).host())) {
      for (Name hostile : HostileNames.all()) {
        for (Kind kind :
            List.of(
                kindOf(() -> guarded.createZone(HostileNames.content(hostile))),
                kindOf(() -> guarded.updateZone(HostileNames.content(hostile))),
                kindOf(() -> guarded.deleteZone(hostile)),
                kindOf(() -> guarded.findSoa(hostile)))) {
          assertEquals(Kind.REJECTED, kind, "for " + hostile);
        }
      }
    }
    assertEquals(List.of(), recording.requests());
    try (Stream<Path> files = Files.walk(state)) {
      assertEquals(List.of(), files.filter(Files::isRegularFile).toList());
    }
  }

  /** Creates and deletes from many threads at once go in shared transactions, all or nothing. */
  @Test
  void hundredConcurrentCreatesAreServedThenRefusedAfterConcurrentDeletes() throws Exception {
    List<Name> zones = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      zones.add(name(String.format("z%03d.hundred.example.", i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < zones.size(); i++) {
        Name zone = zones.get(i);
        int n = i;
        done.add(
            pool.submit(
                () -> {
                  backend.createZone(zone(zone, 1000 + n, "192.0.2." + (n + 1)));
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      for (int i = 0; i < zones.size(); i++) {
        Message soa = query(knot.dnsAddress(), zones.get(i), Type.SOA);
        assertEquals(Rcode.NOERROR, soa.getRcode(), zones.get(i).toString());
        assertEquals(1000 + i, ((SOARecord) soa.getSection(1).get(0)).getSerial());
        assertEquals(
            Optional.of("192.0.2." + (i + 1)),
            firstA(query(knot.dnsAddress(), new Name("www", zones.get(i)), Type.A)));
      }
      ZoneInventory.Inventory inventory = backend.inventory();
      for (int i = 0; i < zones.size(); i++) {
        assertEquals(1000L + i, inventory.served().get(zones.get(i)), zones.get(i).toString());
      }
      done.clear();
      for (Name zone : zones) {
        done.add(
            pool.submit(
                () -> {
                  backend.deleteZone(zone);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (Name zone : zones) {
      assertEquals(Rcode.REFUSED, query(knot.dnsAddress(), zone, Type.SOA).getRcode());
      assertFalse(Files.exists(zoneFile(zone)));
    }
  }

  @Test
  void inventoryTellsOurServedSerialsFromZonesConfiguredByHand() throws Exception {
    Name zone = name("inventoried.example.");
    backend.createZone(zone(zone, 42, "192.0.2.42"));
    ZoneInventory.Inventory inventory = backend.inventory();
    assertEquals(42L, inventory.served().get(zone));
    assertTrue(inventory.unmanaged().contains(name("conf.example.")), inventory.toString());
    assertFalse(inventory.served().containsKey(name("conf.example.")));
  }

  /**
   * A failing item half way through a transaction: the others commit, the failed zone not at all.
   */
  @Test
  void aTransactionFailingHalfWayLeavesNoPartialZone() throws Exception {
    Name good1 = name("good1.txn.example.");
    Name bad = name("bad.txn.example.");
    Name good2 = name("good2.txn.example.");
    List<CtlUnit> badItems = new ArrayList<>(backend.zoneItems(bad));
    CtlUnit base = CtlUnit.of().with(CtlItem.SECTION, "zone").with(CtlItem.ID, KnotBackend.id(bad));
    // the zone itself and its file are fine; the master names a remote knotd does not have
    badItems.add(base.with(CtlItem.ITEM, "master").with(CtlItem.DATA, "no-such-remote"));
    List<BackendException> outcomes =
        backend.transactions.apply(
            List.of(
                ConfTransactions.Change.set("zone good1", backend.zoneItems(good1)),
                ConfTransactions.Change.set("zone bad", badItems),
                ConfTransactions.Change.set("zone good2", backend.zoneItems(good2))));
    assertNull(outcomes.get(0));
    assertEquals(Kind.REJECTED, outcomes.get(1).kind(), String.valueOf(outcomes.get(1)));
    assertNull(outcomes.get(2));
    assertNotEquals(0, knot.knotc("conf-read", "zone[bad.txn.example.]").exitCode());
    assertEquals(0, knot.knotc("conf-read", "zone[good1.txn.example.]").exitCode());
    assertEquals(0, knot.knotc("conf-read", "zone[good2.txn.example.]").exitCode());
    assertEquals(0, knot.knotc("conf-begin").exitCode(), "no transaction left open");
    knot.knotc("conf-abort");
    backend.deleteZone(good1);
    backend.deleteZone(good2);
  }

  @Test
  void aTransactionLeftOpenIsAbortedAtStart() throws Exception {
    assertEquals(0, knot.knotc("conf-begin").exitCode());
    assertEquals(0, knot.knotc("conf-set", "zone[leftover.example.]").exitCode());
    try (KnotPrimaryBackend fresh =
        (KnotPrimaryBackend) KnotTargets.backend(settings, TestContext.in(state))) {
      fresh.start();
      Name zone = name("after-leftover.example.");
      fresh.createZone(zone(zone, 1, "192.0.2.1"));
      assertEquals(1, fresh.findSoa(zone).orElseThrow().getSerial());
    }
    assertNotEquals(0, knot.knotc("conf-read", "zone[leftover.example.]").exitCode());
  }

  @Test
  void zonesAndDataSurviveARestartOfKnotd() throws Exception {
    Name zone = name("survivor.example.");
    backend.createZone(zone(zone, 7, "192.0.2.7"));
    knot.restart();
    assertEquals(7, awaitSerial(zone, 7));
    assertEquals(
        Optional.of("192.0.2.7"),
        firstA(query(knot.dnsAddress(), name("www.survivor.example."), Type.A)));
    backend.updateZone(zone(zone, 8, "192.0.2.8"));
    assertEquals(8, backend.findSoa(zone).orElseThrow().getSerial());
  }

  @Test
  void aFreshBackendAdoptsTheZonesItsPredecessorAdded() throws Exception {
    Name zone = name("adopted.example.");
    backend.createZone(zone(zone, 3, "192.0.2.3"));
    try (KnotPrimaryBackend fresh =
        (KnotPrimaryBackend) KnotTargets.backend(settings, TestContext.in(state))) {
      fresh.start();
      assertEquals(3, fresh.findSoa(zone).orElseThrow().getSerial());
      fresh.updateZone(zone(zone, 4, "192.0.2.4"));
      assertEquals(4, fresh.findSoa(zone).orElseThrow().getSerial());
    }
  }

  @Test
  void startRefusesAMissingTemplate() {
    Map<String, String> values = new java.util.LinkedHashMap<>(settings);
    values.put("template", "no-such-template");
    try (var other = KnotTargets.backend(values, TestContext.in(state))) {
      BackendException e = assertThrows(BackendException.class, other::start);
      assertEquals(Kind.MISCONFIGURED, e.kind());
      assertTrue(e.getMessage().contains("no-such-template"), e.getMessage());
    }
  }

  @Test
  void startRefusesAZoneDirectoryItCannotWrite() {
    Map<String, String> values = new java.util.LinkedHashMap<>(settings);
    values.put("zone_file_path", "/dev/null/zones");
    try (var other = KnotTargets.backend(values, TestContext.in(state))) {
      BackendException e = assertThrows(BackendException.class, other::start);
      assertEquals(Kind.MISCONFIGURED, e.kind());
      assertTrue(e.getMessage().contains("zone_file_path"), e.getMessage());
    }
  }

  @Test
  void healthIsOkWhileKnotdAnswers() {
    assertTrue(backend.checkHealth().healthy(), backend.checkHealth().detail());
  }

  long awaitSerial(Name zone, long serial) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    long seen = -1;
    while (System.nanoTime() < deadline) {
      seen = backend.findSoa(zone).map(SOARecord::getSerial).orElse(-1L);
      if (seen == serial) {
        return seen;
      }
      Thread.sleep(20);
    }
    return seen;
  }

  Path zoneFile(Name zone) {
    return ZoneFiles.pathFor(state.resolve("zones"), zone, ".zone");
  }

  private interface Attempt {
    void run() throws BackendException;
  }

  private static Kind kindOf(Attempt attempt) {
    try {
      attempt.run();
      return null;
    } catch (BackendException e) {
      return e.kind();
    }
  }
}
