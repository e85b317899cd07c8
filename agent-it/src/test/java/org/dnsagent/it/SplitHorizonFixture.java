// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.client.AgentClient;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.testing.servers.FreePorts;
import org.dnsagent.testing.servers.NamedServer;
import org.xbill.DNS.Name;

/**
 * Split horizon through the agent, configured as the README's example: one named with views {@code
 * internal} (clients signing with k1) and {@code external} (k2); one local master per view, each
 * serving its own data and sending NOTIFY signed with its view's key; and an agent with one bind9
 * target per view, each with its own masters and SOA query key, sharing {@code zone_file_path}.
 */
final class SplitHorizonFixture implements AutoCloseable {
  final TsigKeySpec k1;
  final TsigKeySpec k2;
  final NamedServer named;
  final Side internal;
  final Side external;
  final Path zoneFiles;
  final Agent agent;
  private final int agentPort;

  /** One view's side: its master and what named serves to that view's key. */
  record Side(String view, TsigKeySpec key, Path zones, LocalMaster master, NamedQueries named) {
    /** Puts {@code zone} on this side's master: serial, and {@code www A <prefix>.<serial>}. */
    void publish(Name zone, long serial, String prefix) throws IOException {
      String text =
          "$ORIGIN "
              + zone
              + "\n$TTL 300\n@ SOA ns1 hostmaster "
              + serial
              + " 3600 600 86400 300\n@ NS ns1\nns1 A 127.0.0.1\nwww A "
              + prefix
              + "."
              + serial
              + "\n@ TXT \"view "
              + view
              + "\"\n";
      Path temp = zones.resolve("." + zone + "tmp");
      Files.writeString(temp, text);
      Files.move(temp, zones.resolve(zone + "zone"), StandardCopyOption.ATOMIC_MOVE);
      master.reloadNow();
    }
  }

  private SplitHorizonFixture(Path dir, String zoneMode) throws Exception {
    ReadmeExamples readme = ReadmeExamples.bind9();
    String example = readme.block("split-horizon agent.conf");
    // The README's example alone must load cleanly; its keys are the ones named.conf declares.
    Map<String, TsigKeySpec> keys =
        TestAgents.load(dir.resolve("example"), example).config().tsigKeys();
    k1 = keys.get("k1");
    k2 = keys.get("k2");
    agentPort = FreePorts.tcpAndUdp();
    zoneFiles = dir.resolve("bind-zones");
    named =
        NamedServer.builder()
            .parentDirectory(dir)
            .config(readme.block("split-horizon named.conf"))
            .start();
    Side in = null;
    Side out = null;
    try {
      in = side(dir, "internal", k1);
      out = side(dir, "external", k2);
      // Addresses, ports and paths of this machine, layered over the README's example.
      String local =
          "[DEFAULT]\nstate_path = "
              + dir.resolve("state")
              + "\n\n[service:agent]\nlisten = 127.0.0.1:"
              + agentPort
              + "\nallow_notify = 127.0.0.0/8\n"
              + target(in, zoneMode)
              + target(out, zoneMode);
      agent = TestAgents.start(dir.resolve("agent"), example, local);
    } catch (Exception e) {
      closeQuietly(in);
      closeQuietly(out);
      named.close();
      throw e;
    }
    internal = in;
    external = out;
  }

  /** Starts everything, with {@code zone_mode} set to {@code primary} or {@code secondary}. */
  static SplitHorizonFixture start(Path dir, String zoneMode) throws Exception {
    return new SplitHorizonFixture(dir, zoneMode);
  }

  private Side side(Path dir, String view, TsigKeySpec key) throws IOException {
    Path zones = Files.createDirectories(dir.resolve("master-" + view));
    LocalMaster master =
        new LocalMaster(
            LocalMasterOptions.builder(zones)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofSeconds(60)) // tests call reloadNow()
                .notifyTarget(new InetSocketAddress("127.0.0.1", agentPort))
                .notifyKey(key)
                .build());
    master.start();
    NamedQueries queries = new NamedQueries(named.dnsAddress(), Optional.of(key));
    return new Side(view, key, zones, master, queries);
  }

  private String target(Side side, String zoneMode) {
    return "\n[target:"
        + side.view()
        + "]\nmasters = 127.0.0.1:"
        + side.master().port()
        + "\nzone_mode = "
        + zoneMode
        + "\nzone_file_path = "
        + zoneFiles
        + "\n"
        + TestAgents.bind9Options(named, "native");
  }

  /** A client signing with {@code key}, or unsigned when empty. */
  AgentClient client(Optional<TsigKeySpec> key, boolean tcp) {
    return new AgentClient(
        new InetSocketAddress("127.0.0.1", agentPort),
        key.map(TsigKeySpec::toTsig),
        Duration.ofSeconds(20),
        tcp);
  }

  private static void closeQuietly(Side side) {
    if (side != null) {
      side.master().close();
    }
  }

  @Override
  public void close() {
    agent.close();
    internal.master().close();
    external.master().close();
    named.close();
  }
}
