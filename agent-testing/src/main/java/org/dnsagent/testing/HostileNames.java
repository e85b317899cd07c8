// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing;

import java.util.ArrayList;
import java.util.List;
import org.dnsagent.spi.ZoneContent;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * Zone names built to break out of a quoted config string, a command line, a script or a directory
 * ({@link #all()}: a backend must refuse them before anything reaches its server), and names that
 * look odd but are valid ({@link #odd()}: a backend must handle them).
 */
public final class HostileNames {
  private HostileNames() {}

  /** Names every backend must refuse (REJECTED) without contacting its server. */
  public static List<Name> all() {
    return List.of(
        TestZones.name("a\\\"b.example."), // a"b
        TestZones.name("x;y.example."),
        TestZones.name("a/b.example."),
        TestZones.name("\\.\\..\\.\\..etc.example."), // labels ".." ".."
        TestZones.name("a\\\\b.example."), // backslash
        TestZones.name("a\\000b.example."), // NUL
        TestZones.name("a\\010b.example."), // newline
        TestZones.name("a\\013b.example."), // carriage return
        TestZones.name("\\{.example."),
        TestZones.name("\\}.example."),
        TestZones.name("a\\032b.example."), // space
        TestZones.name("x\\\";\\010delzone.example."),
        TestZones.name("a'b.example."),
        TestZones.name("$(reboot).example."),
        TestZones.name("`id`.example."),
        TestZones.name("a|b.example."),
        TestZones.name("a\\255b.example."), // not ASCII
        Name.root);
  }

  /**
   * Valid names that tempt shortcuts: a 63-octet label, a 255-octet name, IDN and service labels, a
   * leading hyphen (never to be read as a program option), upper case.
   */
  public static List<Name> odd() {
    List<Name> names = new ArrayList<>();
    names.add(TestZones.name("a".repeat(63) + ".odd.example."));
    names.add(longest());
    names.add(TestZones.name("xn--bcher-kva.odd.example."));
    names.add(TestZones.name("_tcp.odd.example."));
    names.add(TestZones.name("_sip._udp.odd.example."));
    names.add(TestZones.name("-oops.odd.example."));
    names.add(TestZones.name("UPPER.Odd.Example."));
    names.add(TestZones.name("0.1.digits.example."));
    return names;
  }

  /** A name of exactly 255 octets in wire form: four labels of 63, then 61, ending in .example. */
  public static Name longest() {
    // wire length = sum(1 + label) + 1 for the root: 3 * 64 + (1 + 53) + 8 ("example") + 1 = 255
    String l63 = "l".repeat(63);
    Name name = TestZones.name(l63 + "." + l63 + "." + l63 + "." + "m".repeat(53) + ".example.");
    if (name.length() != 255) {
      throw new IllegalStateException("expected 255 octets, got " + name.length());
    }
    return name;
  }

  /** An SOA for a hostile name (never sent anywhere). */
  public static SOARecord soa(Name zone) {
    Name ns = Name.root;
    return new SOARecord(zone, DClass.IN, 300, ns, ns, 1, 60, 60, 600, 60);
  }

  /** A one-record zone for a hostile name. */
  public static ZoneContent content(Name zone) {
    return ZoneContent.of(zone, List.of(soa(zone)));
  }
}
