// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ZoneNamesTest {
  /** Names with bytes that must never reach a shell, a config file or a path. */
  static List<Name> hostileNames() throws Exception {
    return List.of(
        Name.fromString("a\\\"b.example."),
        Name.fromString("x\\;y.example."),
        Name.fromString("a\\{b\\}.example."),
        Name.fromString("\\.\\..example."),
        Name.fromString("a\\/b.example."),
        Name.fromString("\\.\\.\\/\\.\\.\\/etc.example."),
        Name.fromString("a\\\\b.example."),
        Name.fromString("a\\000b.example."),
        Name.fromString("a\\010b.example."),
        Name.fromString("a\\032b.example."),
        Name.fromString("a\\'b.example."),
        Name.fromString("$\\(id\\).example."));
  }

  @Test
  void acceptsOrdinaryZoneNames() throws Exception {
    for (String ok :
        List.of(
            "example.org.",
            "xn--bcher-kva.example.",
            "_tcp.example.",
            "0-25.2.0.192.in-addr.arpa.",
            "A-B.Example.")) {
      assertTrue(ZoneNames.isAcceptable(Name.fromString(ok)), ok);
    }
  }

  @Test
  void refusesHostileNames() throws Exception {
    for (Name n : hostileNames()) {
      assertTrue(ZoneNames.problem(n).isPresent(), n.toString());
    }
    assertFalse(ZoneNames.isAcceptable(Name.root));
    assertFalse(ZoneNames.isAcceptable(Name.fromString("relative", null)));
  }

  @Test
  void fileNamesNeverEscapeAndNeverCollide() throws Exception {
    Set<String> seen = new HashSet<>();
    Path dir = Path.of("/srv/zones");
    for (Name n : hostileNames()) {
      String file = ZoneNames.fileName(n, ".zone");
      assertTrue(file.matches("[a-z0-9.%~_-]+"), file);
      assertFalse(file.startsWith("."), file);
      assertEquals(dir, ZoneFiles.pathFor(dir, n, ".zone").getParent());
      assertTrue(seen.add(file), "collision on " + file);
    }
    assertNotEquals(
        ZoneNames.fileName(Name.fromString("a\\.b.example."), ""),
        ZoneNames.fileName(Name.fromString("a.b.example."), ""));
    assertEquals(
        ZoneNames.fileName(Name.fromString("EXAMPLE.org."), ""),
        ZoneNames.fileName(Name.fromString("example.ORG."), ""));
    assertEquals("_root.zone", ZoneNames.fileName(Name.root, ".zone"));
  }

  @Test
  void longestNamesGetShortHashedFileNames() throws Exception {
    String label = "a".repeat(63);
    Name longest = Name.fromString(label + "." + label + "." + label + "." + "b".repeat(61) + ".");
    assertEquals(255, longest.length());
    Name other = Name.fromString(label + "." + label + "." + label + "." + "c".repeat(61) + ".");
    String f1 = ZoneNames.fileName(longest, ".zone");
    String f2 = ZoneNames.fileName(other, ".zone");
    assertTrue(f1.length() <= 200, f1);
    assertNotEquals(f1, f2);
    assertTrue(ZoneNames.isAcceptable(longest));
  }
}
