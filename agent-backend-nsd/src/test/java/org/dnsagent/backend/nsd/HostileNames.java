// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.util.List;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.testing.TestZones;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/** Zone names built to break out of a quoted config string, a command line or a directory. */
final class HostileNames {
  private HostileNames() {}

  static List<Name> all() {
    return List.of(
        TestZones.name("a\\\"b.example."), // a"b
        TestZones.name("x;y.example."),
        TestZones.name("a/b.example."),
        TestZones.name("\\.\\..\\.\\..etc.example."), // labels ".." ".."
        TestZones.name("a\\\\b.example."), // backslash
        TestZones.name("a\\000b.example."), // NUL
        TestZones.name("a\\010b.example."), // newline
        TestZones.name("\\{.example."),
        TestZones.name("\\}.example."),
        TestZones.name("a\\032b.example."), // space
        TestZones.name("x\\\";\\010delzone.example."),
        TestZones.name("a'b.example."),
        Name.root);
  }

  static SOARecord soa(Name zone) {
    Name ns = Name.root;
    return new SOARecord(zone, DClass.IN, 300, ns, ns, 1, 60, 60, 600, 60);
  }

  static ZoneContent content(Name zone) {
    return ZoneContent.of(zone, List.of(soa(zone)));
  }
}
