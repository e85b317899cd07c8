// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.catalog;

import static org.dnsagent.core.catalog.CatalogZoneTest.member;
import static org.dnsagent.core.catalog.CatalogZoneTest.soa;
import static org.dnsagent.core.catalog.CatalogZoneTest.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnsagent.core.config.CatalogConfig;
import org.dnsagent.core.config.TransferLimits;
import org.dnsagent.core.ops.ZoneKey;
import org.dnsagent.core.xfr.MasterClient;
import org.dnsagent.core.xfr.ScriptedPrimary;
import org.dnsagent.spi.MasterServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

class CatalogFollowerTest {
  @TempDir Path dir;

  /** Records what the follower asks of the agent's queue. */
  static final class Recording implements CatalogFollower.Provisioner {
    final List<String> calls = new ArrayList<>();

    @Override
    public boolean holds(ZoneKey key) {
      return false;
    }

    @Override
    public CompletableFuture<Void> create(ZoneKey key) {
      calls.add("CREATE " + key);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> delete(ZoneKey key) {
      calls.add("DELETE " + key);
      return CompletableFuture.completedFuture(null);
    }
  }

  CatalogFollower follower(ScriptedPrimary primary, Recording sink) throws Exception {
    CatalogConfig config =
        new CatalogConfig(
            "test",
            CatalogZoneTest.CATZ,
            List.of(MasterServer.of(primary.address())),
            "default",
            CatalogConfig.DeletionLimit.parse("100%"),
            Duration.ZERO,
            Map.of());
    MasterClient masters =
        new MasterClient(
            config.masters(),
            Optional.empty(),
            Duration.ofSeconds(2),
            TransferLimits.defaults(),
            dir);
    return new CatalogFollower(
        config,
        masters,
        sink,
        zone -> Optional.empty(),
        dir.resolve("test.state"),
        Clock.systemUTC());
  }

  /**
   * A transfer cut half way (the primary hangs up before the closing SOA) must never be read as a
   * catalog that lost its members.
   */
  @Test
  void aTransferCutHalfWayDeletesNothing() throws Exception {
    List<Record> full =
        List.of(
            soa(1),
            version("2"),
            member("a", "one.example."),
            member("b", "two.example."),
            member("c", "three.example."),
            soa(1));
    AtomicInteger connections = new AtomicInteger();
    try (ScriptedPrimary primary =
        new ScriptedPrimary(
            (query, connection) -> {
              if (connections.incrementAndGet() == 1) {
                connection.send(query, List.of(full));
              } else {
                // Serial 2 as a full answer, cut after the first message: no member, no end.
                connection.send(query, List.of(List.of(soa(2), version("2"))));
              }
            })) {
      Recording sink = new Recording();
      CatalogFollower f = follower(primary, sink);
      f.refresh();
      assertEquals(3, sink.calls.size(), sink.calls.toString());

      f.refresh();
      assertEquals(3, sink.calls.size(), "nothing deleted: " + sink.calls);
      CatalogReport report = f.report(true);
      assertEquals(3, report.memberCount());
      assertTrue(report.lastError().orElseThrow().startsWith("transfer failed"), report.toString());
    }
  }

  /** The follower's record of what it provisioned survives a restart; nothing is created twice. */
  @Test
  void aRestartedFollowerKnowsWhatItProvisioned() throws Exception {
    List<Record> full = List.of(soa(1), version("2"), member("a", "one.example."), soa(1));
    try (ScriptedPrimary primary =
        new ScriptedPrimary((query, connection) -> connection.send(query, List.of(full)))) {
      Recording first = new Recording();
      follower(primary, first).refresh();
      assertEquals(List.of("CREATE one.example."), first.calls);

      Recording second = new Recording();
      CatalogFollower restarted = follower(primary, second);
      restarted.refresh();
      assertEquals(List.of(), second.calls);
      assertEquals(1, restarted.report(false).memberCount());
      Name zone = CatalogZoneTest.name("one.example.");
      assertTrue(restarted.report(true).members().get(0).zone().equals(zone.toString()));
    }
  }
}
