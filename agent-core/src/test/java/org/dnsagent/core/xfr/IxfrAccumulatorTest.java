// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.dnsagent.spi.ZoneChanges;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

class IxfrAccumulatorTest {
  private static final Name ZONE = Name.fromConstantString("ixfr.test.");

  @Test
  void foldsStepsIntoNetChanges() throws Exception {
    ARecord a1 = a("www", "192.0.2.1", 300);
    ARecord a2 = a("www", "192.0.2.2", 300);
    ARecord b = a("b", "192.0.2.9", 300);
    IxfrAccumulator acc = new IxfrAccumulator(ZONE);
    acc.startDeletes(soa(1));
    acc.record(a1);
    acc.startAdds(soa(2));
    acc.record(a2);
    acc.record(b);
    acc.startDeletes(soa(2));
    acc.record(b); // added then removed: gone from the additions
    acc.startAdds(soa(3));
    ZoneChanges changes = acc.result();
    assertEquals(1, changes.fromSerial());
    assertEquals(3, changes.toSerial());
    assertEquals(List.of(a2), changes.additions());
    assertEquals(List.of(a1, b), changes.deletions());
  }

  @Test
  void ttlChangeIsDeletionThenAddition() throws Exception {
    IxfrAccumulator acc = new IxfrAccumulator(ZONE);
    acc.startDeletes(soa(1));
    acc.record(a("www", "192.0.2.1", 300));
    acc.startAdds(soa(2));
    acc.record(a("www", "192.0.2.1", 60));
    ZoneChanges changes = acc.result();
    assertEquals(60, changes.additions().get(0).getTTL());
    assertEquals(1, changes.deletions().size());
  }

  private static ARecord a(String owner, String ip, long ttl) throws Exception {
    return new ARecord(new Name(owner, ZONE), DClass.IN, ttl, InetAddress.getByName(ip));
  }

  private static SOARecord soa(long serial) {
    return new SOARecord(
        ZONE,
        DClass.IN,
        300,
        Name.fromConstantString("ns.ixfr.test."),
        Name.fromConstantString("h.ixfr.test."),
        serial,
        60,
        60,
        600,
        60);
  }
}
