// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.dnsagent.testing.DnsQueries.firstA;
import static org.dnsagent.testing.DnsQueries.query;
import static org.dnsagent.testing.TestZones.name;
import static org.dnsagent.testing.TestZones.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/** Split horizon: two targets, each its own backend and view, selected by TSIG key. */
class Bind9ViewsTest {
  @TempDir Path state;

  @Test
  void twoViewsMatchedByTsigKeyServeDifferentDataForTheSameZone() throws Exception {
    TsigKeySpec k1 = new TsigKeySpec("k1", "hmac-sha256", NamedServer.newSecret());
    TsigKeySpec k2 = new TsigKeySpec("k2", "hmac-sha512", NamedServer.newSecret());
    String views =
        NamedServer.keyStatement(k1.name(), k1.algorithm(), k1.secret())
            + NamedServer.keyStatement(k2.name(), k2.algorithm(), k2.secret())
            + "view \"v1\" { match-clients { key k1; }; };\n"
            + "view \"v2\" { match-clients { key k2; }; };\n";
    Name zone = name("split.example.");
    Name www = name("www.split.example.");
    try (NamedServer named = NamedServer.builder().config(views).start()) {
      TestTargets.RecordingTransport rndc1 = transport(named, "v1", k1, "native");
      TestTargets.RecordingTransport rndc2 = transport(named, "v2", k2, "exec");
      try (Bind9PrimaryBackend one = backend(named, "v1", k1, rndc1);
          Bind9PrimaryBackend two = backend(named, "v2", k2, rndc2)) {
        one.start();
        two.start();
        one.createZone(small(zone, 10, "192.0.2.1"));
        two.createZone(small(zone, 20, "192.0.2.2"));

        assertEquals(10, one.findSoa(zone).orElseThrow().getSerial());
        assertEquals(20, two.findSoa(zone).orElseThrow().getSerial());
        assertEquals(
            Optional.of("192.0.2.1"), firstA(query(named.dnsAddress(), www, Type.A, tsig(k1))));
        assertEquals(
            Optional.of("192.0.2.2"), firstA(query(named.dnsAddress(), www, Type.A, tsig(k2))));
        assertEquals(Rcode.REFUSED, query(named.dnsAddress(), www, Type.A).getRcode(), "no view");

        one.deleteZone(zone);
        assertEquals(Rcode.REFUSED, query(named.dnsAddress(), zone, Type.SOA, tsig(k1)).getRcode());
        assertEquals(20, two.findSoa(zone).orElseThrow().getSerial(), "v2 keeps its zone");
      }
      assertNamesView(rndc1.commands(), "v1");
      assertNamesView(rndc2.commands(), "v2");
    }
  }

  private static Optional<TSIG> tsig(TsigKeySpec key) {
    return Optional.of(key.toTsig());
  }

  /** Every zone command carries class and view explicitly. */
  private static void assertNamesView(List<List<String>> commands, String view) {
    assertTrue(commands.size() >= 3, commands.toString());
    for (List<String> command : commands) {
      if (!command.get(0).equals("status")) {
        int in = command.indexOf("IN");
        assertTrue(in > 0 && command.get(in + 1).equals(view), command.toString());
      }
    }
  }

  private Map<String, String> settings(NamedServer named, String view, TsigKeySpec key, String t) {
    Map<String, String> settings = TestTargets.settings(named, t);
    settings.put("view", view);
    settings.put("query_tsig_key", key.name() + ":" + key.algorithm() + ":" + key.secret());
    return settings;
  }

  private TestTargets.RecordingTransport transport(
      NamedServer named, String view, TsigKeySpec key, String t) {
    ContractContext context = ContractContext.in(state.resolve(view));
    Bind9Config config = TestTargets.config(settings(named, view, key, t), context);
    return new TestTargets.RecordingTransport(Bind9BackendFactory.transport(config, context));
  }

  private Bind9PrimaryBackend backend(
      NamedServer named, String view, TsigKeySpec key, TestTargets.RecordingTransport rndc) {
    ContractContext context = ContractContext.in(state.resolve(view));
    Bind9Config config = TestTargets.config(settings(named, view, key, rndc.name()), context);
    return new Bind9PrimaryBackend(config, rndc, List.of());
  }
}
