// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.testing.DnsQueries;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.FreePorts;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * {@code zone_mode = relay} end to end with a real secondary: a throwaway named stands in for
 * Microsoft DNS's transfer client. The PowerShell side goes through WinRM4j to the fake Windows
 * DNS, which, when a script creates a secondary zone, adds the same secondary zone to named with
 * the masters the script names (the relay address) on the relay's port; named then transfers from
 * the relay listener, gets the relay's NOTIFYs and takes changes by IXFR, as Microsoft DNS would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayToNamedTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private Path directory;
  private NamedServer named;
  private FakeWindowsDns dns;
  private FakeWsMan wsman;
  private Path passwordFile;
  private int relayPort;
  private MsDnsRelayBackend backend;

  @BeforeAll
  void start() throws Exception {
    Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    directory = Files.createTempDirectory(tmp, "relay-named-");
    named = NamedServer.builder().start();
    relayPort = FreePorts.tcpAndUdp();
    dns = new FakeWindowsDns();
    dns.seedHandZone("conf.example", 777);
    dns.route(new InetSocketAddress("127.0.0.1", relayPort), null);
    dns.onZones(this::addToNamed, this::removeFromNamed);
    wsman = new FakeWsMan(dns, MsDnsWinRmContract.USER, MsDnsWinRmContract.PASSWORD);
    wsman.start();
    passwordFile = directory.resolve("winrm-password");
    Files.writeString(passwordFile, MsDnsWinRmContract.PASSWORD + "\n");
    backend = newBackend();
    backend.start();
  }

  @AfterAll
  void stop() throws IOException {
    if (backend != null) {
      backend.close();
    }
    if (wsman != null) {
      wsman.close();
    }
    if (dns != null) {
      dns.close();
    }
    if (named != null) {
      named.close();
    }
    if (directory != null) {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private MsDnsRelayBackend newBackend() {
    Map<String, String> settings = new HashMap<>();
    settings.put("zone_mode", "relay");
    settings.put("msdns_transport", "winrm");
    settings.put("msdns_api", "dnsserver");
    settings.put("winrm_endpoint", wsman.endpoint());
    settings.put("winrm_auth", "basic");
    settings.put("winrm_user", MsDnsWinRmContract.USER);
    settings.put("winrm_password_file", passwordFile.toString());
    settings.put("script_timeout", "10");
    settings.put("relay_listen", "127.0.0.1:" + relayPort);
    settings.put("relay_allow", "127.0.0.1");
    settings.put("relay_notify", "127.0.0.1:" + named.dnsPort());
    return (MsDnsRelayBackend)
        new MsDnsBackendFactory()
            .create(
                new BackendSettings("backend:agent:msdns", settings),
                ContractContext.in(directory.resolve("state")));
  }

  /** What Microsoft DNS does on Add-DnsServerSecondaryZone: here, named adds the zone. */
  private void addToNamed(String zone, List<String> masters) {
    StringBuilder primaries = new StringBuilder();
    for (String m : masters) {
      primaries.append(m).append(" port ").append(relayPort).append("; ");
    }
    NamedServer.RndcOutput out =
        named.rndc(
            "addzone",
            zone,
            "{ type secondary; primaries { " + primaries + "}; file \"sec-" + zone + ".db\"; };");
    if (out.exitCode() != 0) {
      throw new IllegalStateException("rndc addzone " + zone + ": " + out.stderr());
    }
  }

  private void removeFromNamed(String zone) {
    named.rndc("delzone", zone);
  }

  private OptionalLong namedSerial(Name zone) {
    return DnsQueries.servedSerial(named.dnsAddress(), zone);
  }

  private void awaitNamedSerial(Name zone, long serial) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    OptionalLong seen = OptionalLong.empty();
    while (System.nanoTime() < deadline) {
      seen = namedSerial(zone);
      if (seen.isPresent() && seen.getAsLong() == serial) {
        return;
      }
      Thread.sleep(100);
    }
    fail(
        zone
            + ": named did not serve serial "
            + serial
            + " within "
            + WAIT
            + " (seen "
            + seen
            + ")");
  }

  private Optional<String> namedA(Name owner) {
    return DnsQueries.firstA(DnsQueries.query(named.dnsAddress(), owner, Type.A));
  }

  @Test
  void everyZoneCreatedTransfersToTheSecondaryFromTheRelay() throws Exception {
    List<Name> zones = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      zones.add(TestZones.name("z" + i + ".created.relay.example."));
    }
    long fullBefore = backend.counters().fullTransfers.get();
    for (Name zone : zones) {
      backend.createZone(TestZones.streamed(zone, 100, 20));
    }
    for (Name zone : zones) {
      awaitNamedSerial(zone, 100);
      assertEquals(
          Optional.of(TestZones.host(zone, 19).getAddress().getHostAddress()),
          namedA(TestZones.host(zone, 19).getName()),
          "named holds " + zone + "'s records");
      assertEquals(100, backend.findSoa(zone).orElseThrow().getSerial());
      assertEquals(List.of("127.0.0.1"), dns.zone(zoneText(zone)).orElseThrow().masters);
    }
    assertTrue(
        backend.counters().fullTransfers.get() - fullBefore >= zones.size(),
        "one AXFR per zone at least: " + backend.counters().fullTransfers.get());
    assertEquals(Long.valueOf(100), backend.inventory().served().get(zones.get(0)));
  }

  @Test
  void anUpdateIsNotifiedAndTakenByIxfr() throws Exception {
    Name zone = TestZones.name("updated.relay.example.");
    backend.createZone(TestZones.streamed(zone, 1, 3));
    awaitNamedSerial(zone, 1);

    long incrementalBefore = backend.counters().incrementalTransfers.get();
    backend.updateZone(TestZones.streamed(zone, 2, 4)); // h3 added, the TXT changed
    awaitNamedSerial(zone, 2);
    assertEquals(
        Optional.of(TestZones.host(zone, 3).getAddress().getHostAddress()),
        namedA(TestZones.host(zone, 3).getName()));
    assertTrue(
        backend.counters().incrementalTransfers.get() > incrementalBefore,
        "the relay answered named's IXFR incrementally");
    assertTrue(
        awaitLog("zone " + zoneText(zone) + "/IN: notify from 127.0.0.1#" + relayPort),
        "named got the relay's NOTIFY:\n" + namedLogAbout(zone));
    // The IXFR answer: SOA 2, [SOA 1, old TXT], [SOA 2, h3, new TXT], SOA 2 = 7 records; an AXFR
    // of serial 2 would be 9 (SOA, NS, ns1, h0..h3, TXT, SOA).
    assertTrue(
        awaitLog(transferred(zone, 7, 2)),
        "named took serial 2 by IXFR (7 records):\n" + namedLogAbout(zone));
    // The IXFR path of the agent: the net difference applied, then served by IXFR again.
    SOARecord from = TestZones.soa(zone, 2);
    SOARecord to = TestZones.soa(zone, 3);
    ARecord added =
        new ARecord(
            TestZones.name("new." + zone), DClass.IN, 300, InetAddress.getByName("192.0.2.99"));
    backend.applyChanges(
        new ZoneChanges(zone, from, to, List.of(TestZones.host(zone, 0)), List.of(added)));
    awaitNamedSerial(zone, 3);
    assertEquals(Optional.of("192.0.2.99"), namedA(added.getName()));
    // SOA 3, [SOA 2, h0], [SOA 3, new], SOA 3
    assertTrue(awaitLog(transferred(zone, 6, 3)), namedLogAbout(zone));
    Message h0 = DnsQueries.query(named.dnsAddress(), TestZones.host(zone, 0).getName(), Type.A);
    assertEquals(Rcode.NXDOMAIN, h0.getRcode(), "h0 deleted on named");
    assertTrue(backend.counters().incrementalTransfers.get() >= incrementalBefore + 2);
  }

  @Test
  void addressesOutsideRelayAllowAreRefused() throws Exception {
    Name zone = TestZones.name("guarded.relay.example.");
    backend.createZone(TestZones.streamed(zone, 9, 1));
    InetSocketAddress relay = backend.relayAddress();
    long refusedBefore = backend.counters().refused.get();

    SimpleResolver inside = new SimpleResolver(relay);
    inside.setTimeout(Duration.ofSeconds(5));
    assertEquals(Rcode.NOERROR, inside.send(soaQuery(zone)).getRcode());

    // 127.0.0.2 is loopback on Linux too, but not in relay_allow.
    for (boolean tcp : new boolean[] {false, true}) {
      SimpleResolver outside = new SimpleResolver(relay);
      outside.setLocalAddress(InetAddress.getByName("127.0.0.2"));
      outside.setTCP(tcp);
      outside.setTimeout(Duration.ofSeconds(5));
      assertEquals(Rcode.REFUSED, outside.send(soaQuery(zone)).getRcode(), tcp ? "TCP" : "UDP");
    }
    ZoneTransferIn axfr = ZoneTransferIn.newAXFR(zone, relay, null);
    axfr.setLocalAddress(new InetSocketAddress("127.0.0.2", 0));
    axfr.setTimeout(Duration.ofSeconds(10));
    ZoneTransferException refused = assertThrows(ZoneTransferException.class, axfr::run);
    assertTrue(refused.getMessage().contains("REFUSED"), refused.getMessage());
    assertEquals(refusedBefore + 3, backend.counters().refused.get());
  }

  @Test
  void zonesSurviveARestartOfTheRelay() throws Exception {
    Name zone = TestZones.name("durable.relay.example.");
    backend.createZone(TestZones.streamed(zone, 5, 2));
    awaitNamedSerial(zone, 5);
    Path file = directory.resolve("state/relay").resolve(zoneText(zone) + ".zone");
    assertTrue(Files.isRegularFile(file), "kept in " + file);

    backend.close();
    SimpleResolver probe = new SimpleResolver(new InetSocketAddress("127.0.0.1", relayPort));
    probe.setTCP(true);
    probe.setTimeout(Duration.ofSeconds(2));
    assertThrows(IOException.class, () -> probe.send(soaQuery(zone)), "the relay is down");

    backend = newBackend();
    backend.start();
    assertEquals(5, backend.findSoa(zone).orElseThrow().getSerial(), "reloaded from its file");
    SimpleResolver inside = new SimpleResolver(backend.relayAddress());
    inside.setTimeout(Duration.ofSeconds(5));
    Message soa = inside.send(soaQuery(zone));
    assertEquals(Rcode.NOERROR, soa.getRcode());
    assertEquals(5, ((SOARecord) soa.getSection(org.xbill.DNS.Section.ANSWER).get(0)).getSerial());

    backend.updateZone(TestZones.streamed(zone, 6, 3));
    awaitNamedSerial(zone, 6);
    assertEquals(
        Optional.of(TestZones.host(zone, 2).getAddress().getHostAddress()),
        namedA(TestZones.host(zone, 2).getName()));
  }

  @Test
  void ixfrHistorySurvivesARestartOfTheRelay() throws Exception {
    Name zone = TestZones.name("journal.relay.example.");
    backend.createZone(TestZones.streamed(zone, 1, 3));
    awaitNamedSerial(zone, 1);
    backend.updateZone(TestZones.streamed(zone, 2, 4)); // h3 added, the TXT changed
    awaitNamedSerial(zone, 2);
    Path history = directory.resolve("state/relay").resolve(zoneText(zone) + ".ixfr");
    assertTrue(Files.isRegularFile(history), "history kept in " + history);

    backend.close();
    backend = newBackend();
    backend.start();

    // A secondary still at serial 1 after the restart gets the difference, not the zone.
    long incrementalBefore = backend.counters().incrementalTransfers.get();
    long fullBefore = backend.counters().fullTransfers.get();
    ZoneTransferIn ixfr = ZoneTransferIn.newIXFR(zone, 1, false, backend.relayAddress(), null);
    ixfr.setTimeout(Duration.ofSeconds(10));
    ixfr.run();
    assertTrue(ixfr.isIXFR(), "answered by IXFR after the restart");
    assertEquals(1, ixfr.getIXFR().size(), "one difference, 1 -> 2");
    assertEquals(1, ixfr.getIXFR().get(0).start);
    assertEquals(2, ixfr.getIXFR().get(0).end);
    assertEquals(incrementalBefore + 1, backend.counters().incrementalTransfers.get());
    assertEquals(fullBefore, backend.counters().fullTransfers.get());

    // named takes the next change by IXFR too: SOA 3, [SOA 2, h0], [SOA 3, new], SOA 3.
    SOARecord from = TestZones.soa(zone, 2);
    SOARecord to = TestZones.soa(zone, 3);
    ARecord added =
        new ARecord(
            TestZones.name("new." + zone), DClass.IN, 300, InetAddress.getByName("192.0.2.98"));
    backend.applyChanges(
        new ZoneChanges(zone, from, to, List.of(TestZones.host(zone, 0)), List.of(added)));
    awaitNamedSerial(zone, 3);
    assertTrue(awaitLog(transferred(zone, 6, 3)), namedLogAbout(zone));
    // Both differences are kept on disk now: IXFR from serial 1 spans them.
    backend.close();
    backend = newBackend();
    backend.start();
    ZoneTransferIn both = ZoneTransferIn.newIXFR(zone, 1, false, backend.relayAddress(), null);
    both.setTimeout(Duration.ofSeconds(10));
    both.run();
    assertTrue(both.isIXFR());
    assertEquals(2, both.getIXFR().size(), "differences 1 -> 2 -> 3");

    backend.deleteZone(zone);
    assertFalse(Files.exists(history), "the history goes with the zone");
  }

  @Test
  void aDeletedZoneLeavesTheRelayAndMicrosoftDns() throws Exception {
    Name zone = TestZones.name("removed.relay.example.");
    backend.createZone(TestZones.streamed(zone, 3, 1));
    awaitNamedSerial(zone, 3);
    backend.deleteZone(zone);
    assertFalse(dns.zone(zoneText(zone)).isPresent(), "removed from Microsoft DNS");
    assertEquals(Optional.empty(), backend.findSoa(zone));
    SimpleResolver inside = new SimpleResolver(backend.relayAddress());
    inside.setTimeout(Duration.ofSeconds(5));
    assertEquals(Rcode.REFUSED, inside.send(soaQuery(zone)).getRcode(), "no longer relayed");
    assertFalse(
        Files.exists(directory.resolve("state/relay").resolve(zoneText(zone) + ".zone")),
        "its file is gone");
  }

  /** named's line for a finished transfer of one message with so many records, as a pattern. */
  private Pattern transferred(Name zone, int records, long serial) {
    return Pattern.compile(
        Pattern.quote(
                "transfer of '"
                    + zoneText(zone)
                    + "/IN' from 127.0.0.1#"
                    + relayPort
                    + ": Transfer completed: 1 messages, "
                    + records
                    + " records, ")
            + ".*"
            + Pattern.quote("(serial " + serial + ")"));
  }

  private static Message soaQuery(Name zone) {
    return Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
  }

  private static String zoneText(Name zone) {
    return PowerShellScripts.zoneName(zone);
  }

  private String namedLogAbout(Name zone) {
    StringBuilder sb = new StringBuilder();
    for (String line : named.log().split("\n")) {
      if (line.contains(zoneText(zone))) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  private boolean awaitLog(String text) throws InterruptedException {
    return awaitLog(Pattern.compile(Pattern.quote(text)));
  }

  private boolean awaitLog(Pattern line) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (line.matcher(named.log()).find()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}
