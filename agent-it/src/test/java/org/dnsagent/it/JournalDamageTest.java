// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.dnsagent.client.AgentClient;
import org.dnsagent.core.admin.AdminClient;
import org.dnsagent.core.admin.AdminEndpoint;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.ops.OperationState;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Journal damage fails safe (issue 17 item 12): with the record of a CREATE's success and the
 * record of the zone leaving the catalog damaged, a restarted agent neither re-runs the CREATE
 * after its DELETE nor lets reconciliation bring the zone back; it keeps the damaged file, holds
 * the work and reports the damage in status until an operator acknowledges it.
 */
class JournalDamageTest {
  private static final Name ZONE = TestZones.name("damaged.test.");

  @TempDir Path dir;
  private KeyedAgents agents;

  @BeforeEach
  void start() throws Exception {
    agents = KeyedAgents.start(dir, b -> {});
    agents.publish(ZONE, 4, 2);
  }

  @AfterEach
  void stop() {
    agents.close();
  }

  @Test
  void aDamagedRecordNeverMakesTheAgentActOnOlderState() throws Exception {
    agents.startAgent("a", Optional.empty(), "", List.of());
    AgentClient client =
        new AgentClient(agents.address("a"), Optional.empty(), Duration.ofSeconds(20), false);
    assertTrue(client.create(ZONE).succeeded());
    assertTrue(client.delete(ZONE).succeeded());
    agents.stop("a");
    assertFalse(Files.exists(agents.zoneFile("a", ZONE)));

    Path journalDir = dir.resolve("a/journal");
    Path log = journalDir.resolve("ops.log");
    List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
    int damaged = 0;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      boolean createDone = l.contains(" CREATE ") && l.contains(" SUCCEEDED ");
      boolean leftCatalog = l.contains(" Z ") && l.contains(ZONE.toString()) && l.endsWith(" 0");
      if (createDone || leftCatalog) {
        lines.set(i, flipLastDigitBeforeTheEnd(l));
        damaged++;
      }
    }
    assertEquals(2, damaged, "the records to damage: " + lines);
    Files.write(log, lines, StandardCharsets.UTF_8);

    Agent restarted = agents.startAgent("a", Optional.empty(), "", List.of());
    restarted.reconcileNow();
    Thread.sleep(3000);
    assertFalse(Files.exists(agents.zoneFile("a", ZONE)), "the deleted zone did not come back");

    assertTrue(restarted.status().journal().damage().isPresent(), "status reports the damage");
    try (Stream<Path> files = Files.list(journalDir)) {
      assertTrue(
          files.anyMatch(p -> p.getFileName().toString().startsWith("damaged-")),
          "the damaged journal is kept");
    }
    List<OperationView> held =
        restarted.operations().list(v -> v.key().zone().equals(ZONE)).stream()
            .filter(v -> v.detail().contains("journal"))
            .toList();
    assertFalse(held.isEmpty(), restarted.operations().list(v -> true).toString());
    held.forEach(v -> assertEquals(OperationState.FAILED, v.state(), v.toString()));

    // Still reported after another restart, until acknowledged.
    agents.stop("a");
    restarted = agents.startAgent("a", Optional.empty(), "", List.of());
    assertTrue(restarted.status().journal().damage().isPresent(), "reported until acknowledged");
    new AdminClient(
            new AdminEndpoint.Unix(restarted.adminSocket().orElseThrow()), Duration.ofSeconds(10))
        .call(Map.of("command", "ack-journal"));
    assertTrue(restarted.status().journal().damage().isEmpty(), "acknowledged");
    restarted.reconcileNow();
    Thread.sleep(2000);
    assertFalse(Files.exists(agents.zoneFile("a", ZONE)), "still gone after the acknowledgement");
  }

  /** One flipped character inside the record (its checksum no longer matches). */
  private static String flipLastDigitBeforeTheEnd(String line) {
    char[] c = line.toCharArray();
    int i = c.length - 1;
    c[i] = Character.isDigit(c[i]) ? (c[i] == '9' ? '8' : (char) (c[i] + 1)) : 'x';
    return new String(c);
  }
}
