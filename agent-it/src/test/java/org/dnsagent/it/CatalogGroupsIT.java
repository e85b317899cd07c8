// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog's {@code group} property selects the target (a view, say) through {@code
 * group_targets}; a member whose group changes moves from one target to the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogGroupsIT {
  static final String CATALOG = "groups.catalogs.example.";

  @TempDir static Path dir;
  NamedServer named;
  Agent agent;

  @BeforeAll
  void start() throws Exception {
    int agentPort = FreePorts.tcpAndUdp();
    StringBuilder conf = new StringBuilder();
    NamedServer.Builder b = NamedServer.builder();
    for (int i = 0; i < 3; i++) {
      String zone = "g" + i + ".example.";
      b.file(
          "g" + i + ".zone",
          "$ORIGIN "
              + zone
              + "\n$TTL 300\n@ SOA ns hostmaster 1 60 60 600 60\n"
              + "@ NS ns\nns A 127.0.0.1\n");
      conf.append("zone \"")
          .append(zone)
          .append("\" { type primary; file \"g")
          .append(i)
          .append(".zone\"; allow-transfer { any; }; };\n");
    }
    CatalogProducer.emptyCatalog(b, CATALOG);
    conf.append(CatalogProducer.zoneStatement(CATALOG, List.of(agentPort)));
    named = b.config(conf.toString()).start();
    String ini =
        TestAgents.serviceSettings(dir, agentPort, named.dnsPort())
            + "admin_listen = 127.0.0.1:0\ntargets = outside, inside\n"
            + "[target:outside]\nbackend_driver = files\nzone_file_path = "
            + dir.resolve("outside")
            + "\n[target:inside]\nbackend_driver = files\nzone_file_path = "
            + dir.resolve("inside")
            + "\n[catalog:groups]\nzone = "
            + CATALOG
            + "\ndelete_delay = 0\nmax_deletions = 100%\n"
            + "group_targets = internal:inside\n";
    agent = TestAgents.start(dir.resolve("agent"), ini);
  }

  @AfterAll
  void stop() {
    if (agent != null) {
      agent.close();
    }
    if (named != null) {
      named.close();
    }
  }

  boolean in(String target, String zone) {
    return Files.exists(ZoneFiles.pathFor(dir.resolve(target), TestZones.name(zone), ".zone"));
  }

  @Test
  void groupsSelectTheTargetAndAGroupChangeMovesTheZone() throws Exception {
    CatalogProducer p = new CatalogProducer(named, CATALOG);
    p.publish(
        new CatalogProducer.Content()
            .member("a", "g0.example.")
            .member("b", "g1.example.")
            .property("group.b.zones TXT \"internal\"")
            .member("c", "g2.example.")
            .property("group.c.zones TXT \"unmapped\""));
    Duration wait = Duration.ofSeconds(30);
    AgentFixture.await("g0 outside", wait, () -> in("outside", "g0.example."));
    AgentFixture.await("g1 inside", wait, () -> in("inside", "g1.example."));
    AgentFixture.await(
        "g2 outside (its group maps nowhere)", wait, () -> in("outside", "g2.example."));
    assertFalse(in("inside", "g0.example."));
    assertFalse(in("outside", "g1.example."));

    // g0 joins the internal group: it moves inside and leaves the outside target.
    p.publish(
        new CatalogProducer.Content()
            .member("a", "g0.example.")
            .property("group.a.zones TXT \"internal\"")
            .member("b", "g1.example.")
            .property("group.b.zones TXT \"internal\"")
            .member("c", "g2.example."));
    AgentFixture.await("g0 inside", wait, () -> in("inside", "g0.example."));
    AgentFixture.await("g0 gone outside", wait, () -> !in("outside", "g0.example."));
    assertTrue(in("inside", "g1.example.") && in("outside", "g2.example."));
  }
}
