// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.dnsagent.client.AgentClient;
import org.dnsagent.core.agent.AgentStartException;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * File modes (issue 17 item 11): the journal, zone files and state directories are created for
 * owner and group only, and an agent refuses to start on a state directory others may write to.
 */
class FileModesTest {
  private static final Name ZONE = TestZones.name("modes.test.");

  @TempDir Path dir;
  private KeyedAgents agents;

  @BeforeEach
  void start() throws Exception {
    agents = KeyedAgents.start(dir, b -> {});
    agents.publish(ZONE, 1, 2);
  }

  @AfterEach
  void stop() {
    agents.close();
  }

  @Test
  void stateIsCreatedForOwnerAndGroupOnly() throws Exception {
    agents.startAgent("a", Optional.empty(), "", List.of());
    AgentClient client =
        new AgentClient(
            agents.address("a"), Optional.empty(), java.time.Duration.ofSeconds(20), false);
    assertTrue(client.create(ZONE).succeeded());
    Path state = dir.resolve("a");
    Path zoneFile = agents.zoneFile("a", ZONE);
    assertEquals("rw-r-----", mode(zoneFile), "zone file");
    assertEquals("rwxr-x---", mode(zoneFile.getParent()), "zones directory");
    assertEquals("rwxr-x---", mode(state.resolve("journal")), "journal directory");
    try (Stream<Path> journal = Files.list(state.resolve("journal"))) {
      for (Path p : journal.toList()) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        assertFalse(perms.contains(PosixFilePermission.OTHERS_READ), p + " " + mode(p));
        assertFalse(perms.contains(PosixFilePermission.GROUP_WRITE), p + " " + mode(p));
      }
    }
  }

  @Test
  void aStateDirectoryOthersMayWriteToIsRefused() throws Exception {
    Path state = Files.createDirectories(dir.resolve("open"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
    AgentStartException e =
        assertThrows(
            AgentStartException.class,
            () -> agents.startAgent("open", Optional.empty(), "", List.of()));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().contains("writable by other users"), e.getMessage());
    assertTrue(e.getMessage().contains(state.toString()), e.getMessage());
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
