// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.IncrementalUpdates;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.OptionSpec;
import org.dnsagent.spi.SecondaryBackend;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.testing.contract.ContractContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up checks of {@code zone_mode = relay}: one line saying what to fix. */
class RelaySettingsTest {
  @TempDir Path dir;
  private ContractContext context;

  @BeforeEach
  void setUp() {
    // The agent's masters may be anywhere in relay mode: the agent transfers, not Microsoft DNS.
    context =
        ContractContext.in(dir)
            .withMasters(List.of(MasterServer.of(new InetSocketAddress("192.0.2.1", 5354))));
  }

  private static Map<String, String> relay() {
    Map<String, String> s = new HashMap<>();
    s.put("zone_mode", "relay");
    s.put("msdns_transport", "local");
    s.put("powershell_path", "/nonexistent/powershell");
    s.put("relay_listen", "127.0.0.1:0");
    s.put("relay_allow", "127.0.0.1");
    return s;
  }

  private Backend create(Map<String, String> settings) {
    return new MsDnsBackendFactory()
        .create(new BackendSettings("backend:agent:msdns", settings), context);
  }

  private String refused(Map<String, String> settings) {
    ConfigException e = assertThrows(ConfigException.class, () -> create(settings));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void relayModeIsAContentBackendWithIxfrAndAnInventory() {
    try (Backend backend = create(relay())) {
      assertInstanceOf(IncrementalUpdates.class, backend);
      assertInstanceOf(ZoneInventory.class, backend);
      assertFalse(backend instanceof SecondaryBackend);
      Backend.requireOneMode(backend);
    }
  }

  @Test
  void everyRelayOptionIsDeclared() {
    Set<String> declared =
        new MsDnsBackendFactory()
            .options().stream().map(OptionSpec::name).collect(Collectors.toSet());
    assertTrue(declared.containsAll(MsDnsBackendFactory.RELAY_OPTIONS), declared.toString());
    OptionSpec mode =
        new MsDnsBackendFactory()
            .options().stream().filter(o -> o.name().equals("zone_mode")).findFirst().orElseThrow();
    assertEquals(List.of("secondary", "relay"), mode.choices());
  }

  @Test
  void missingOrBadOptionsAreOneLineErrors() {
    Map<String, String> s = relay();
    s.remove("relay_listen");
    assertEquals(
        "[backend:agent:msdns] relay_listen: zone_mode = relay needs relay_listen: the"
            + " address:port Microsoft DNS transfers from, for example 192.0.2.53:53",
        refused(s));

    s = relay();
    s.put("relay_listen", "dns.example.net:53");
    assertTrue(refused(s).startsWith("[backend:agent:msdns] relay_listen = dns.example.net:53: "));

    s = relay();
    s.put("relay_listen", "127.0.0.1:99999");
    assertTrue(refused(s).contains("out of range"));

    s = relay();
    s.remove("relay_allow");
    assertTrue(refused(s).contains("zone_mode = relay needs relay_allow"));

    s = relay();
    s.put("relay_allow", "127.0.0.1, 10.0.0.0/33");
    assertTrue(refused(s).contains("prefix length"));

    s = relay();
    s.put("relay_listen", "0.0.0.0:53");
    assertTrue(refused(s).contains("is a wildcard: set relay_master_address"));

    s.put("relay_master_address", "192.0.2.53:5353");
    assertTrue(refused(s).contains("without a port"));

    s = relay();
    s.put("relay_allow", "192.0.2.0/24");
    assertTrue(refused(s).contains("set relay_notify"));

    s = relay();
    s.put("zone_mode", "primary");
    assertTrue(refused(s).contains("use secondary or relay"));
  }

  @Test
  void relayOptionsInSecondaryModeAreRefused() {
    Map<String, String> s = relay();
    s.put("zone_mode", "secondary");
    context = context.withMasters(List.of(MasterServer.of(new InetSocketAddress("192.0.2.1", 53))));
    assertTrue(refused(s).contains("only for zone_mode = relay"));
  }

  @Test
  void secondaryModeStillWantsMastersOnPort53() {
    Map<String, String> s = relay();
    s.put("zone_mode", "secondary");
    RelayOptions.stripRelay(s);
    assertTrue(refused(s).contains("only from port 53"));
  }

  @Test
  void theDefaultsFollowTheListenAndAllowOptions() {
    Map<String, String> s = relay();
    s.put("relay_listen", "192.0.2.53");
    s.put("relay_allow", "192.0.2.10, 192.0.2.11/32, 198.51.100.0/24");
    MsDnsBackendFactory.RelaySettings r =
        MsDnsBackendFactory.relaySettings(new BackendSettings("backend:agent:msdns", s));
    assertEquals(new InetSocketAddress("192.0.2.53", 53), r.listen());
    assertEquals("192.0.2.53", r.masterAddress().getHostAddress());
    assertEquals(
        List.of(new InetSocketAddress("192.0.2.10", 53), new InetSocketAddress("192.0.2.11", 53)),
        r.notifyTargets());
    assertEquals(10, r.ixfrHistory());

    s.put("relay_listen", "[::]:53");
    s.put("relay_master_address", "2001:db8::53");
    s.put("relay_notify", "192.0.2.10:5300, [2001:db8::10]");
    r = MsDnsBackendFactory.relaySettings(new BackendSettings("backend:agent:msdns", s));
    assertEquals("2001:db8:0:0:0:0:0:53", r.masterAddress().getHostAddress());
    assertEquals(
        List.of(
            new InetSocketAddress("192.0.2.10", 5300), new InetSocketAddress("2001:db8::10", 53)),
        r.notifyTargets());
  }

  @Test
  void aTakenRelayPortStopsTheStartInOneLineNamingTheAddressAndProtocol() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Map<String, String> s = relay();
      s.put("relay_listen", "127.0.0.1:" + taken.getLocalPort());
      try (Backend backend = create(s)) {
        BackendException e = assertThrows(BackendException.class, backend::start);
        assertEquals(BackendException.Kind.MISCONFIGURED, e.kind());
        assertTrue(
            e.getMessage()
                .startsWith(
                    "relay_listen = 127.0.0.1:"
                        + taken.getLocalPort()
                        + ": cannot listen on TCP 127.0.0.1:"
                        + taken.getLocalPort()
                        + ": "),
            e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
      }
    }
  }

  @Test
  void zonesAreKeptUnderTheRelayDirectoryOfTheStatePath() throws Exception {
    Map<String, String> s = relay();
    try (Backend backend = create(s)) {
      // Microsoft DNS (the stand-in powershell) is missing: the relay still starts and serves.
      BackendException e = assertThrows(BackendException.class, backend::start);
      assertTrue(Files.isDirectory(dir.resolve("relay")), "relay directory created");
      assertTrue(
          ((MsDnsRelayBackend) backend).relayAddress().getPort() > 0,
          "the relay listens even while Microsoft DNS cannot be reached: " + e.getMessage());
    }
  }

  /** Helpers for maps of settings. */
  static final class RelayOptions {
    static void stripRelay(Map<String, String> s) {
      MsDnsBackendFactory.RELAY_OPTIONS.forEach(s::remove);
    }
  }
}
