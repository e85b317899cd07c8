// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static org.dnsagent.backend.knot.TestZones.firstA;
import static org.dnsagent.backend.knot.TestZones.name;
import static org.dnsagent.backend.knot.TestZones.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.servers.KnotServer;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The secondary-mode contract: knotd transfers the zones from a master (a second throwaway knotd)
 * itself; the agent provisions, refreshes and deletes them. Subclasses choose the transport.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KnotSecondaryContract {
  static final String KEY_SECRET = NamedServer.newSecret();
  static final List<String> OPEN_ZONES =
      List.of("s-create", "s-refresh", "s-delete", "s-restart", "s-again", "s-twice");

  KnotServer master;
  KnotServer knot;
  @TempDir Path state;
  Map<String, String> settings;
  KnotSecondaryBackend backend;

  /** {@code native} or {@code exec}. */
  abstract String transport();

  @BeforeAll
  void startServers() {
    StringBuilder zones = new StringBuilder("zone:\n");
    KnotServer.Builder builder = KnotServer.builder();
    for (String z : OPEN_ZONES) {
      builder.file("zones/" + z + ".example.zone", zoneText(1, "192.0.2.1"));
      zones.append("  - domain: ").append(z).append(".example\n");
    }
    builder.file("zones/s-keyed.example.zone", zoneText(1, "192.0.2.1"));
    zones.append("  - domain: s-keyed.example\n    acl: keyed\n");
    master =
        builder
            .config(
                "key:\n  - id: xfr-key.\n    algorithm: hmac-sha256\n    secret: "
                    + KEY_SECRET
                    + "\nacl:\n  - id: open\n    address: 127.0.0.0/8\n    action: transfer\n"
                    + "  - id: keyed\n    address: 127.0.0.0/8\n    key: xfr-key.\n"
                    + "    action: transfer\n"
                    + "template:\n  - id: default\n    storage: \"$DIR/zones\"\n"
                    + "    file: \"%s.zone\"\n    acl: open\n"
                    + zones)
            .start();
    knot =
        KnotServer.builder()
            .file("conf.zone", KnotPrimaryContract.CONF_ZONE)
            .config("zone:\n  - domain: conf.example\n    file: \"$DIR/conf.zone\"\n")
            .start();
  }

  @AfterAll
  void stopServers() {
    if (knot != null) {
      knot.close();
    }
    if (master != null) {
      master.close();
    }
  }

  @BeforeEach
  void createBackend() throws BackendException {
    settings = KnotTargets.settings(knot, transport(), "secondary");
    backend =
        (KnotSecondaryBackend)
            KnotTargets.backend(
                settings, TestContext.in(state).withMasters(List.of(masterServer(false))));
    backend.start();
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  MasterServer masterServer(boolean keyed) {
    InetSocketAddress address = master.dnsAddress();
    return new MasterServer(
        address,
        keyed
            ? Optional.of(new TsigKeySpec("xfr-key", "hmac-sha256", KEY_SECRET))
            : Optional.empty());
  }

  @Test
  void aSecondaryZoneIsTransferredByKnotd() throws Exception {
    Name zone = name("s-create.example.");
    backend.createSecondaryZone(zone, soa(zone, 1));
    assertEquals(1, awaitSerial(zone, 1));
    assertEquals(
        Optional.of("192.0.2.1"),
        firstA(query(knot.dnsAddress(), name("www.s-create.example."), Type.A)));
    String masters = knot.knotc("conf-read", "zone[s-create.example.].master").stdout();
    assertTrue(masters.contains(KnotSecondaryBackend.remoteId(masterServer(false))), masters);
  }

  @Test
  void aRefreshFetchesTheMastersNewSerial() throws Exception {
    Name zone = name("s-refresh.example.");
    backend.createSecondaryZone(zone, soa(zone, 1));
    assertEquals(1, awaitSerial(zone, 1));
    setMasterSerial("s-refresh", 2, "192.0.2.2");
    backend.refreshSecondaryZone(zone, soa(zone, 2));
    assertEquals(2, awaitSerial(zone, 2));
    assertEquals(
        Optional.of("192.0.2.2"),
        firstA(query(knot.dnsAddress(), name("www.s-refresh.example."), Type.A)));
  }

  @Test
  void deleteLeavesNothingBehindAndNothingComesBack() throws Exception {
    Name zone = name("s-delete.example.");
    backend.createSecondaryZone(zone, soa(zone, 1));
    assertEquals(1, awaitSerial(zone, 1));
    backend.deleteZone(zone);
    assertEquals(Rcode.REFUSED, query(knot.dnsAddress(), zone, Type.SOA).getRcode());
    assertNotEquals(0, knot.knotc("conf-read", "zone[s-delete.example.]").exitCode());
    Thread.sleep(500);
    assertEquals(Rcode.REFUSED, query(knot.dnsAddress(), zone, Type.SOA).getRcode());
    assertFalse(Files.exists(ZoneFiles.pathFor(state.resolve("zones"), zone, ".zone")));
    backend.deleteZone(zone);
  }

  @Test
  void creatingTwiceIsSuccessAndAgainAfterDeleteTransfersAgain() throws Exception {
    Name twice = name("s-twice.example.");
    backend.createSecondaryZone(twice, soa(twice, 1));
    backend.createSecondaryZone(twice, soa(twice, 1));
    assertEquals(1, awaitSerial(twice, 1));
    Name again = name("s-again.example.");
    backend.createSecondaryZone(again, soa(again, 1));
    assertEquals(1, awaitSerial(again, 1));
    backend.deleteZone(again);
    backend.createSecondaryZone(again, soa(again, 1));
    assertEquals(1, awaitSerial(again, 1));
  }

  @Test
  void zonesSurviveARestartOfKnotd() throws Exception {
    Name zone = name("s-restart.example.");
    backend.createSecondaryZone(zone, soa(zone, 1));
    assertEquals(1, awaitSerial(zone, 1));
    knot.restart();
    assertEquals(1, awaitSerial(zone, 1));
    assertTrue(
        knot.knotc("conf-read", "zone[s-restart.example.].master").stdout().contains("dns-agent-"));
  }

  @Test
  void zoneConfiguredByHandIsNeverChanged() {
    Name zone = name("conf.example.");
    assertEquals(
        Kind.REJECTED,
        assertThrows(BackendException.class, () -> backend.createSecondaryZone(zone, soa(zone, 1)))
            .kind());
    assertEquals(
        Kind.REJECTED,
        assertThrows(BackendException.class, () -> backend.refreshSecondaryZone(zone, soa(zone, 1)))
            .kind());
    assertEquals(
        Kind.REJECTED, assertThrows(BackendException.class, () -> backend.deleteZone(zone)).kind());
    assertEquals(Rcode.NOERROR, query(knot.dnsAddress(), zone, Type.SOA).getRcode());
  }

  /**
   * A master with a TSIG key: natively the agent gives knotd the key (over the socket only); with
   * knotc it refuses to, since the secret would be on a command line, and says so at start.
   */
  @Test
  void aKeyedMaster() throws Exception {
    try (KnotSecondaryBackend keyed =
        (KnotSecondaryBackend)
            KnotTargets.backend(
                settings, TestContext.in(state).withMasters(List.of(masterServer(true))))) {
      if (transport().equals("exec")) {
        BackendException e = assertThrows(BackendException.class, keyed::start);
        assertEquals(Kind.MISCONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("knot.conf"), e.getMessage());
        return;
      }
      keyed.start();
      Name zone = name("s-keyed.example.");
      keyed.createSecondaryZone(zone, soa(zone, 1));
      long deadline = System.nanoTime() + 10_000_000_000L;
      Optional<SOARecord> served = Optional.empty();
      while (served.isEmpty() && System.nanoTime() < deadline) {
        served = keyed.findSoa(zone);
        Thread.sleep(20);
      }
      assertEquals(1, served.orElseThrow().getSerial());
      assertFalse(knot.log().contains(KEY_SECRET), "the secret is never logged");
    }
  }

  @Test
  void contentCallsAreNotForASecondary() {
    Name zone = name("s-create.example.");
    assertEquals(
        Kind.INTERNAL,
        assertThrows(
                BackendException.class,
                () -> backend.createZone(TestZones.zone(zone, 1, "192.0.2.1")))
            .kind());
  }

  long awaitSerial(Name zone, long serial) throws Exception {
    long deadline = System.nanoTime() + 15_000_000_000L;
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

  void setMasterSerial(String zone, long serial, String www) throws IOException {
    Files.writeString(
        master.zonesDirectory().resolve(zone + ".example.zone"), zoneText(serial, www));
    assertEquals(0, master.knotc("zone-reload", zone + ".example.").exitCode());
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      var soa = query(master.dnsAddress(), name(zone + ".example."), Type.SOA);
      if (soa.getRcode() == Rcode.NOERROR
          && ((SOARecord) soa.getSection(1).get(0)).getSerial() == serial) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static String zoneText(long serial, String www) {
    return "$TTL 300\n@ SOA ns hostmaster "
        + serial
        + " 60 60 600 60\n@ NS ns\nns A 127.0.0.1\nwww A "
        + www
        + "\n";
  }

  static SOARecord soa(Name zone, long serial) {
    return new SOARecord(zone, DClass.IN, 300, zone, zone, serial, 60, 60, 600, 60);
  }
}
