// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressAclTest {
  @Test
  void matchesAddressesAndPrefixes() throws Exception {
    AddressAcl acl = AddressAcl.parse(List.of("192.0.2.10", "198.51.100.0/25", "2001:db8::/32"));
    assertTrue(acl.allows(InetAddress.getByName("192.0.2.10")));
    assertFalse(acl.allows(InetAddress.getByName("192.0.2.11")));
    assertTrue(acl.allows(InetAddress.getByName("198.51.100.127")));
    assertFalse(acl.allows(InetAddress.getByName("198.51.100.128")));
    assertTrue(acl.allows(InetAddress.getByName("2001:db8:1::5")));
    assertFalse(acl.allows(InetAddress.getByName("2001:db9::5")));
  }

  @Test
  void ipv4MappedAddressesMatchIpv4Entries() throws Exception {
    AddressAcl acl = AddressAcl.parse(List.of("127.0.0.0/8"));
    assertTrue(acl.allows(InetAddress.getByName("::ffff:127.0.0.1")));
  }

  @Test
  void emptyAllowsNobody() throws Exception {
    assertFalse(AddressAcl.parse(List.of()).allows(InetAddress.getByName("127.0.0.1")));
  }

  @Test
  void rejectsNamesAndBadPrefixes() {
    assertThrows(IllegalArgumentException.class, () -> AddressAcl.parse(List.of("localhost")));
    assertThrows(IllegalArgumentException.class, () -> AddressAcl.parse(List.of("10.0.0.0/33")));
    assertThrows(IllegalArgumentException.class, () -> AddressAcl.parse(List.of("10.0.0.0/x")));
  }
}
