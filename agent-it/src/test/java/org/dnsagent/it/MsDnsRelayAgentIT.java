// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.dnsagent.backend.msdns.FakeWindowsDns;
import org.dnsagent.backend.msdns.FakeWsMan;
import org.dnsagent.testing.DnsQueries;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The msdns backend in {@code zone_mode = relay} inside a running agent fed by a master: the
 * controller's CREATE makes the agent transfer the zone from the local master (on a high port,
 * which Microsoft DNS could not use), the relay serves it, and the WS-Management fake, standing in
 * for Microsoft DNS's PowerShell, hands the secondary zone it is told to create to a real named,
 * which transfers it from the relay. The master's NOTIFY makes the agent take the change by IXFR
 * and the relay's NOTIFY makes named take it by IXFR too; DELETE removes it everywhere.
 */
class MsDnsRelayAgentIT {
  private static final String USER = "dnsagent";
  private static final String PASSWORD = "relay-it-password";

  @TempDir Path dir;

  @Test
  void aZoneFromTheMasterReachesTheSecondaryThroughTheRelayAndFollowsItsUpdates() throws Exception {
    int relayPort = FreePorts.tcpAndUdp();
    Path passwordFile = Files.writeString(dir.resolve("winrm-password"), PASSWORD + "\n");
    FakeWindowsDns windows = new FakeWindowsDns();
    windows.route(new java.net.InetSocketAddress("127.0.0.1", relayPort), null);
    try (NamedServer named = NamedServer.builder().parentDirectory(dir).start();
        FakeWsMan wsman = new FakeWsMan(windows, USER, PASSWORD)) {
      windows.onZones(
          (zone, masters) ->
              named.rndc(
                  "addzone",
                  zone,
                  "{ type secondary; primaries { "
                      + masters.get(0)
                      + " port "
                      + relayPort
                      + "; }; file \"sec-"
                      + zone
                      + ".db\"; };"),
          zone -> named.rndc("delzone", zone));
      wsman.start();
      String settings =
          "backend_driver = msdns\n"
              + "[backend:agent:msdns]\n"
              + "zone_mode = relay\n"
              + "msdns_transport = winrm\n"
              + ("winrm_endpoint = " + wsman.endpoint() + "\n")
              + "winrm_auth = basic\n"
              + ("winrm_user = " + USER + "\n")
              + ("winrm_password_file = " + passwordFile + "\n")
              + ("relay_listen = 127.0.0.1:" + relayPort + "\n")
              + "relay_allow = 127.0.0.1\n"
              + ("relay_notify = 127.0.0.1:" + named.dnsPort() + "\n");
      try (AgentFixture f = AgentFixture.start(dir.resolve("agent"), settings, true)) {
        Name zone = TestZones.name("through.relay.example.");
        f.publish(zone, 1, 3);
        assertTrue(f.client().create(zone).succeeded(), "CREATE");
        awaitSerial(named, zone, 1);
        assertEquals(
            List.of("127.0.0.1"),
            windows.zone("through.relay.example").orElseThrow().masters,
            "Microsoft DNS's zone names the relay as its master");

        // The master NOTIFYs the agent; the agent transfers by IXFR and the relay NOTIFYs named.
        f.publish(zone, 2, 4);
        awaitSerial(named, zone, 2);
        assertEquals(
            Optional.of(TestZones.host(zone, 3).getAddress().getHostAddress()),
            DnsQueries.firstA(
                DnsQueries.query(named.dnsAddress(), TestZones.host(zone, 3).getName(), Type.A)));
        // IXFR of one change (SOA 2, [SOA 1, old TXT], [SOA 2, h3, new TXT], SOA 2): 7 records,
        // where an AXFR of serial 2 would be 9.
        Pattern ixfr =
            Pattern.compile(
                Pattern.quote(
                        "transfer of 'through.relay.example/IN' from 127.0.0.1#"
                            + relayPort
                            + ": Transfer completed: 1 messages, 7 records, ")
                    + ".*\\(serial 2\\)");
        AgentFixture.await(
            "named's IXFR from the relay",
            Duration.ofSeconds(30),
            () -> ixfr.matcher(named.log()).find());

        assertTrue(f.client().delete(zone).succeeded(), "DELETE");
        assertFalse(windows.zone("through.relay.example").isPresent(), "gone from Microsoft DNS");
        AgentFixture.await(
            "named drops the zone",
            Duration.ofSeconds(30),
            () -> DnsQueries.servedSerial(named.dnsAddress(), zone).isEmpty());
        assertFalse(
            Files.exists(f.dir.resolve("state/relay/through.relay.example.zone")),
            "the relay's file is gone");
      }
    } finally {
      windows.close();
    }
  }

  private static void awaitSerial(NamedServer named, Name zone, long serial)
      throws InterruptedException {
    AgentFixture.await(
        "named serving " + zone + " at serial " + serial,
        Duration.ofSeconds(30),
        () -> {
          OptionalLong seen = DnsQueries.servedSerial(named.dnsAddress(), zone);
          return seen.isPresent() && seen.getAsLong() == serial;
        });
  }
}
