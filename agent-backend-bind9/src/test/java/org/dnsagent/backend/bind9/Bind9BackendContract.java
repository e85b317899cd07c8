// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.dnsagent.backend.bind9.TestZones.firstA;
import static org.dnsagent.backend.bind9.TestZones.name;
import static org.dnsagent.backend.bind9.TestZones.query;
import static org.dnsagent.backend.bind9.TestZones.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.testing.servers.NamedServer;
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
 * What every transport must give: zones created, updated and deleted on a real named, checked with
 * real DNS queries. Subclasses choose the transport.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Bind9BackendContract {
  static final String CONF_ZONE =
      "$TTL 300\n@ SOA ns hostmaster 777 60 60 600 60\n@ NS ns\nns A 127.0.0.1\n";

  NamedServer named;
  @TempDir Path state;
  Map<String, String> settings;
  Bind9Backend backend;

  /** {@code native} or {@code exec}. */
  abstract String transport();

  @BeforeAll
  void startNamed() {
    named =
        NamedServer.builder()
            .file("conf.zone", CONF_ZONE)
            .config("zone \"conf.example\" { type primary; file \"conf.zone\"; };")
            .start();
  }

  @AfterAll
  void stopNamed() {
    if (named != null) {
      named.close();
    }
  }

  @BeforeEach
  void createBackend() throws BackendException {
    settings = TestTargets.settings(named, transport());
    backend = TestTargets.backend(settings, TestContext.in(state));
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

    Optional<SOARecord> soa = backend.findSoa(zone);
    assertEquals(2024010101L, soa.orElseThrow().getSerial());
    Message www = query(named.dnsAddress(), name("www.created.example."), Type.A);
    assertEquals(Rcode.NOERROR, www.getRcode());
    assertEquals(Optional.of("192.0.2.1"), firstA(www));
  }

  /**
   * named loads a zone after answering {@code reload}; updateZone returns only once the new serial
   * is served, or a NOTIFY right after would find the old serial and transfer the zone again.
   */
  @Test
  void updateServesTheNewSerialAndData() throws Exception {
    Name zone = name("updated.example.");
    backend.createZone(zone(zone, 1, "192.0.2.1"));
    backend.updateZone(zone(zone, 2, "192.0.2.2"));

    assertEquals(2L, backend.findSoa(zone).orElseThrow().getSerial(), "served when update returns");
    assertEquals(
        Optional.of("192.0.2.2"),
        firstA(query(named.dnsAddress(), name("www.updated.example."), Type.A)));
  }

  /**
   * named skips a reload when the file looks no newer than its last load; a rewrite within the
   * kernel's coarse timestamp tick used to be lost this way (about 1 in 10 before the fix).
   */
  @Test
  void updateRightAfterCreateIsNeverLost() throws Exception {
    List<Name> zones = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Name zone = name("quick" + i + ".example.");
      zones.add(zone);
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

    assertEquals(Rcode.REFUSED, query(named.dnsAddress(), zone, Type.SOA).getRcode());
    assertEquals(Optional.empty(), backend.findSoa(zone));
    assertFalse(Files.exists(file));
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

    assertEquals(6, awaitSerial(zone, 6));
    assertEquals(
        Optional.of("192.0.2.6"),
        firstA(query(named.dnsAddress(), name("www.twice-created.example."), Type.A)));
  }

  @Test
  void zoneConfiguredInNamedConfIsNeverOverwrittenUpdatedOrDeleted() throws Exception {
    Name zone = name("conf.example.");
    BackendException create =
        assertThrows(BackendException.class, () -> backend.createZone(zone(zone, 9, "192.0.2.9")));
    assertEquals(Kind.REJECTED, create.kind());
    assertTrue(create.getMessage().contains("conf.zone"), create.getMessage());
    BackendException update =
        assertThrows(BackendException.class, () -> backend.updateZone(zone(zone, 9, "192.0.2.9")));
    assertEquals(Kind.REJECTED, update.kind());
    BackendException delete = assertThrows(BackendException.class, () -> backend.deleteZone(zone));
    assertEquals(Kind.REJECTED, delete.kind());

    assertEquals(
        Rcode.NOERROR, query(named.dnsAddress(), zone, Type.SOA).getRcode(), "named serves it");
    assertEquals(
        Optional.empty(),
        backend.findSoa(zone),
        "not ours: the agent must not answer a CREATE for it as already served");
    assertFalse(Files.exists(zoneFile(zone)), "no stray file left for the rejected zone");
  }

  @Test
  void hostileZoneNamesAreRejectedBeforeAnyControlCommand() throws Exception {
    TestTargets.RecordingTransport recording =
        new TestTargets.RecordingTransport(
            Bind9BackendFactory.transport(
                TestTargets.config(settings, TestContext.in(state)), TestContext.in(state)));
    Bind9Config config = TestTargets.config(settings, TestContext.in(state));
    try (Bind9Backend guarded = new Bind9Backend(config, recording, List.of())) {
      for (Name hostile : HostileNames.all()) {
        for (Kind kind : attemptEverything(guarded, hostile)) {
          assertEquals(Kind.REJECTED, kind, "for " + hostile);
        }
      }
    }
    assertEquals(List.of(), recording.commands());
    try (Stream<Path> files = Files.walk(state)) {
      assertEquals(List.of(), files.filter(Files::isRegularFile).toList());
    }
  }

  @Test
  void hundredZonesAreEachServedThenRefusedAfterDelete() throws Exception {
    List<Name> zones = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Name zone = name(String.format("z%03d.hundred.example.", i));
      zones.add(zone);
      backend.createZone(zone(zone, 1000 + i, "192.0.2." + (i + 1)));
    }
    for (int i = 0; i < zones.size(); i++) {
      Name zone = zones.get(i);
      Message soa = query(named.dnsAddress(), zone, Type.SOA);
      assertEquals(Rcode.NOERROR, soa.getRcode(), zone.toString());
      assertEquals(1000 + i, ((SOARecord) soa.getSection(1).get(0)).getSerial());
      Message www = query(named.dnsAddress(), new Name("www", zone), Type.A);
      assertEquals(Optional.of("192.0.2." + (i + 1)), firstA(www), zone.toString());
    }
    for (Name zone : zones) {
      backend.deleteZone(zone);
    }
    for (Name zone : zones) {
      assertEquals(Rcode.REFUSED, query(named.dnsAddress(), zone, Type.SOA).getRcode());
    }
  }

  /**
   * A restarted agent (whose state was lost) recognises the zones it had added, without showzone.
   */
  @Test
  void aFreshBackendAdoptsTheZonesItsPredecessorAdded() throws Exception {
    Name zone = name("adopted.example.");
    backend.createZone(zone(zone, 3, "192.0.2.3"));
    try (Bind9Backend fresh = TestTargets.backend(settings, TestContext.in(state))) {
      fresh.start();
      assertEquals(3, fresh.findSoa(zone).orElseThrow().getSerial());
      fresh.updateZone(zone(zone, 4, "192.0.2.4"));
      assertEquals(4, fresh.findSoa(zone).orElseThrow().getSerial());
    }
  }

  @Test
  void reconnectsAfterNamedRestarts() throws Exception {
    Name before = name("before-restart.example.");
    backend.createZone(zone(before, 1, "192.0.2.1"));
    named.restart();
    Name after = name("after-restart.example.");
    backend.createZone(zone(after, 1, "192.0.2.1"));

    assertEquals(1, backend.findSoa(after).orElseThrow().getSerial());
    assertEquals(1, backend.findSoa(before).orElseThrow().getSerial(), "added zones persist");
  }

  @Test
  void healthIsOkWhileNamedAnswers() {
    assertTrue(backend.checkHealth().healthy(), backend.checkHealth().detail());
  }

  /** Polls (bounded) until named serves {@code serial}: reload is asynchronous in named. */
  long awaitSerial(Name zone, long serial) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    long seen = -1;
    while (System.nanoTime() < deadline) {
      Optional<SOARecord> soa = backend.findSoa(zone);
      seen = soa.map(SOARecord::getSerial).orElse(-1L);
      if (seen == serial) {
        return seen;
      }
      Thread.sleep(20);
    }
    return seen;
  }

  Path zoneFile(Name zone) {
    return org.dnsagent.spi.ZoneFiles.pathFor(state.resolve("zones"), zone, ".zone");
  }

  private static List<Kind> attemptEverything(Bind9Backend backend, Name hostile)
      throws IOException {
    List<Kind> kinds = new ArrayList<>();
    kinds.add(kindOf(() -> backend.createZone(HostileNames.content(hostile))));
    kinds.add(kindOf(() -> backend.updateZone(HostileNames.content(hostile))));
    kinds.add(kindOf(() -> backend.deleteZone(hostile)));
    kinds.add(kindOf(() -> backend.findSoa(hostile)));
    kinds.add(kindOf(() -> backend.createSecondaryZone(hostile, HostileNames.soa(hostile))));
    kinds.add(kindOf(() -> backend.refreshSecondaryZone(hostile, HostileNames.soa(hostile))));
    return kinds;
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
