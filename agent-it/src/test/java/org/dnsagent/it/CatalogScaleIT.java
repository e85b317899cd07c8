// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.catalog.CatalogReport;
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
 * A catalog of 10,000 members from a real named, applied from nothing; then one member more, which
 * must come by IXFR and cost one entry's work, not a comparison of the whole catalog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogScaleIT {
  static final int MEMBERS = 10_000;
  static final String CATALOG = "big.catalogs.example.";

  @TempDir static Path dir;
  NamedServer named;
  Agent agent;

  static String member(int i) {
    return String.format("s%05d.example.", i);
  }

  @BeforeAll
  void start() throws Exception {
    int agentPort = FreePorts.tcpAndUdp();
    StringBuilder conf = new StringBuilder();
    // Every member zone is the same relative zone file: named reads it once per zone.
    for (int i = 0; i <= MEMBERS; i++) {
      conf.append("zone \"")
          .append(member(i))
          .append("\" { type primary; file \"member.zone\";")
          .append(" allow-transfer { any; }; };\n");
    }
    conf.append(CatalogProducer.zoneStatement(CATALOG, List.of(agentPort)));
    named =
        CatalogProducer.emptyCatalog(NamedServer.builder(), CATALOG)
            .file(
                "member.zone",
                "$TTL 300\n@ SOA ns hostmaster 1 60 60 600 60\n@ NS ns\nns A 127.0.0.1\n")
            .config(conf.toString())
            .startTimeout(Duration.ofSeconds(120))
            .start();
    String ini =
        TestAgents.serviceSettings(dir, agentPort, named.dnsPort())
            + "admin_listen = 127.0.0.1:0\n"
            + TestAgents.filesBackend(dir.resolve("zones"))
            + "[catalog:big]\nzone = "
            + CATALOG
            + "\ndelete_delay = 0\n";
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

  boolean served(int i) {
    return Files.exists(
        ZoneFiles.pathFor(dir.resolve("zones"), TestZones.name(member(i)), ".zone"));
  }

  @Test
  void tenThousandMembersAreAllProvisionedThenOneMoreByIxfr() throws Exception {
    CatalogProducer producer = new CatalogProducer(named, CATALOG);
    CatalogProducer.Content content = new CatalogProducer.Content();
    for (int i = 0; i < MEMBERS; i++) {
      content.member("id" + i, member(i));
    }
    long start = System.nanoTime();
    producer.publish(content);
    AgentFixture.await(
        "all members served",
        Duration.ofSeconds(300),
        () -> agent.catalog().size() == MEMBERS && agent.operations().depth() == 0);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("catalog of %d members applied from nothing in %.1f s%n", MEMBERS, seconds);
    for (int i = 0; i < MEMBERS; i += 97) {
      assertTrue(served(i), member(i));
    }
    assertTrue(served(MEMBERS - 1));

    content.member("id" + MEMBERS, member(MEMBERS));
    long one = System.nanoTime();
    producer.publish(content);
    AgentFixture.await("the new member served", Duration.ofSeconds(60), () -> served(MEMBERS));
    System.out.printf(
        "one member added to %d: served in %.0f ms%n", MEMBERS, (System.nanoTime() - one) / 1e6);
    CatalogReport report = agent.catalogs().show("big");
    assertEquals(MEMBERS + 1, report.memberCount());
    assertTrue(
        report.lastUpdate().startsWith("IXFR, 1 records changed, 1 member zones compared"),
        report.lastUpdate());
  }
}
