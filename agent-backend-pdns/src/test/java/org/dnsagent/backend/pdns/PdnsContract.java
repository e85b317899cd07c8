// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.IncrementalUpdates;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.SecondaryBackend;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.NamedServer;
import org.dnsagent.testing.servers.PdnsDatabase;
import org.dnsagent.testing.servers.PdnsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * What the pdns backend must give on every database and in both modes: zones created, updated and
 * deleted on a real pdns_server, each checked with real DNS queries right after the call returns
 * (pdns's zone cache and packet cache would otherwise serve stale answers for minutes), secondary
 * zones transferred by pdns_server itself from a real named, and zones configured by hand never
 * touched. One pdns_server, one database and one named per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PdnsContract {
  static final Duration TRANSFER_WAIT = Duration.ofSeconds(60);

  Path dir;
  PdnsDatabase db;
  PdnsServer pdns;
  NamedServer master;
  Backend primary;
  Backend secondary;
  int serialOfMasterZones = 1;

  /** The database under test, created in {@code dir}. */
  abstract PdnsDatabase database(Path dir);

  /** Extra agent settings (API mode); empty for database mode. */
  Map<String, String> modeSettings(PdnsServer server) {
    return Map.of();
  }

  /** The API key pdns_server is started with, or null for no API. */
  String apiKey() {
    return null;
  }

  @BeforeAll
  void start() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(tmp); // surefire points it into target/, which may not exist yet
    dir = Files.createTempDirectory(tmp, "pdns-contract-");
    db = database(dir);
    PdnsServer.Builder builder = PdnsServer.builder();
    db.pdnsSettings().forEach(builder::set);
    if (apiKey() != null) {
      builder.api(apiKey());
    }
    pdns = builder.start();
    StringBuilder zones = new StringBuilder();
    NamedServer.Builder named = NamedServer.builder().allowNewZones(false);
    for (String z : List.of("sec1.example.", "sec2.example.")) {
      Name zone = TestZones.name(z);
      named.file(z + "zone", zoneFile(zone, 1));
      zones
          .append("zone \"")
          .append(z)
          .append("\" { type primary; file \"")
          .append(z)
          .append("zone\"; allow-transfer { any; }; notify no; };\n");
    }
    master = named.config(zones.toString()).start();
    primary = backend("primary");
    primary.start();
    secondary = backend("secondary");
    secondary.start();
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {primary, secondary, pdns, master, db}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // keep closing the others
        }
      }
    }
  }

  Map<String, String> settings(String zoneMode) {
    Map<String, String> s = new HashMap<>(db.agentSettings());
    s.put("zone_mode", zoneMode);
    s.put("pdns_control_socket_dir", pdns.socketDirectory().toString());
    s.put("query_destination", "127.0.0.1:" + pdns.dnsPort());
    s.put("timeout", "20");
    s.putAll(modeSettings(pdns));
    return s;
  }

  Backend backend(String zoneMode) {
    return backend(settings(zoneMode));
  }

  Backend backend(Map<String, String> settings) {
    ContractContext context =
        ContractContext.in(dir).withMasters(List.of(MasterServer.of(master.dnsAddress())));
    return new PdnsBackendFactory()
        .create(new BackendSettings("backend:agent:pdns", settings), context);
  }

  // ---------------------------------------------------------------------------------------------
  // primary

  @Test
  void createdZoneIsServedAtOnce() throws Exception {
    Name zone = TestZones.name("created.example.");
    assertEquals(Rcode.REFUSED, query(zone, Type.SOA).getRcode(), "cached as REFUSED first");
    content().createZone(zone(zone, 2024010101L, "192.0.2.1"));

    assertEquals(2024010101L, servedSerial(zone));
    assertEquals(Optional.of("192.0.2.1"), firstA(query(new Name("www", zone), Type.A)));
    assertEquals(2024010101L, primary.findSoa(zone).orElseThrow().getSerial());
  }

  @Test
  void updateWritesOnlyWhatDiffersAndIsServedAtOnce() throws Exception {
    Name zone = TestZones.name("updated.example.");
    content().createZone(zone(zone, 1, "192.0.2.1"));
    assertEquals(Optional.of("192.0.2.1"), firstA(query(new Name("www", zone), Type.A)));
    Map<String, Long> before = rowIds(zone);

    content().updateZone(zone(zone, 2, "192.0.2.2"));

    assertEquals(2, servedSerial(zone));
    assertEquals(Optional.of("192.0.2.2"), firstA(query(new Name("www", zone), Type.A)));
    Map<String, Long> after = rowIds(zone);
    assertEquals(before.get("NS " + zone), after.get("NS " + zone), "unchanged NS row kept");
    assertEquals(before.get("A ns." + zone), after.get("A ns." + zone), "unchanged A row kept");
    assertFalse(after.containsKey("A www." + zone + " 192.0.2.1"), "old www row gone");
    assertTrue(after.containsKey("A www." + zone + " 192.0.2.2"), "new www row there");
  }

  @Test
  void incrementalChangeIsAppliedAtTheExpectedSerialOnly() throws Exception {
    Name zone = TestZones.name("ixfr.example.");
    content().createZone(zone(zone, 10, "192.0.2.1"));
    IncrementalUpdates ixfr = assertInstanceOf(IncrementalUpdates.class, primary);
    Name www = new Name("www", zone);
    ZoneChanges changes =
        new ZoneChanges(
            zone,
            soa(zone, 10),
            soa(zone, 11),
            List.of(new ARecord(www, DClass.IN, 300, InetAddress.getByName("192.0.2.1"))),
            List.of(new ARecord(www, DClass.IN, 300, InetAddress.getByName("192.0.2.11"))));
    assertEquals(Optional.of("192.0.2.1"), firstA(query(www, Type.A)));
    ixfr.applyChanges(changes);
    assertEquals(11, servedSerial(zone));
    assertEquals(Optional.of("192.0.2.11"), firstA(query(www, Type.A)));

    BackendException stale = assertThrows(BackendException.class, () -> ixfr.applyChanges(changes));
    assertEquals(Kind.REJECTED, stale.kind());
    assertEquals(11, servedSerial(zone));
  }

  @Test
  void deletedZoneIsRefusedAtOnce() throws Exception {
    Name zone = TestZones.name("deleted.example.");
    content().createZone(zone(zone, 1, "192.0.2.1"));
    assertEquals(1, servedSerial(zone));

    primary.deleteZone(zone);

    assertEquals(Rcode.REFUSED, query(zone, Type.SOA).getRcode());
    assertEquals(Optional.empty(), primary.findSoa(zone));
    assertEquals(0, rowIds(zone).size(), "no rows left");
    primary.deleteZone(zone); // twice is fine
    primary.deleteZone(TestZones.name("never-created.example."));
  }

  @Test
  void creatingTwiceServesTheLatestContent() throws Exception {
    Name zone = TestZones.name("twice.example.");
    content().createZone(zone(zone, 5, "192.0.2.5"));
    content().createZone(zone(zone, 6, "192.0.2.6"));
    assertEquals(6, servedSerial(zone));
    assertEquals(Optional.of("192.0.2.6"), firstA(query(new Name("www", zone), Type.A)));
  }

  @Test
  void zonesConfiguredByHandAreNeverTouched() throws Exception {
    Name zone = TestZones.name("by-hand.example.");
    try (Connection c = db.admin()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO domains (name, type) VALUES ('by-hand.example', 'NATIVE')")) {
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, auth)"
                  + " SELECT id, name, 'SOA', 'ns.by-hand.example. h.by-hand.example. 77 60 60 600"
                  + " 60', 300, 0, ?, ? FROM domains WHERE name = 'by-hand.example'")) {
        ps.setBoolean(1, false);
        ps.setBoolean(2, true);
        ps.executeUpdate();
      }
    }
    pdns.control("rediscover");
    Map<String, Long> rows = rowIds(zone);

    for (Backend b : List.of(primary, secondary)) {
      BackendException delete = assertThrows(BackendException.class, () -> b.deleteZone(zone));
      assertEquals(Kind.REJECTED, delete.kind());
      assertTrue(delete.getMessage().contains("not created by the agent"), delete.getMessage());
      assertEquals(Optional.empty(), b.findSoa(zone), "not ours: never reported as served");
    }
    assertEquals(
        Kind.REJECTED,
        assertThrows(
                BackendException.class, () -> content().createZone(zone(zone, 78, "192.0.2.7")))
            .kind());
    assertEquals(
        Kind.REJECTED,
        assertThrows(
                BackendException.class, () -> content().updateZone(zone(zone, 78, "192.0.2.7")))
            .kind());
    assertEquals(
        Kind.REJECTED,
        assertThrows(
                BackendException.class,
                () -> ((SecondaryBackend) secondary).createSecondaryZone(zone, soa(zone, 78)))
            .kind());

    assertEquals(rows, rowIds(zone), "rows untouched");
    assertEquals(77, servedSerial(zone), "still served as configured");
    ZoneInventory.Inventory inventory = ((ZoneInventory) primary).inventory();
    assertTrue(inventory.unmanaged().contains(zone));
    assertFalse(inventory.served().containsKey(zone));
  }

  @Test
  void hostileNamesNeverReachTheDatabase() throws Exception {
    int before = countDomains();
    for (String text :
        List.of("a b.example.", "x;drop.example.", "quote'.example.", "dollar$.example.")) {
      Name hostile =
          Name.fromString(text.replace(" ", "\\032").replace(";", "\\;").replace("$", "\\$"));
      BackendException e =
          assertThrows(
              BackendException.class, () -> content().createZone(zone(hostile, 1, "192.0.2.1")));
      assertEquals(Kind.REJECTED, e.kind(), text);
      assertEquals(
          Kind.REJECTED,
          assertThrows(BackendException.class, () -> primary.deleteZone(hostile)).kind());
      assertEquals(
          Kind.REJECTED,
          assertThrows(
                  BackendException.class,
                  () ->
                      ((SecondaryBackend) secondary).createSecondaryZone(hostile, soa(hostile, 1)))
              .kind());
    }
    assertEquals(before, countDomains());
  }

  @Test
  void manyZonesCreatedConcurrentlyAreAllServedThenRefusedAfterDelete() throws Exception {
    List<Name> zones = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      zones.add(TestZones.name(String.format("z%03d.many.example.", i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < zones.size(); i++) {
        Name zone = zones.get(i);
        long serial = 1000 + i;
        done.add(
            pool.submit(
                () -> {
                  content().createZone(zone(zone, serial, "192.0.2.9"));
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      for (int i = 0; i < zones.size(); i++) {
        assertEquals(1000 + i, servedSerial(zones.get(i)), zones.get(i).toString());
      }
      Map<Name, Long> served = ((ZoneInventory) primary).inventory().served();
      for (int i = 0; i < zones.size(); i++) {
        assertEquals(1000L + i, served.get(zones.get(i)));
      }
      done.clear();
      for (Name zone : zones) {
        done.add(
            pool.submit(
                () -> {
                  primary.deleteZone(zone);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      for (Name zone : zones) {
        assertEquals(Rcode.REFUSED, query(zone, Type.SOA).getRcode(), zone.toString());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // secondary

  @Test
  void secondaryZoneIsTransferredByPdnsAndRefreshedOnNotify() throws Exception {
    Name zone = TestZones.name("sec1.example.");
    SecondaryBackend sec = assertInstanceOf(SecondaryBackend.class, secondary);
    sec.createSecondaryZone(zone, soa(zone, 1));
    assertEquals(1, awaitSerial(zone, 1));
    assertEquals(1L, ((ZoneInventory) secondary).inventory().served().get(zone));

    Files.writeString(master.directory().resolve("sec1.example.zone"), zoneFile(zone, 2));
    assertEquals(0, master.rndc("reload", "sec1.example").exitCode());
    sec.refreshSecondaryZone(zone, soa(zone, 2));
    assertEquals(2, awaitSerial(zone, 2));
    assertEquals(2, secondary.findSoa(zone).orElseThrow().getSerial());

    sec.createSecondaryZone(zone, soa(zone, 2)); // again: fine
    BackendException asPrimary =
        assertThrows(
            BackendException.class, () -> content().createZone(zone(zone, 3, "192.0.2.3")));
    assertEquals(Kind.REJECTED, asPrimary.kind(), "a secondary zone is not overwritten as primary");

    secondary.deleteZone(zone);
    assertEquals(Rcode.REFUSED, query(zone, Type.SOA).getRcode());
  }

  @Test
  void refreshOfAnUnknownSecondaryZoneCreatesIt() throws Exception {
    Name zone = TestZones.name("sec2.example.");
    ((SecondaryBackend) secondary).refreshSecondaryZone(zone, soa(zone, 1));
    assertEquals(1, awaitSerial(zone, 1));
    secondary.deleteZone(zone);
    assertEquals(Rcode.REFUSED, query(zone, Type.SOA).getRcode());
  }

  // ---------------------------------------------------------------------------------------------

  org.dnsagent.spi.ContentBackend content() {
    return (org.dnsagent.spi.ContentBackend) primary;
  }

  static SOARecord soa(Name zone, long serial) {
    try {
      return new SOARecord(
          zone,
          DClass.IN,
          300,
          new Name("ns", zone),
          new Name("hostmaster", zone),
          serial,
          60,
          60,
          600,
          60);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SOA, apex NS, {@code ns A}, {@code www A}, a TXT, a delegation with glue. */
  static ZoneContent zone(Name zone, long serial, String www) {
    try {
      Name ns = new Name("ns", zone);
      Name sub = new Name("sub", zone);
      List<Record> records = new ArrayList<>();
      records.add(soa(zone, serial));
      records.add(new NSRecord(zone, DClass.IN, 300, ns));
      records.add(new ARecord(ns, DClass.IN, 300, InetAddress.getByName("127.0.0.1")));
      records.add(new ARecord(new Name("www", zone), DClass.IN, 300, InetAddress.getByName(www)));
      records.add(new TXTRecord(zone, DClass.IN, 300, "zone " + zone + " \"quoted\" text"));
      records.add(new NSRecord(sub, DClass.IN, 300, new Name("ns", sub)));
      records.add(
          new ARecord(new Name("ns", sub), DClass.IN, 300, InetAddress.getByName("192.0.2.53")));
      return ZoneContent.of(zone, records);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String zoneFile(Name zone, long serial) {
    StringBuilder sb = new StringBuilder("$ORIGIN " + zone + "\n");
    for (Record r : TestZones.records(zone, serial, 3)) {
      sb.append(r).append('\n');
    }
    return sb.toString();
  }

  Message query(Name name, int type) {
    SimpleResolver resolver = new SimpleResolver(pdns.dnsAddress());
    resolver.setTimeout(Duration.ofSeconds(5));
    Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    q.getHeader().unsetFlag(Flags.RD);
    try {
      return resolver.send(q);
    } catch (IOException e) {
      throw new IllegalStateException("query " + name + " failed: " + e + "\n" + pdns.logTail(), e);
    }
  }

  /** The serial pdns_server serves now (one query, no waiting), or -1. */
  long servedSerial(Name zone) {
    Message m = query(zone, Type.SOA);
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && soa.getName().equals(zone)) {
        return soa.getSerial();
      }
    }
    return -1;
  }

  /** Waits (bounded) for pdns_server to have transferred a secondary zone at this serial. */
  long awaitSerial(Name zone, long serial) throws InterruptedException {
    long deadline = System.nanoTime() + TRANSFER_WAIT.toNanos();
    long served = -1;
    while (System.nanoTime() < deadline) {
      served = servedSerial(zone);
      if (served == serial) {
        return served;
      }
      Thread.sleep(100);
    }
    return served;
  }

  static Optional<String> firstA(Message response) {
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        return Optional.of(a.getAddress().getHostAddress());
      }
    }
    return Optional.empty();
  }

  /** The zone's rows: "TYPE name." (plus " data" for A records) to row id. */
  Map<String, Long> rowIds(Name zone) throws SQLException {
    Map<String, Long> rows = new HashMap<>();
    try (Connection c = db.admin();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT r.id, r.name, r.type, r.content FROM records r JOIN domains d"
                    + " ON r.domain_id = d.id WHERE d.name = ?")) {
      ps.setString(1, zone.toString(true));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString(3) + " " + rs.getString(2) + ".";
          if (rs.getString(3).equals("A")) {
            rows.put(key + " " + rs.getString(4), rs.getLong(1));
          }
          rows.putIfAbsent(key, rs.getLong(1));
        }
      }
    }
    return rows;
  }

  int countDomains() throws SQLException {
    try (Connection c = db.admin();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM domains");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }
}
