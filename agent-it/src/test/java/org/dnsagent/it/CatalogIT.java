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
import org.dnsagent.core.ops.OperationKind;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Catalog zones end to end: a real named produces the catalogs (and serves the member zones), the
 * agent follows them on the files backend. One named and one agent for the class; each test has its
 * own catalog so they do not disturb each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogIT {
  static final int MEMBERS = 40;
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dir;
  NamedServer named;
  Agent agent;
  int agentPort;

  @BeforeAll
  void start() throws Exception {
    agentPort = FreePorts.tcpAndUdp();
    NamedServer.Builder b = NamedServer.builder();
    StringBuilder conf = new StringBuilder();
    for (int i = 0; i < MEMBERS; i++) {
      String zone = String.format("m%02d.example.", i);
      b.file("m" + i + ".zone", zoneText(zone, 1));
      conf.append("zone \"")
          .append(zone)
          .append("\" { type primary; file \"m")
          .append(i)
          .append(".zone\"; allow-transfer { any; }; };\n");
    }
    for (String catalog :
        List.of("basic", "slow", "ids", "version", "guard", "names", "from", "to")) {
      String zone = catalog + ".catalogs.example.";
      CatalogProducer.emptyCatalog(b, zone);
      conf.append(CatalogProducer.zoneStatement(zone, List.of(agentPort)));
    }
    named = b.config(conf.toString()).start();
    String ini =
        TestAgents.serviceSettings(dir, agentPort, named.dnsPort())
            + "admin_listen = 127.0.0.1:0\n"
            + TestAgents.filesBackend(dir.resolve("zones"))
            + catalog("basic", "delete_delay = 0\nmax_deletions = 100%")
            + catalog("slow", "delete_delay = 3\nmax_deletions = 100%")
            + catalog("ids", "delete_delay = 0\nmax_deletions = 100%")
            + catalog("version", "delete_delay = 0\nmax_deletions = 100%")
            + catalog("guard", "delete_delay = 0\nmax_deletions = 2")
            + catalog("names", "delete_delay = 0\nmax_deletions = 100%")
            + catalog("from", "delete_delay = 0\nmax_deletions = 100%")
            + catalog("to", "delete_delay = 0\nmax_deletions = 100%");
    agent = TestAgents.start(dir.resolve("agent"), ini);
  }

  private static String catalog(String name, String options) {
    return "[catalog:" + name + "]\nzone = " + name + ".catalogs.example.\n" + options + "\n";
  }

  private static String zoneText(String zone, long serial) {
    return "$ORIGIN "
        + zone
        + "\n$TTL 300\n@ SOA ns hostmaster "
        + serial
        + " 60 60 600 60\n@ NS ns\nns A 127.0.0.1\nwww A 192.0.2.1\n";
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

  CatalogProducer producer(String name) {
    return new CatalogProducer(named, name + ".catalogs.example.");
  }

  Path zoneFile(String zone) {
    return ZoneFiles.pathFor(dir.resolve("zones"), TestZones.name(zone), ".zone");
  }

  boolean served(String zone) {
    return Files.exists(zoneFile(zone));
  }

  CatalogReport report(String name) {
    return agent.catalogs().show(name);
  }

  static void await(String what, java.util.function.BooleanSupplier condition) throws Exception {
    AgentFixture.await(what, WAIT, condition);
  }

  @Test
  void membersAddedAreCreatedAndMembersRemovedAreDeleted() throws Exception {
    CatalogProducer p = producer("basic");
    p.publish(
        new CatalogProducer.Content().member("a", "m00.example.").member("b", "m01.example."));
    await("m00 and m01 created", () -> served("m00.example.") && served("m01.example."));

    p.publish(new CatalogProducer.Content().member("a", "m00.example."));
    await("m01 deleted", () -> !served("m01.example."));
    assertTrue(served("m00.example."));
    assertEquals(1, report("basic").memberCount());
    assertEquals(p.serial(), report("basic").serial().orElseThrow());
  }

  @Test
  void aMemberBackWithinTheDelayIsNotDeletedAndOneThatStaysGoneIs() throws Exception {
    CatalogProducer p = producer("slow");
    p.publish(
        new CatalogProducer.Content().member("a", "m02.example.").member("b", "m03.example."));
    await("created", () -> served("m02.example.") && served("m03.example."));

    p.publish(new CatalogProducer.Content());
    await("two deletions pending", () -> report("slow").pendingDeletions().size() == 2);
    p.publish(new CatalogProducer.Content().member("a", "m02.example."));
    await("m02's deletion cancelled", () -> report("slow").pendingDeletions().size() == 1);
    await("m03 deleted after the delay", () -> !served("m03.example."));
    Thread.sleep(1000);
    assertTrue(served("m02.example."), "m02 came back in time and stays");
    assertEquals(List.of(), report("slow").pendingDeletions());
  }

  @Test
  void aMemberWhoseIdChangesIsRecreated() throws Exception {
    CatalogProducer p = producer("ids");
    p.publish(new CatalogProducer.Content().member("first", "m04.example."));
    await("created", () -> served("m04.example."));

    p.publish(new CatalogProducer.Content().member("second", "m04.example."));
    await(
        "m04 deleted and created again",
        () ->
            agent.operations().list().stream()
                .anyMatch(
                    v ->
                        v.kind() == OperationKind.DELETE
                            && v.key().zone().equals(name("m04.example."))));
    await("m04 served again", () -> served("m04.example.") && idle("m04.example."));
    assertEquals(
        "second",
        report("ids").members().stream()
            .filter(m -> m.zone().equals("m04.example."))
            .findFirst()
            .orElseThrow()
            .id());
  }

  @Test
  void aCatalogWithoutVersionIsIgnoredAndTheLastGoodMembershipKept() throws Exception {
    CatalogProducer p = producer("version");
    p.publish(
        new CatalogProducer.Content().member("a", "m05.example.").member("b", "m06.example."));
    await("created", () -> served("m05.example.") && served("m06.example."));

    p.publish(new CatalogProducer.Content().version(null));
    await("rejected", () -> report("version").lastError().orElse("").contains("version"));
    p.publish(new CatalogProducer.Content().version("1"));
    await(
        "version 1 rejected",
        () -> report("version").lastError().orElse("").contains("unsupported catalog version 1"));
    Thread.sleep(1500);
    assertTrue(served("m05.example.") && served("m06.example."), "nothing deleted");
    assertEquals(2, report("version").memberCount());

    p.publish(new CatalogProducer.Content().member("a", "m05.example."));
    await("a good catalog again applies", () -> !served("m06.example."));
    assertTrue(report("version").lastError().isEmpty());
  }

  @Test
  void aMassRemovalIsHeldUntilConfirmed() throws Exception {
    CatalogProducer p = producer("guard");
    CatalogProducer.Content all = new CatalogProducer.Content();
    for (int i = 10; i < 16; i++) {
      all.member("id" + i, String.format("m%02d.example.", i));
    }
    p.publish(all);
    await("six created", () -> report("guard").memberCount() == 6);
    for (int i = 10; i < 16; i++) {
      String zone = String.format("m%02d.example.", i);
      await(zone, () -> served(zone));
    }

    p.publish(new CatalogProducer.Content().member("id10", "m10.example."));
    await("held", () -> report("guard").held().isPresent());
    assertEquals(5, report("guard").held().get().deletions());
    Thread.sleep(1500);
    for (int i = 10; i < 16; i++) {
      assertTrue(served(String.format("m%02d.example.", i)), "held: nothing deleted");
    }

    assertTrue(agent.catalogs().confirm("guard"));
    await("applied after confirmation", () -> !served("m15.example."));
    for (int i = 11; i < 16; i++) {
      String zone = String.format("m%02d.example.", i);
      await(zone + " deleted", () -> !served(zone));
    }
    assertTrue(served("m10.example."));
    assertTrue(report("guard").held().isEmpty());
  }

  @Test
  void upperCaseAndEscapedMemberNamesAreTheirCanonicalZones() throws Exception {
    CatalogProducer p = producer("names");
    // M20.Example. is m20.example.; \109\050\049 is "m21".
    p.publish(
        new CatalogProducer.Content()
            .member("a", "M20.Example.")
            .member("b", "\\109\\050\\049.example."));
    await("created", () -> served("m20.example.") && served("m21.example."));
    assertEquals(2, report("names").memberCount());

    p.publish(new CatalogProducer.Content());
    await("deleted", () -> !served("m20.example.") && !served("m21.example."));
  }

  /**
   * RFC 9432 §5.6: a member whose {@code coo} names another catalog this agent follows moves there
   * with its zone intact; one whose {@code coo} names a catalog the agent does not follow is simply
   * removed.
   */
  @Test
  void changeOfOwnershipMovesAMemberToTheOtherCatalogWithoutDeletingIt() throws Exception {
    CatalogProducer from = producer("from");
    CatalogProducer to = producer("to");
    from.publish(
        new CatalogProducer.Content().member("x", "m30.example.").member("y", "m31.example."));
    await("created", () -> served("m30.example.") && served("m31.example."));

    from.publish(
        new CatalogProducer.Content()
            .member("x", "m30.example.")
            .member("y", "m31.example.")
            .property("coo.x.zones PTR to.catalogs.example.")
            .property("coo.y.zones PTR elsewhere.example."));
    to.publish(new CatalogProducer.Content().member("new", "m30.example."));
    await("the new owner lists it", () -> report("to").memberCount() == 1);
    await("the old owner saw the coo", () -> report("from").serial().orElse(0L) == from.serial());

    from.publish(new CatalogProducer.Content());
    await("m31 deleted (its coo names no catalog we follow)", () -> !served("m31.example."));
    await("m30 handed over", () -> report("from").memberCount() == 0);
    assertTrue(served("m30.example."), "the zone moved, it was not deleted");
    CatalogReport.MemberView moved = report("to").members().get(0);
    assertEquals("m30.example.", moved.zone());
    assertTrue(moved.owned(), "the new owner may delete it");

    to.publish(new CatalogProducer.Content());
    await("deleted by its new owner", () -> !served("m30.example."));
  }

  boolean idle(String zone) {
    return !agent.operations().isBusy(new org.dnsagent.core.ops.ZoneKey("default", name(zone)));
  }

  static Name name(String s) {
    return TestZones.name(s);
  }
}
