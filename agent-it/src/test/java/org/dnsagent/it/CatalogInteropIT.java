// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.dnsagent.testing.servers.KnotServer;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The agent follows the same catalog as BIND 9.18's and Knot 3.2's own catalog consumers, from the
 * same real named producer, and ends every step with the same member set as both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogInteropIT {
  static final String CATALOG = "interop.catalogs.example.";
  static final int CANDIDATES = 8;
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path dir;
  NamedServer producer;
  NamedServer bind;
  KnotServer knot;
  Agent agent;
  CatalogProducer catalog;

  @BeforeAll
  void start() throws Exception {
    int agentPort = FreePorts.tcpAndUdp();
    int bindPort = FreePorts.tcpAndUdp();
    int knotPort = FreePorts.tcpAndUdp();
    NamedServer.Builder p = NamedServer.builder();
    StringBuilder conf = new StringBuilder();
    for (int i = 0; i < CANDIDATES; i++) {
      String zone = candidate(i);
      p.file(
          "i" + i + ".zone",
          "$ORIGIN "
              + zone
              + "\n$TTL 300\n@ SOA ns hostmaster 1 60 60 600 60\n"
              + "@ NS ns\nns A 127.0.0.1\n");
      conf.append("zone \"")
          .append(zone)
          .append("\" { type primary; file \"i")
          .append(i)
          .append(".zone\"; allow-transfer { any; }; };\n");
    }
    CatalogProducer.emptyCatalog(p, CATALOG);
    conf.append(CatalogProducer.zoneStatement(CATALOG, List.of(agentPort, bindPort, knotPort)));
    producer = p.config(conf.toString()).start();
    catalog = new CatalogProducer(producer, CATALOG);

    // BIND's consumer: the catalog as a secondary, members added as secondaries of the producer.
    bind =
        NamedServer.builder()
            .listenPort(bindPort)
            .options(
                "catalog-zones { zone \""
                    + CATALOG
                    + "\" default-primaries { 127.0.0.1 port "
                    + producer.dnsPort()
                    + "; }; };")
            .config(
                "zone \""
                    + CATALOG
                    + "\" { type secondary; primaries { 127.0.0.1 port "
                    + producer.dnsPort()
                    + "; }; file \"catz.db\"; };\n")
            .start();

    // Knot's consumer: catalog-role interpret, members from a template.
    knot =
        KnotServer.builder()
            .listenPort(knotPort)
            .confdb(false)
            .config(
                "remote:\n  - id: producer\n    address: 127.0.0.1@"
                    + producer.dnsPort()
                    + "\n"
                    + "template:\n  - id: default\n    storage: \"$DIR/zones\"\n"
                    + "    file: \"%s.zone\"\n"
                    + "  - id: members\n    storage: \"$DIR/zones\"\n    master: producer\n"
                    + "zone:\n  - domain: "
                    + CATALOG
                    + "\n    master: producer\n"
                    + "    catalog-role: interpret\n    catalog-template: members\n")
            .start();

    String ini =
        TestAgents.serviceSettings(dir, agentPort, producer.dnsPort())
            + "admin_listen = 127.0.0.1:0\n"
            + TestAgents.filesBackend(dir.resolve("zones"))
            + "[catalog:interop]\nzone = "
            + CATALOG
            + "\ndelete_delay = 0\nmax_deletions = 100%\n";
    agent = TestAgents.start(dir.resolve("agent"), ini);
  }

  @AfterAll
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (knot != null) {
      knot.close();
    }
    if (bind != null) {
      bind.close();
    }
    if (producer != null) {
      producer.close();
    }
  }

  static String candidate(int i) {
    return String.format("i%02d.example.", i);
  }

  /** The candidates a server answers authoritatively for. */
  static Set<String> servedBy(InetSocketAddress server) throws IOException {
    Set<String> served = new TreeSet<>();
    SimpleResolver r = new SimpleResolver(server);
    r.setTimeout(Duration.ofSeconds(2));
    for (int i = 0; i < CANDIDATES; i++) {
      Name zone = TestZones.name(candidate(i));
      Message m = r.send(Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN)));
      if (m.getRcode() == Rcode.NOERROR && m.getSection(1).size() > 0) {
        served.add(candidate(i));
      }
    }
    return served;
  }

  Set<String> agentMembers() {
    Set<String> members = new TreeSet<>();
    for (int i = 0; i < CANDIDATES; i++) {
      Path file = ZoneFiles.pathFor(dir.resolve("zones"), TestZones.name(candidate(i)), ".zone");
      if (Files.exists(file)) {
        members.add(candidate(i));
      }
    }
    return members;
  }

  void expectEveryoneAt(Set<String> expected) throws Exception {
    InetSocketAddress bindAddress = bind.dnsAddress();
    InetSocketAddress knotAddress = knot.dnsAddress();
    List<String> last = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Set<String> a = agentMembers();
      Set<String> b = servedBy(bindAddress);
      Set<String> k = servedBy(knotAddress);
      last = List.of("agent " + a, "bind " + b, "knot " + k);
      if (a.equals(expected) && b.equals(expected) && k.equals(expected)) {
        return;
      }
      Thread.sleep(200);
    }
    assertEquals(List.of(), last, "not all at " + expected);
  }

  @Test
  void theAgentEndsWithTheMemberSetOfBindAndKnot() throws Exception {
    catalog.publish(
        new CatalogProducer.Content()
            .member("a", "i00.example.")
            .member("b", "i01.example.")
            .member("c", "I02.Example.")
            .member("d", "\\105\\048\\051.example."));
    expectEveryoneAt(Set.of("i00.example.", "i01.example.", "i02.example.", "i03.example."));

    catalog.publish(
        new CatalogProducer.Content()
            .member("a2", "i00.example.")
            .member("c", "I02.Example.")
            .member("d", "\\105\\048\\051.example.")
            .member("e", "i04.example.")
            .member("f", "i05.example."));
    expectEveryoneAt(
        Set.of("i00.example.", "i02.example.", "i03.example.", "i04.example.", "i05.example."));

    catalog.publish(new CatalogProducer.Content().member("f", "i05.example."));
    expectEveryoneAt(Set.of("i05.example."));
  }
}
