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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.SecondaryBackend;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.NamedServer;
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
 * zone_mode = secondary against a real nsd that transfers from a real named, with a TSIG key the
 * agent writes into its pattern file. Subclasses choose the control channel.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NsdSecondaryContract {
  static final String CONF_ZONE =
      "$TTL 300\n@ SOA ns hostmaster 777 60 60 600 60\n@ NS ns\nns A 127.0.0.1\n";

  NamedServer primary;
  NsdServer nsd;
  Path state;
  TsigKeySpec xfrKey;
  Map<String, String> settings;
  SecondaryBackend backend;

  abstract NsdServer.Control control();

  /** {@code native} or {@code exec}. */
  String transport() {
    return "native";
  }

  @BeforeAll
  void startServers() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(tmp);
    state = Files.createTempDirectory(tmp, "nsd-agent-state-");
    Files.writeString(state.resolve("patterns.conf"), ""); // the operator creates it empty
    xfrKey = new TsigKeySpec("xfr-key", "hmac-sha256", NamedServer.newSecret());
    primary =
        NamedServer.builder()
            .config(NamedServer.keyStatement(xfrKey.name(), xfrKey.algorithm(), xfrKey.secret()))
            .start();
    nsd =
        NsdServer.builder()
            .control(control())
            .file("conf.zone", CONF_ZONE)
            .config(
                "zone:\n  name: \"conf.example\"\n  zonefile: \"${DIR}/conf.zone\"\n"
                    + "include: \""
                    + state.resolve("patterns.conf")
                    + "\"\n")
            .start();
  }

  @AfterAll
  void stopServers() throws IOException {
    if (nsd != null) {
      nsd.close();
    }
    if (primary != null) {
      primary.close();
    }
    try (Stream<Path> paths = Files.walk(state)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @BeforeEach
  void createBackend() throws BackendException {
    settings = NsdTargets.settings(nsd, transport(), state);
    settings.put("zone_mode", "secondary");
    ContractContext context =
        ContractContext.in(state)
            .withMasters(List.of(new MasterServer(primary.dnsAddress(), Optional.of(xfrKey))));
    backend = assertInstanceOf(SecondaryBackend.class, NsdTargets.backend(settings, context));
    backend.start();
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  /** Serves a zone on the primary (only to holders of the transfer key). */
  SOARecord primaryServes(Name zone, long serial) throws Exception {
    String file = NsdBackend.nsdName(zone) + ".db";
    Files.writeString(primary.directory().resolve(file), zoneText(serial));
    NamedServer.RndcOutput shown = primary.rndc("showzone", NsdBackend.nsdName(zone));
    if (shown.exitCode() != 0) {
      NamedServer.RndcOutput add =
          primary.rndc(
              "addzone",
              NsdBackend.nsdName(zone),
              "{ type primary; file \"" + file + "\"; allow-transfer { key xfr-key; }; };");
      assertEquals(0, add.exitCode(), add.stderr());
    } else {
      assertEquals(0, primary.rndc("reload", NsdBackend.nsdName(zone)).exitCode());
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      org.xbill.DNS.Message m = Queries.query(primary.dnsAddress(), zone, Type.SOA);
      if (m.getRcode() == Rcode.NOERROR) {
        SOARecord soa = Queries.soa(m);
        if (soa.getSerial() == serial || System.nanoTime() > deadline) {
          return soa;
        }
      }
      assertTrue(System.nanoTime() < deadline, "the primary does not serve " + zone);
      Thread.sleep(20);
    }
  }

  static String zoneText(long serial) {
    return "$TTL 300\n@ SOA ns hostmaster "
        + serial
        + " 60 60 600 60\n@ NS ns\nns A 127.0.0.1\nwww A 192.0.2."
        + (serial % 250 + 1)
        + "\n";
  }

  @Test
  void nsdTransfersTheZoneWithTheKeyAndRefreshesOnNotify() throws Exception {
    Name zone = name("secondary.example.");
    SOARecord soa = primaryServes(zone, 1);
    backend.createSecondaryZone(zone, soa);
    assertEquals(1, awaitSerial(zone, 1));

    SOARecord newer = primaryServes(zone, 2);
    backend.refreshSecondaryZone(zone, newer);
    assertEquals(2, awaitSerial(zone, 2));
    assertEquals(
        Optional.of("192.0.2.3"),
        Queries.firstA(Queries.query(nsd.dnsAddress(), name("www.secondary.example."), Type.A)));
  }

  @Test
  void theAgentsPatternFileHoldsOnePatternForTheMastersAndTheirKey() throws Exception {
    String text = Files.readString(state.resolve("patterns.conf"));
    String pattern = ((NsdSecondaryBackend) backend).pattern();
    assertTrue(text.contains("name: \"" + pattern + "\""), text);
    assertTrue(text.contains("request-xfr: 127.0.0.1@" + primary.dnsPort() + " xfr-key"), text);
    assertTrue(text.contains("name: \"xfr-key\""), text);
    assertEquals(1, text.split("pattern:", -1).length - 1, "one pattern for one set of masters");
  }

  @Test
  void creatingTwiceIsFineAndDeletingTwiceToo() throws Exception {
    Name zone = name("twice.example.");
    SOARecord soa = primaryServes(zone, 5);
    backend.createSecondaryZone(zone, soa);
    backend.createSecondaryZone(zone, soa);
    assertEquals(5, awaitSerial(zone, 5));
    backend.deleteZone(zone);
    backend.deleteZone(zone);
    assertEquals(Rcode.REFUSED, awaitRcode(zone, Rcode.REFUSED));
    assertEquals(Optional.empty(), backend.findSoa(zone));
  }

  @Test
  void zoneConfiguredInNsdConfIsNeverTakenOverRefreshedOrDeleted() throws Exception {
    Name zone = name("conf.example.");
    SOARecord soa = Queries.soa(Queries.query(nsd.dnsAddress(), zone, Type.SOA));
    BackendException create =
        assertThrows(BackendException.class, () -> backend.createSecondaryZone(zone, soa));
    assertEquals(Kind.REJECTED, create.kind());
    assertTrue(create.getMessage().contains("nsd.conf"), create.getMessage());
    BackendException refresh =
        assertThrows(BackendException.class, () -> backend.refreshSecondaryZone(zone, soa));
    assertEquals(Kind.REJECTED, refresh.kind());
    BackendException delete = assertThrows(BackendException.class, () -> backend.deleteZone(zone));
    assertEquals(Kind.REJECTED, delete.kind());
    assertEquals(777, Queries.soa(Queries.query(nsd.dnsAddress(), zone, Type.SOA)).getSerial());
    assertEquals(Optional.empty(), backend.findSoa(zone));
  }

  @Test
  void inventoryGivesServedSerialsFromZonestatus() throws Exception {
    Name zone = name("inventoried.example.");
    backend.createSecondaryZone(zone, primaryServes(zone, 42));
    assertEquals(42, awaitSerial(zone, 42));
    ZoneInventory.Inventory inventory = ((ZoneInventory) backend).inventory();
    assertEquals(42L, inventory.served().get(zone));
    assertTrue(inventory.unmanaged().contains(name("conf.example.")));
  }

  @Test
  void zonesSurviveAnNsdRestart() throws Exception {
    Name zone = name("survivor.example.");
    backend.createSecondaryZone(zone, primaryServes(zone, 7));
    assertEquals(7, awaitSerial(zone, 7));
    nsd.restart();
    assertEquals(7, awaitSerial(zone, 7), "in zone.list, transferred again");
    backend.refreshSecondaryZone(zone, primaryServes(zone, 8));
    assertEquals(8, awaitSerial(zone, 8));
  }

  @Test
  void aSecondStartFindsItsPatternAndChangesNothing() throws Exception {
    String before = Files.readString(state.resolve("patterns.conf"));
    backend.start();
    assertEquals(before, Files.readString(state.resolve("patterns.conf")));
    assertFalse(before.isEmpty());
  }

  int awaitRcode(Name zone, int rcode) throws Exception {
    return BoundedWaits.awaitRcode(nsd.dnsAddress(), zone, rcode);
  }

  long awaitSerial(Name zone, long serial) throws Exception {
    return BoundedWaits.awaitSerial(backend, zone, serial, Duration.ofSeconds(30));
  }
}
