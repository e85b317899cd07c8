// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.dnsagent.testing.TestZones.name;
import static org.dnsagent.testing.TestZones.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** The optional per-zone options reach named as written, and named accepts them. */
class Bind9ZoneOptionsTest {
  @TempDir Path state;

  @Test
  void allowTransferAlsoNotifyAndDnssecPolicyAreAppliedToAddedZones() throws Exception {
    try (NamedServer named = NamedServer.builder().start()) {
      Map<String, String> settings = TestTargets.settings(named, "native");
      settings.put("allow_transfer", "127.0.0.1, !192.0.2.0/24");
      settings.put("also_notify", "127.0.0.1:5399");
      settings.put("dnssec_policy", "default");
      settings.put("inline_signing", "yes");
      Name zone = name("options.example.");
      try (Bind9PrimaryBackend backend = TestTargets.primary(settings, ContractContext.in(state))) {
        backend.start();
        backend.createZone(small(zone, 7, "192.0.2.7"));
        assertTrue(backend.findSoa(zone).isPresent());
      }
      NamedServer.RndcOutput shown = named.rndc("showzone", "options.example");
      assertEquals(0, shown.exitCode(), shown.stderr());
      String text = shown.stdout().replaceAll("\\s+", " ");
      assertTrue(text.contains("allow-transfer { 127.0.0.1/32; !192.0.2.0/24; }"), text);
      assertTrue(text.contains("also-notify { 127.0.0.1 port 5399; }"), text);
      assertTrue(text.contains("dnssec-policy \"default\""), text);
      assertTrue(text.contains("inline-signing yes"), text);
    }
  }
}
