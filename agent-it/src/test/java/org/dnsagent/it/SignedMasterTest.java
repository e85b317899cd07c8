// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.dnsagent.client.AgentClient;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * The agent's side of transfers from a master that requires TSIG: SOA queries, multi-message AXFR
 * and IXFR signed with the master's key and verified on the way back.
 */
class SignedMasterTest {
  private static final TsigKeySpec XFR =
      new TsigKeySpec("xfr-key", "hmac-sha512", "eGZyLWtleS1zaGFyZWQtd2l0aC10aGUtbWFzdGVy");
  private static final TsigKeySpec OTHER =
      new TsigKeySpec("xfr-key", "hmac-sha512", "YW5vdGhlci1zZWNyZXQtdW5kZXItdGhlLXNhbWUtbmFtZQ==");
  private static final Name ZONE = TestZones.name("big.signed.test.");

  @TempDir Path dir;
  private KeyedAgents agents;

  @BeforeEach
  void start() throws Exception {
    agents = KeyedAgents.start(dir, m -> m.tsigKey(XFR).requireTsig(true));
    // ~4,000 records: the master answers the AXFR in many signed messages.
    agents.publish(ZONE, 100, 4000);
  }

  @AfterEach
  void stop() {
    agents.close();
  }

  @Test
  void multiMessageAxfrAndIxfrAreSignedAndVerified() throws Exception {
    agents.startAgent("a", Optional.of(XFR), "", List.of(XFR));
    AgentClient client = client("a");
    AgentResponse created = client.create(ZONE);
    assertTrue(created.succeeded(), created.describe());
    assertEquals(
        new HashSet<>(TestZones.records(ZONE, 100, 4000)),
        new HashSet<>(EndToEndTest.read(agents.zoneFile("a", ZONE), ZONE)));

    agents.publish(ZONE, 101, 4010);
    assertTrue(client.notify(ZONE).succeeded());
    AgentFixture.await("serial 101", Duration.ofSeconds(20), () -> agents.serial("a", ZONE) == 101);
    AgentFixture.await(
        "the IXFR to be recorded",
        Duration.ofSeconds(5),
        () -> details(agents, "a").stream().anyMatch(d -> d.contains("IXFR 100 -> 101")));
    assertEquals(
        new HashSet<>(TestZones.records(ZONE, 101, 4010)),
        new HashSet<>(EndToEndTest.read(agents.zoneFile("a", ZONE), ZONE)));
  }

  @Test
  void withoutTheKeyOrWithAWrongSecretNothingIsTransferred() throws Exception {
    agents.startAgent("unsigned", Optional.empty(), "", List.of());
    agents.startAgent("wrong", Optional.of(OTHER), "", List.of(OTHER));
    for (String name : List.of("unsigned", "wrong")) {
      AgentResponse r = client(name).create(ZONE);
      assertEquals(Rcode.SERVFAIL, r.rcode(), name + ": " + r.describe());
      assertFalse(Files.exists(agents.zoneFile(name, ZONE)), name);
    }
  }

  private AgentClient client(String agent) {
    return new AgentClient(agents.address(agent), Optional.empty(), Duration.ofSeconds(20), false);
  }

  private List<String> details(KeyedAgents all, String agent) {
    Agent a = all.agent(agent);
    return a.operations().list().stream().map(OperationView::detail).toList();
  }
}
