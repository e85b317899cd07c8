// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackendSettingsTest {
  private final BackendSettings s =
      new BackendSettings(
          "backend:agent:x",
          Map.of(
              "n",
              "42",
              "bad",
              "x",
              "d1",
              "0.5",
              "d2",
              "250ms",
              "d3",
              "2m",
              "list",
              "a, b,,c",
              "hp",
              "[::1]:53",
              "flag",
              "yes",
              "secret",
              "hunter2"),
          Set.of("secret"));

  @Test
  void typedValues() {
    assertEquals(42, s.getInt("n", 0, 0, 100));
    assertEquals(7, s.getInt("missing", 7, 0, 100));
    assertEquals(Duration.ofMillis(500), s.getDuration("d1", Duration.ZERO));
    assertEquals(Duration.ofMillis(250), s.getDuration("d2", Duration.ZERO));
    assertEquals(Duration.ofMinutes(2), s.getDuration("d3", Duration.ZERO));
    assertEquals(List.of("a", "b", "c"), s.getList("list"));
    assertEquals(new InetSocketAddress("::1", 53), s.getHostPort("hp", "127.0.0.1", 1));
    assertTrue(s.getBoolean("flag", false));
  }

  @Test
  void errorsNameSectionOptionAndValueButNeverASecret() {
    ConfigException e = assertThrows(ConfigException.class, () -> s.getInt("bad", 0, 0, 1));
    assertEquals("[backend:agent:x] bad = x: not an integer", e.getMessage());
    ConfigException range = assertThrows(ConfigException.class, () -> s.getInt("n", 0, 0, 10));
    assertEquals("[backend:agent:x] n = 42: must be between 0 and 10", range.getMessage());
    ConfigException secret = assertThrows(ConfigException.class, () -> s.getInt("secret", 0, 0, 1));
    assertFalse(secret.getMessage().contains("hunter2"));
    assertEquals(
        "[backend:agent:x] req: is required",
        assertThrows(ConfigException.class, () -> s.require("req")).getMessage());
  }

  @Test
  void hostPortForms() {
    assertEquals(new InetSocketAddress("192.0.2.1", 5354), HostPort.parse("192.0.2.1:5354", 53));
    assertEquals(new InetSocketAddress("192.0.2.1", 53), HostPort.parse("192.0.2.1", 53));
    assertEquals(new InetSocketAddress("2001:db8::1", 53), HostPort.parse("2001:db8::1", 53));
    assertEquals(
        "[2001:db8:0:0:0:0:0:1]:53", HostPort.format(new InetSocketAddress("2001:db8::1", 53)));
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("1.2.3.4:x", 53));
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("[::1", 53));
  }
}
