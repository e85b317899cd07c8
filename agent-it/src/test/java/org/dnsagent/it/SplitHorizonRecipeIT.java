// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dnsagent.client.pool.Pool;
import org.dnsagent.client.pool.PoolAction;
import org.dnsagent.client.pool.PoolClient;
import org.dnsagent.client.pool.PoolFiles;
import org.dnsagent.client.pool.PoolKeyring;
import org.dnsagent.client.pool.PoolResult;
import org.dnsagent.client.pool.PoolStatus;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.testing.RequiredBinaries;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * The split-horizon recipe of docs/security.md (section 4), end to end as written (issue 18 items 4
 * and 7): its named.conf views keyed by TSIG, its agent.conf (one bind9 target per view, secret
 * files, the master's transfer key, a shared zone_file_path), its pools file and keys file driven
 * with pool-target's Java API, against a real named and a master that requires the transfer key.
 * Only this machine's addresses, ports, paths and secrets are laid over the documented text.
 */
class SplitHorizonRecipeIT {
  private static final Name ZONE = TestZones.name("example.org.");

  @TempDir Path dir;

  @Test
  void theDocumentedSplitHorizonWorksAsWritten() throws Exception {
    RequiredBinaries.require("named", "bind9");
    ReadmeExamples docs = ReadmeExamples.security();
    String inSecret = NamedServer.newSecret();
    String outSecret = NamedServer.newSecret();
    String xfrSecret = NamedServer.newSecret();
    TsigKeySpec inKey = new TsigKeySpec("view-internal", "hmac-sha256", inSecret);
    TsigKeySpec outKey = new TsigKeySpec("view-external", "hmac-sha256", outSecret);
    TsigKeySpec xfr = new TsigKeySpec("mdns-xfr", "hmac-sha256", xfrSecret);

    // Section 1's files: bare secrets for secret_file, BIND key blocks for query_tsig_key_file.
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Files.writeString(keys.resolve("view-internal.secret"), inSecret + "\n");
    Files.writeString(keys.resolve("view-external.secret"), outSecret + "\n");
    Files.writeString(keys.resolve("mdns-xfr.secret"), xfrSecret + "\n");
    Files.writeString(
        keys.resolve("view-internal.key"),
        NamedServer.keyStatement("view-internal", "hmac-sha256", inSecret));
    Files.writeString(
        keys.resolve("view-external.key"),
        NamedServer.keyStatement("view-external", "hmac-sha256", outSecret));

    String namedConf =
        docs.block("split named.conf")
            .replace("<internal secret>", inSecret)
            .replace("<external secret>", outSecret);
    Path zoneFiles = Files.createDirectories(dir.resolve("bind-zones"));
    Path masterZones = Files.createDirectories(dir.resolve("master"));
    TestZones.writeZoneFile(masterZones, ZONE, 3, 2);
    int agentPort = FreePorts.tcpAndUdp();
    try (NamedServer named = NamedServer.builder().parentDirectory(dir).config(namedConf).start();
        LocalMaster master =
            new LocalMaster(
                LocalMasterOptions.builder(masterZones)
                    .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                    .pollInterval(Duration.ofSeconds(60)) // the test calls reloadNow()
                    .tsigKey(xfr)
                    .requireTsig(true)
                    .notifyTarget(new InetSocketAddress("127.0.0.1", agentPort))
                    .notifyKey(xfr)
                    .build())) {
      master.start();
      String agentConf =
          docs.block("split agent.conf")
              .replace("/etc/dns-agent/keys/", keys + "/")
              .replace("/etc/bind/rndc.key", named.keyFile().toString())
              .replace("/var/lib/bind/dns-agent", zoneFiles.toString());
      String local =
          "[DEFAULT]\nstate_path = "
              + dir.resolve("state")
              + "\n[service:agent]\nlisten = 127.0.0.1:"
              + agentPort
              + "\nallow_notify = 127.0.0.1\nmasters = 127.0.0.1:"
              + master.port()
              + " key=mdns-xfr\n"
              + onThisMachine("internal", named)
              + onThisMachine("external", named);
      NamedQueries internal = new NamedQueries(named.dnsAddress(), Optional.of(inKey));
      NamedQueries external = new NamedQueries(named.dnsAddress(), Optional.of(outKey));
      try (Agent agent = TestAgents.start(dir.resolve("agent"), agentConf, local)) {
        assertEquals(2, agent.targets().size(), "one target per view");
        List<Pool> pools = PoolFiles.parsePools(docs.block("split pools.yaml"), "pools.yaml");
        assertEquals(List.of("internal", "external"), pools.stream().map(Pool::name).toList());
        PoolKeyring keyring =
            PoolFiles.parseKeys(
                docs.block("split tsigkeys.yaml")
                    .lines()
                    .map(
                        line ->
                            line.replace(
                                "<base64>", line.contains("view-internal") ? inSecret : outSecret))
                    .collect(Collectors.joining("\n", "", "\n")),
                "tsigkeys.yaml");
        PoolClient inPool = client(pools.get(0), keyring, agentPort, master, named);
        PoolClient outPool = client(pools.get(1), keyring, agentPort, master, named);

        // A CREATE signed with view-internal lands in the internal view only.
        PoolResult created = inPool.apply(PoolAction.CREATE, ZONE);
        assertEquals(PoolStatus.SUCCESS, created.status(), created.toString());
        assertTrue(created.poll().isPresent(), "the nameserver was polled with view-internal");
        assertEquals(3, internal.serial(ZONE), "the internal view serves the zone");
        assertEquals(Rcode.REFUSED, external.soaRcode(ZONE), "not in the external view");

        created = outPool.apply(PoolAction.CREATE, ZONE);
        assertEquals(PoolStatus.SUCCESS, created.status(), created.toString());
        assertEquals(3, external.serial(ZONE), "the external view serves the zone");
        assertEquals(3, internal.serial(ZONE));

        // zone_file_path is shared: each view's files in its own subdirectory, not doubled.
        Path internalFile = zoneFiles.resolve("internal/example.org.zone");
        Path externalFile = zoneFiles.resolve("external/example.org.zone");
        assertTrue(Files.exists(internalFile), "zone file in .../internal");
        assertTrue(Files.exists(externalFile), "zone file in .../external");
        assertFalse(Files.exists(zoneFiles.resolve("internal/internal")), "not doubled");
        assertFalse(Files.exists(zoneFiles.resolve("external/external")), "not doubled");

        // One NOTIFY from the master (signed with its transfer key) updates BOTH views.
        TestZones.writeZoneFile(masterZones, ZONE, 4, 3);
        master.reloadNow();
        AgentFixture.await(
            "both views at serial 4",
            Duration.ofSeconds(30),
            () -> internal.serial(ZONE) == 4 && external.serial(ZONE) == 4);

        // DELETE signed with view-internal removes the zone from the internal view only.
        PoolResult deleted = inPool.apply(PoolAction.DELETE, ZONE);
        assertEquals(PoolStatus.SUCCESS, deleted.status(), deleted.toString());
        assertEquals(Rcode.REFUSED, internal.soaRcode(ZONE), "gone from the internal view");
        assertFalse(Files.exists(internalFile));
        assertEquals(4, external.serial(ZONE), "the external view keeps it");
        assertTrue(Files.exists(externalFile));

        deleted = outPool.apply(PoolAction.DELETE, ZONE);
        assertEquals(PoolStatus.SUCCESS, deleted.status(), deleted.toString());
        assertEquals(Rcode.REFUSED, external.soaRcode(ZONE), "gone from the external view");
        assertFalse(Files.exists(externalFile));
      }
    }
  }

  /** This machine's rndc and DNS ports of named for the documented target {@code view}. */
  private static String onThisMachine(String view, NamedServer named) {
    return "[target:"
        + view
        + "]\nrndc_host = 127.0.0.1\nrndc_port = "
        + named.rndcPort()
        + "\nquery_destination = 127.0.0.1:"
        + named.dnsPort()
        + "\n";
  }

  /** A pool-target client for the documented pool, with this machine's addresses and ports. */
  private static PoolClient client(
      Pool pool, PoolKeyring keyring, int agentPort, LocalMaster master, NamedServer named) {
    List<Pool.Nameserver> nameservers =
        pool.nameservers().stream()
            .map(ns -> new Pool.Nameserver("127.0.0.1", named.dnsPort(), ns.tsigKeyId()))
            .toList();
    List<Pool.Target> targets =
        pool.targets().stream()
            .map(
                t ->
                    new Pool.Target(
                        t.description(),
                        "127.0.0.1",
                        agentPort,
                        List.of(new Pool.Master("127.0.0.1", master.port())),
                        t.tsigKeyId()))
            .toList();
    Pool local = new Pool(pool.name(), pool.description(), nameservers, targets);
    return new PoolClient(local, keyring, PoolClientTest.options(100, 40));
  }
}
