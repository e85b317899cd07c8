// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static org.dnsagent.testing.TestZones.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.DnsQueries;
import org.dnsagent.testing.HostileNames;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.contract.BackendContract;
import org.dnsagent.testing.servers.KnotServer;
import org.dnsagent.testing.servers.NamedServer;
import org.dnsagent.testing.servers.Signals;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * The backend contract on a real knotd (running from a confdb), for one transport and one zone mode
 * (the four subclasses), plus what only Knot has to show: transactions, purge, restart. The zone
 * {@code conf.example} is configured in knot.conf by hand.
 */
abstract class KnotContract extends BackendContract {
  static final Name CONF = name("conf.example.");

  KnotServer knot;

  /** {@code native} or {@code exec}. */
  abstract String transport();

  /** {@code primary} or {@code secondary}. */
  abstract String zoneMode();

  /** Freeze knotd (SIGSTOP) rather than stop it, for the outage test. */
  abstract boolean freezeForOutage();

  Map<String, String> settings() {
    Map<String, String> settings = KnotTargets.settings(knot, transport(), zoneMode());
    settings.put("timeout", "5s");
    return settings;
  }

  boolean secondary() {
    return zoneMode().equals("secondary");
  }

  /**
   * With knotc the agent never puts a TSIG secret on a command line, so the key of the contract's
   * master is declared in knot.conf; natively the backend adds it itself, over the socket.
   */
  @Override
  protected void startServer() {
    String key =
        transport().equals("exec")
            ? "key:\n  - id: "
                + transferKey().name()
                + "\n    algorithm: "
                + transferKey().algorithm()
                + "\n    secret: "
                + transferKey().secret()
                + "\n"
            : "";
    knot =
        KnotServer.builder()
            .file("conf.zone", handZoneText(CONF))
            .config(key + "zone:\n  - domain: conf.example\n    file: \"$DIR/conf.zone\"\n")
            .start();
  }

  @Override
  protected void stopServer() {
    if (knot != null) {
      knot.close();
    }
  }

  @Override
  protected Backend createBackend(BackendContext context) {
    return KnotTargets.backend(settings(), context);
  }

  @Override
  protected Optional<InetSocketAddress> dnsAddress() {
    return Optional.of(knot.dnsAddress());
  }

  @Override
  protected Name handConfiguredZone() {
    return CONF;
  }

  @Override
  protected void makeUnavailable() {
    if (freezeForOutage()) {
      Signals.freeze(knot.pid());
    } else {
      knot.stop();
    }
  }

  @Override
  protected void makeAvailable() {
    if (freezeForOutage()) {
      Signals.thaw(knot.pid());
    } else {
      knot.restart();
    }
  }

  @Override
  protected Duration backendTimeout() {
    return Duration.ofSeconds(5);
  }

  KnotBackend knotBackend() {
    return (KnotBackend) backend;
  }

  Path zoneFile(Name zone) {
    return ZoneFiles.pathFor(context().stateDirectory().resolve("zones"), zone, ".zone");
  }

  /** Delete: no configuration, no file, not served, and it does not come back. */
  @Test
  void aDeleteLeavesNothingBehindAndNothingComesBack() throws Exception {
    Name zone = name("purged.knot.example.");
    provision(zone, 1, 2);
    backend.deleteZone(zone);
    assertNotEquals(0, knot.knotc("conf-read", "zone[purged.knot.example.]").exitCode());
    assertNotEquals(0, knot.knotc("zone-status", "purged.knot.example.").exitCode());
    assertFalse(Files.exists(zoneFile(zone)), "zone file removed");
    Thread.sleep(500);
    assertEquals(OptionalLong.empty(), DnsQueries.servedSerial(knot.dnsAddress(), zone));
    provision(zone, 2, 1);
    assertServed(zone, 2, 1);
    backend.deleteZone(zone);
  }

  /** A failing item half way: the other zones commit, the failed one leaves nothing. */
  @Test
  void aTransactionFailingHalfWayLeavesNoPartialZone() throws Exception {
    Name good1 = name("good1.txn.example.");
    Name bad = name("bad.txn.example.");
    Name good2 = name("good2.txn.example.");
    List<CtlUnit> badItems = new ArrayList<>(knotBackend().zoneItems(bad));
    CtlUnit base = CtlUnit.of().with(CtlItem.SECTION, "zone").with(CtlItem.ID, KnotBackend.id(bad));
    // The zone and its file are fine; the master names a remote knotd does not have.
    badItems.add(base.with(CtlItem.ITEM, "master").with(CtlItem.DATA, "no-such-remote"));
    List<BackendException> outcomes =
        knotBackend()
            .transactions
            .apply(
                List.of(
                    ConfTransactions.Change.set("zone good1", knotBackend().zoneItems(good1)),
                    ConfTransactions.Change.set("zone bad", badItems),
                    ConfTransactions.Change.set("zone good2", knotBackend().zoneItems(good2))));
    assertNull(outcomes.get(0));
    assertEquals(Kind.REJECTED, outcomes.get(1).kind(), String.valueOf(outcomes.get(1)));
    assertTrue(outcomes.get(1).getMessage().contains(".master"), outcomes.get(1).getMessage());
    assertNull(outcomes.get(2));
    assertNotEquals(0, knot.knotc("conf-read", "zone[bad.txn.example.]").exitCode());
    assertEquals(0, knot.knotc("conf-read", "zone[good1.txn.example.]").exitCode());
    assertEquals(0, knot.knotc("conf-read", "zone[good2.txn.example.]").exitCode());
    assertEquals(0, knot.knotc("conf-begin").exitCode(), "no transaction left open");
    assertEquals(0, knot.knotc("conf-abort").exitCode());
    backend.deleteZone(good1);
    backend.deleteZone(good2);
    assertNotEquals(0, knot.knotc("conf-read", "zone[good1.txn.example.]").exitCode());
  }

  @Test
  void aTransactionLeftOpenIsAbortedAtStart() throws Exception {
    assertEquals(0, knot.knotc("conf-begin").exitCode());
    assertEquals(0, knot.knotc("conf-set", "zone[leftover.knot.example.]").exitCode());
    try (Backend fresh = createBackend(context())) {
      fresh.start();
    }
    assertNotEquals(0, knot.knotc("conf-read", "zone[leftover.knot.example.]").exitCode());
    Name zone = name("after-leftover.knot.example.");
    provision(zone, 1, 1);
    assertServed(zone, 1, 1);
    backend.deleteZone(zone);
  }

  /** Creates queued while a transaction runs go together in the next one. */
  @Test
  void concurrentCreatesShareTransactionsAndConcurrentDeletesToo() throws Exception {
    assumeTrue(backend instanceof ContentBackend, "primary mode: the zones' content is at hand");
    AtomicBoolean slowed = new AtomicBoolean();
    KnotTargets.RecordingControl control =
        new KnotTargets.RecordingControl(
            KnotBackendFactory.control(KnotTargets.config(settings(), context()), context())) {
          @Override
          public CtlReply call(CtlRequest request) throws BackendException {
            if (request.command().equals("conf-begin") && slowed.compareAndSet(false, true)) {
              try {
                Thread.sleep(1500); // the first transaction is slow: the others queue meanwhile
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return super.call(request);
          }
        };
    KnotConfig config = KnotTargets.config(settings(), context());
    List<Name> zones = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      zones.add(name(String.format("c%02d.batched.example.", i)));
    }
    try (KnotPrimaryBackend batched = new KnotPrimaryBackend(config, control, context().host())) {
      ExecutorService pool = Executors.newFixedThreadPool(zones.size());
      try {
        List<Future<?>> done = new ArrayList<>();
        for (Name zone : zones) {
          done.add(
              pool.submit(
                  () -> {
                    batched.createZone(TestZones.streamed(zone, 3, 1));
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
        int creates = batched.transactions.transactionsRun();
        assertTrue(creates <= 4, zones.size() + " creates took " + creates + " transactions");
        for (Name zone : zones) {
          assertEquals(OptionalLong.of(3), DnsQueries.servedSerial(knot.dnsAddress(), zone));
        }
        slowed.set(false);
        done.clear();
        for (Name zone : zones) {
          done.add(
              pool.submit(
                  () -> {
                    batched.deleteZone(zone);
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
        int deletes = batched.transactions.transactionsRun() - creates;
        assertTrue(deletes <= 4, zones.size() + " deletes took " + deletes + " transactions");
      } finally {
        pool.shutdownNow();
      }
    }
    for (Name zone : zones) {
      assertGone(zone);
    }
  }

  @Test
  void zonesAndTheirDataSurviveARestartOfKnotd() throws Exception {
    Name zone = name("survivor.knot.example.");
    provision(zone, 7, 2);
    knot.restart();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (DnsQueries.servedSerial(knot.dnsAddress(), zone).isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertServed(zone, 7, 2);
    update(zone, 8, 1);
    assertServed(zone, 8, 1);
    backend.deleteZone(zone);
  }

  @Test
  void hostileNamesNeverReachTheControlSocket() throws Exception {
    KnotConfig config = KnotTargets.config(settings(), context());
    KnotTargets.RecordingControl recording =
        new KnotTargets.RecordingControl(KnotBackendFactory.control(config, context()));
    try (KnotPrimaryBackend guarded = new KnotPrimaryBackend(config, recording, context().host())) {
      for (Name hostile : HostileNames.all()) {
        assertThrows(BackendException.class, () -> guarded.findSoa(hostile));
        assertThrows(BackendException.class, () -> guarded.deleteZone(hostile));
        assertThrows(
            BackendException.class, () -> guarded.createZone(HostileNames.content(hostile)));
      }
    }
    assertEquals(List.of(), recording.requests());
  }

  /** Natively the backend gives knotd the master's key and remote; the secret is never logged. */
  @Test
  void theSecondaryGetsARemoteAndItsKeyOverTheSocket() {
    assumeTrue(secondary(), "secondary mode");
    MasterServer master = context().masters().get(0);
    String remote = KnotSecondaryBackend.remoteId(master);
    String read = knot.knotc("conf-read", "remote[" + remote + "]").stdout();
    assertTrue(read.contains(KnotSecondaryBackend.knotAddress(master)), read);
    assertTrue(read.contains("contract-xfr"), read);
    assertEquals(0, knot.knotc("conf-read", "key[contract-xfr.]").exitCode());
    assertFalse(knot.log().contains(transferKey().secret()), "the secret is never logged");
  }

  /**
   * With knotc, a master key knotd does not know is refused at start: the secret stays off argv.
   */
  @Test
  void withKnotcAnUndeclaredMasterKeyIsRefusedAtStart() {
    assumeTrue(secondary() && transport().equals("exec"), "secondary mode through knotc");
    TsigKeySpec other = new TsigKeySpec("undeclared", "hmac-sha256", NamedServer.newSecret());
    BackendContext keyed =
        context()
            .withMasters(
                List.of(
                    new MasterServer(context().masters().get(0).address(), Optional.of(other))));
    try (Backend fresh = createBackend(keyed)) {
      BackendException e = assertThrows(BackendException.class, fresh::start);
      assertEquals(Kind.MISCONFIGURED, e.kind());
      assertTrue(e.getMessage().contains("knot.conf"), e.getMessage());
    }
  }
}
