// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.TsigKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZoneStanzaTest {
  private static final Path FILE = Path.of("/var/lib/dns-agent/zones/example.org.zone");

  @Test
  void primaryZoneNamesItsTypeAndQuotedFile() {
    ZoneStanza stanza =
        new ZoneStanza(
            ZoneMode.PRIMARY,
            FILE,
            List.of(),
            List.of(),
            List.of(),
            Optional.empty(),
            Optional.empty());
    assertEquals(
        "{ type primary; file \"/var/lib/dns-agent/zones/example.org.zone\"; };", stanza.render());
  }

  @Test
  void secondaryZoneListsPrimariesWithPortsAndKeys() {
    MasterServer plain = MasterServer.of(new InetSocketAddress("192.0.2.10", 5354));
    MasterServer keyed =
        new MasterServer(
            new InetSocketAddress("2001:db8::1", 53),
            Optional.of(new TsigKeySpec("xfr-key", "hmac-sha256", "c2VjcmV0")));
    ZoneStanza stanza =
        new ZoneStanza(
            ZoneMode.SECONDARY,
            FILE,
            List.of(plain, keyed),
            List.of(),
            List.of(),
            Optional.empty(),
            Optional.empty());
    assertEquals(
        "{ type secondary; file \"/var/lib/dns-agent/zones/example.org.zone\"; primaries {"
            + " 192.0.2.10 port 5354; 2001:db8:0:0:0:0:0:1 port 53 key \"xfr-key\"; }; };",
        stanza.render());
  }

  @Test
  void extrasAreRenderedByTheSameTemplate() {
    ZoneStanza stanza =
        new ZoneStanza(
            ZoneMode.PRIMARY,
            FILE,
            List.of(),
            List.of("192.0.2.0/24", "key k1", "!192.0.2.7", "none"),
            List.of(new InetSocketAddress("192.0.2.53", 5300)),
            Optional.of("default"),
            Optional.of(true));
    assertEquals(
        "{ type primary; file \"/var/lib/dns-agent/zones/example.org.zone\"; allow-transfer {"
            + " 192.0.2.0/24; key \"k1\"; !192.0.2.7; none; }; also-notify { 192.0.2.53 port"
            + " 5300; }; dnssec-policy \"default\"; inline-signing yes; };",
        stanza.render());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"a\"b", "back\\slash", "new\nline", "nul\0byte", "tab\tchar", "del\u007f"})
  void quotingRefusesWhatBindCannotCarry(String value) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ZoneStanza.quote(value));
    assertEquals(true, e.getMessage().contains("cannot be quoted"), e.getMessage());
  }

  @Test
  void quotingKeepsOrdinaryText() {
    assertEquals("\"/srv/dns zones/ünïcode;{}\"", ZoneStanza.quote("/srv/dns zones/ünïcode;{}"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"example.org", "192.0.2.1; any", "10.0.0.0/33", "key", "1.2.3", "{ any; }"})
  void addressMatchElementsThatAreNotAddressesAreRefused(String element) {
    assertThrows(IllegalArgumentException.class, () -> ZoneStanza.addressMatchElement(element));
  }

  @Test
  void addressMatchElementsAreNormalised() {
    assertEquals("any", ZoneStanza.addressMatchElement(" ANY "));
    assertEquals("!10.0.0.0/8", ZoneStanza.addressMatchElement("! 10.0.0.0/8"));
    assertEquals("key \"transfer-key\"", ZoneStanza.addressMatchElement("key transfer-key"));
    assertThrows(IllegalArgumentException.class, () -> ZoneStanza.addressMatchElement("key a\"b"));
  }
}
