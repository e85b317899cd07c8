// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

/**
 * The secure setup of docs/security.md, end to end as written (issue 18 item 7): its agent.conf
 * (secret files, tsig_keys, a master's transfer key, the bind9 backend), its pools file and keys
 * file driven with pool-target's Java API, against a real named that knows the pool's key and a
 * master that requires the transfer key. Only this machine's addresses, ports and paths are laid
 * over the documented text.
 */
class SecureSetupRecipeIT {
  private static final Name ZONE = TestZones.name("example.org.");

  @TempDir Path dir;

  @Test
  void theDocumentedSecureSetupWorksAsWritten() throws Exception {
    RequiredBinaries.require("named", "bind9");
    ReadmeExamples docs = ReadmeExamples.security();
    String ctlSecret = NamedServer.newSecret();
    String xfrSecret = NamedServer.newSecret();
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Files.writeString(keys.resolve("pool-ctl.secret"), ctlSecret + "\n");
    Files.writeString(keys.resolve("mdns-xfr.secret"), xfrSecret + "\n");
    String agentConf =
        docs.block("secure agent.conf").replace("/etc/dns-agent/keys/", keys.toString() + "/");
    TsigKeySpec xfr = new TsigKeySpec("mdns-xfr", "hmac-sha256", xfrSecret);

    Path zones = Files.createDirectories(dir.resolve("master"));
    TestZones.writeZoneFile(zones, ZONE, 3, 2);
    int agentPort = FreePorts.tcpAndUdp();
    try (NamedServer named =
            NamedServer.builder()
                .parentDirectory(dir)
                .config(NamedServer.keyStatement("pool-ctl", "hmac-sha256", ctlSecret))
                .start();
        LocalMaster master =
            new LocalMaster(
                LocalMasterOptions.builder(zones)
                    .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                    .pollInterval(Duration.ofSeconds(60))
                    .tsigKey(xfr)
                    .requireTsig(true)
                    .build())) {
      master.start();
      String local =
          "[DEFAULT]\nstate_path = "
              + dir.resolve("state")
              + "\n[service:agent]\nlisten = 127.0.0.1:"
              + agentPort
              + "\nallow_notify = 127.0.0.0/8\nmasters = 127.0.0.1:"
              + master.port()
              + " key=mdns-xfr\n[backend:agent:bind9]\n"
              + TestAgents.bind9Options(named, "native");
      try (Agent agent = TestAgents.start(dir.resolve("agent"), agentConf, local)) {
        Pool documented =
            PoolFiles.parsePools(docs.block("secure pools.yaml"), "pools.yaml").get(0);
        Pool pool = onThisMachine(documented, agentPort, master.port(), named.dnsPort());
        PoolKeyring keyring =
            PoolFiles.parseKeys(
                docs.block("secure tsigkeys.yaml").replace("<base64 secret>", ctlSecret),
                "tsigkeys.yaml");
        PoolClient client = new PoolClient(pool, keyring, PoolClientTest.options(100, 40));

        PoolResult created = client.apply(PoolAction.CREATE, ZONE);
        assertEquals(PoolStatus.SUCCESS, created.status(), created.toString());
        assertTrue(created.poll().isPresent(), "the nameserver was polled, signed");
        NamedQueries signed =
            new NamedQueries(
                named.dnsAddress(),
                Optional.of(new TsigKeySpec("pool-ctl", "hmac-sha256", ctlSecret)));
        assertEquals(3, signed.serial(ZONE), "named serves the zone");

        PoolResult deleted = client.apply(PoolAction.DELETE, ZONE);
        assertEquals(PoolStatus.SUCCESS, deleted.status(), deleted.toString());
        assertEquals(1, agent.targets().size());
      }
    }
  }

  /** The documented pool with this machine's loopback addresses and ports. */
  private static Pool onThisMachine(Pool pool, int agentPort, int masterPort, int dnsPort) {
    List<Pool.Nameserver> nameservers =
        pool.nameservers().stream()
            .map(ns -> new Pool.Nameserver("127.0.0.1", dnsPort, ns.tsigKeyId()))
            .toList();
    List<Pool.Target> targets =
        pool.targets().stream()
            .map(
                t ->
                    new Pool.Target(
                        t.description(),
                        "127.0.0.1",
                        agentPort,
                        List.of(new Pool.Master("127.0.0.1", masterPort)),
                        t.tsigKeyId()))
            .toList();
    return new Pool(pool.name(), pool.description(), nameservers, targets);
  }
}
