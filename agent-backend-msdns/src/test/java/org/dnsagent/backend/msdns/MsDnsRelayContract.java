// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * The backend contract in {@code zone_mode = relay}, through WinRM4j against the fakes: the
 * contract hands the zones' content to the backend, the relay keeps and serves them, and the fake
 * Microsoft DNS "transfers" them by asking the relay (its only master, as the scripts name it) for
 * the SOA, unsigned, from 127.0.0.1 (relay_allow). The real transfers (AXFR, IXFR after NOTIFY) to
 * a real secondary are in {@link RelayToNamedTest}.
 */
abstract class MsDnsRelayContract extends MsDnsWinRmContract {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Override
  protected void startServer() throws Exception {
    super.startServer();
    // Microsoft DNS dials port 53 of relay_master_address; here that is the relay's bound port.
    dns.route(this::relayAddress, null);
  }

  private InetSocketAddress relayAddress() {
    try {
      return backend == null ? null : ((MsDnsRelayBackend) backend).relayAddress();
    } catch (IllegalStateException notStarted) {
      return null;
    }
  }

  @Override
  Map<String, String> settings() {
    Map<String, String> settings = super.settings();
    settings.put("zone_mode", "relay");
    settings.put("relay_listen", "127.0.0.1:0");
    settings.put("relay_allow", "127.0.0.1");
    // Nobody listens there: NOTIFYs go unanswered (the fake takes changes by the refresh script).
    settings.put("relay_notify", "127.0.0.1:" + FreePorts.tcpAndUdp());
    return settings;
  }

  @Override
  protected Backend createBackend(BackendContext context) {
    return new MsDnsBackendFactory()
        .create(new BackendSettings("backend:agent:msdns", settings()), context);
  }

  /** The relay keeps zones in memory and on disk; a mid-sized zone keeps the test quick. */
  @Override
  protected int bigZoneHosts() {
    return 20_000;
  }

  @Test
  void theScriptsNameTheRelayAsTheOnlyMaster() throws Exception {
    Name zone = TestZones.name("scripts.relay.example.");
    PowerShellScripts scripts = new PowerShellScripts(PowerShellScripts.Api.of(api()));
    MsDnsRelayBackend relay = (MsDnsRelayBackend) backend;
    int before = dns.scripts().size();
    relay.createZone(TestZones.streamed(zone, 1, 1));
    relay.updateZone(TestZones.streamed(zone, 2, 1));
    relay.deleteZone(zone);
    List<String> sent = dns.scripts().subList(before, dns.scripts().size());
    assertEquals(
        List.of(
            scripts.create(List.of(zone), List.of(LOOPBACK)).text(),
            scripts.soa(List.of(zone)).text(),
            scripts.delete(List.of(zone)).text()),
        sent);
    assertTrue(sent.get(0).contains("$masters = @('127.0.0.1')"), sent.get(0));
  }

  @Test
  void microsoftDnsReachesTheRelayAtTheAddressTheScriptsGive() throws Exception {
    Name zone = TestZones.name("reached.relay.example.");
    ((MsDnsRelayBackend) backend).createZone(TestZones.streamed(zone, 42, 2));
    long deadline = System.nanoTime() + 20_000_000_000L;
    Long serial = null;
    while (System.nanoTime() < deadline) {
      serial = dns.zone("reached.relay.example").map(z -> z.serial).orElse(null);
      if (serial != null) {
        break;
      }
      Thread.sleep(50);
    }
    assertEquals(42L, serial, "the fake asked the relay for the SOA");
    assertEquals(List.of("127.0.0.1"), dns.zone("reached.relay.example").orElseThrow().masters);
    InetSocketAddress relay = ((MsDnsRelayBackend) backend).relayAddress();
    assertEquals(LOOPBACK, relay.getAddress());
  }
}
