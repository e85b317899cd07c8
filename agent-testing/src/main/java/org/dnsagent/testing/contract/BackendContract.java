// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.SecondaryBackend;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.testing.DnsQueries;
import org.dnsagent.testing.HostileNames;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The contract every backend passes against its real server. A backend module extends it once per
 * way of running (transport, zone mode), starts a throwaway server in {@link #startServer()} and
 * builds its backend in {@link #createBackend}; the contract does the rest. One server and one
 * backend per test class; each test uses its own zone names.
 *
 * <p>The contract runs an in-process primary ({@link LocalMaster}) that requires the TSIG key
 * {@link #transferKey()} and is the only master in {@link #context()}: a {@link SecondaryBackend}'s
 * server transfers from it (declare the key in the server's configuration in {@link
 * #startServer()}). A {@link ContentBackend} is handed the zones' content directly.
 *
 * <p>Hooks, called in this order: {@link #startServer()} (once), {@link #createBackend} (then the
 * contract calls {@link Backend#start()}), the tests (which call {@link #makeUnavailable()} and
 * {@link #makeAvailable()}), {@link #stopServer()}. Answer {@link #dnsAddress()} when the server
 * answers DNS queries: served zones are then also checked by real queries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendContract {
  private static final Duration SECONDARY_WAIT = Duration.ofSeconds(20);

  private Path directory;
  private TsigKeySpec transferKey;
  private LocalMaster master;
  private Path masterZones;
  private ContractContext context;

  /** The backend under test, started; shared by the class's tests. */
  protected Backend backend;

  // ---------------------------------------------------------------- hooks

  /**
   * Starts the real server (a throwaway instance on loopback), with one zone configured by hand
   * whose name {@link #handConfiguredZone()} returns. {@link #directory()}, {@link #context()} and
   * {@link #transferKey()} are ready when this runs.
   */
  protected abstract void startServer() throws Exception;

  /** Stops the server started by {@link #startServer()}; only its own processes. */
  protected abstract void stopServer() throws Exception;

  /** Builds a backend for the server, as its factory would from configuration, not started. */
  protected abstract Backend createBackend(BackendContext context) throws Exception;

  /** The server's DNS address, or empty when it answers no DNS (the {@code files} backend). */
  protected abstract Optional<InetSocketAddress> dnsAddress();

  /** A zone the operator configured on the server by hand: the backend must never touch it. */
  protected abstract Name handConfiguredZone();

  /**
   * Makes the server unreachable (stop it, or freeze it with SIGSTOP) until {@link
   * #makeAvailable()}.
   */
  protected abstract void makeUnavailable() throws Exception;

  /** Brings the server back after {@link #makeUnavailable()}, with what it served before. */
  protected abstract void makeAvailable() throws Exception;

  /**
   * The longest one backend call may take against an unreachable server (its configured timeout).
   */
  protected abstract Duration backendTimeout();

  /** Hosts in the big zone of {@link #aBigZoneIsStreamed()}; 100,000 A records by default. */
  protected int bigZoneHosts() {
    return 100_000;
  }

  // ---------------------------------------------------------------- what subclasses get

  /** A directory for the server's files, removed after the class. */
  protected final Path directory() {
    return directory;
  }

  /** The context the contract hands the backend: its state directory, masters and keys. */
  protected final ContractContext context() {
    return context;
  }

  /** The key the contract's primary requires for SOA queries and transfers. */
  protected final TsigKeySpec transferKey() {
    return transferKey;
  }

  /** A master file for a zone configured by hand ({@code $ORIGIN} given, serial 777). */
  protected static String handZoneText(Name zone) {
    return "$ORIGIN "
        + zone
        + "\n$TTL 300\n@ SOA ns hostmaster 777 60 60 600 60\n@ NS ns\nns A 127.0.0.1\n";
  }

  // ---------------------------------------------------------------- lifecycle

  @BeforeAll
  final void setUpContract() throws Exception {
    directory = Files.createTempDirectory("backend-contract-");
    transferKey =
        new TsigKeySpec(
            "contract-xfr", "hmac-sha256", java.util.Base64.getEncoder().encodeToString(secret()));
    masterZones = Files.createDirectories(directory.resolve("master-zones"));
    master =
        new LocalMaster(
            LocalMasterOptions.builder(masterZones)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofMinutes(10)) // the contract reloads it when it writes
                .tsigKey(transferKey)
                .requireTsig(true)
                .build());
    master.start();
    Path state = Files.createDirectories(directory.resolve("state"));
    context =
        ContractContext.in(state)
            .withMasters(List.of(new MasterServer(master.address(), Optional.of(transferKey))))
            .withTsigKeys(Map.of(transferKey.name(), transferKey));
    startServer();
    backend = createBackend(context);
    Backend.requireOneMode(backend);
    backend.start();
  }

  @AfterAll
  final void tearDownContract() throws Exception {
    try {
      if (backend != null) {
        backend.close();
      }
      stopServer();
    } finally {
      if (master != null) {
        master.close();
      }
      deleteTree(directory);
    }
  }

  // ---------------------------------------------------------------- the contract

  @Test
  void aCreatedZoneIsServedWithItsSoaAndRecords() throws Exception {
    Name zone = TestZones.name("created.contract.example.");
    provision(zone, 2024010101L, 3);
    assertServed(zone, 2024010101L, 3);
  }

  @Test
  void creatingTwiceSucceeds() throws Exception {
    Name zone = TestZones.name("twice-created.contract.example.");
    provision(zone, 5, 2);
    provision(zone, 5, 2);
    assertServed(zone, 5, 2);
  }

  @Test
  void anUpdateServesTheNewSerial() throws Exception {
    Name zone = TestZones.name("updated.contract.example.");
    provision(zone, 1, 2);
    update(zone, 2, 4);
    assertServed(zone, 2, 4);
    update(zone, 3, 1);
    assertServed(zone, 3, 1);
  }

  @Test
  void aDeletedZoneIsGone() throws Exception {
    Name zone = TestZones.name("deleted.contract.example.");
    provision(zone, 1, 1);
    backend.deleteZone(zone);
    assertGone(zone);
  }

  @Test
  void deletingAnAbsentZoneSucceeds() throws Exception {
    Name zone = TestZones.name("twice-deleted.contract.example.");
    provision(zone, 1, 1);
    backend.deleteZone(zone);
    backend.deleteZone(zone);
    backend.deleteZone(TestZones.name("never-created.contract.example."));
    assertGone(zone);
  }

  @Test
  void aZoneConfiguredByHandIsNeverTouched() throws Exception {
    Name zone = handConfiguredZone();
    OptionalLong before = dnsAddress().map(a -> DnsQueries.servedSerial(a, zone)).orElse(null);
    if (before != null) {
      assertTrue(before.isPresent(), "the server serves the hand-configured zone " + zone);
    }
    assertRejected(() -> create(zone, 9, 1), "create " + zone);
    if (backend instanceof ContentBackend content) {
      assertRejected(() -> content.updateZone(TestZones.streamed(zone, 10, 1)), "update " + zone);
    } else {
      SecondaryBackend secondary = (SecondaryBackend) backend;
      assertRejected(
          () -> secondary.refreshSecondaryZone(zone, TestZones.soa(zone, 10)), "refresh " + zone);
    }
    assertRejected(() -> backend.deleteZone(zone), "delete " + zone);
    assertEquals(
        Optional.empty(),
        backend.findSoa(zone),
        "not ours: findSoa must not report it, or the agent would take it for one of its zones");
    if (before != null) {
      assertEquals(
          before, DnsQueries.servedSerial(dnsAddress().get(), zone), "still served unchanged");
    }
    if (backend instanceof ZoneInventory inventory) {
      ZoneInventory.Inventory now = inventory.inventory();
      assertFalse(now.served().containsKey(zone), "not listed as ours");
      assertTrue(now.unmanaged().contains(zone), "listed as unmanaged: " + now.unmanaged());
    }
  }

  @Test
  void hostileNamesAreRejected() {
    for (Name hostile : HostileNames.all()) {
      assertEveryCallRejected(hostile);
    }
  }

  @Test
  void oddButValidNamesWork() throws Exception {
    for (Name zone : HostileNames.odd()) {
      provision(zone, 1, 0); // no hosts: no room under a 255-octet name
      assertServed(zone, 1, 0);
      backend.deleteZone(zone);
      assertGone(zone);
    }
  }

  @Test
  void caseDoesNotMatter() throws Exception {
    Name upper = TestZones.name("Case.Example.");
    Name lower = TestZones.name("case.example.");
    provision(upper, 4, 1);
    assertEquals(4, backend.findSoa(lower).orElseThrow().getSerial(), "found by its lower case");
    backend.deleteZone(lower);
    assertGone(upper);
    assertGone(lower);
  }

  /**
   * With the server down every call fails as UNAVAILABLE within the backend's timeout: never
   * "absent" (the agent would re-create or forget zones), never a hang. Hostile names are still
   * REJECTED, which shows they are refused before anything is sent to the server.
   */
  @Test
  void aStoppedServerIsUnavailableNeverAbsentAndNeverAHang() throws Exception {
    Name zone = TestZones.name("outage.contract.example.");
    provision(zone, 1, 1);
    Name fresh = TestZones.name("during-outage.contract.example.");
    Duration bound = backendTimeout().multipliedBy(2).plusSeconds(5);
    makeUnavailable();
    try {
      assertUnavailable(bound, () -> backend.findSoa(zone), "findSoa");
      assertUnavailable(bound, () -> create(fresh, 1, 1), "create");
      if (backend instanceof ContentBackend content) {
        assertUnavailable(
            bound, () -> content.updateZone(TestZones.streamed(zone, 2, 1)), "updateZone");
      } else {
        SecondaryBackend secondary = (SecondaryBackend) backend;
        assertUnavailable(
            bound,
            () -> secondary.refreshSecondaryZone(zone, TestZones.soa(zone, 2)),
            "refreshSecondaryZone");
      }
      assertUnavailable(bound, () -> backend.deleteZone(zone), "deleteZone");
      if (backend instanceof ZoneInventory inventory) {
        assertUnavailable(bound, inventory::inventory, "inventory");
      }
      boolean healthy = assertTimeoutPreemptively(bound, () -> backend.checkHealth().healthy());
      assertFalse(healthy, "checkHealth reports the server down");
      assertTimeoutPreemptively(
          bound,
          () -> {
            for (Name hostile : HostileNames.all()) {
              assertEveryCallRejected(hostile);
            }
          });
    } finally {
      makeAvailable();
    }
    awaitTrue(
        Duration.ofSeconds(30),
        () -> backend.checkHealth().healthy(),
        "the backend is healthy again once the server is back");
    assertEquals(1, backend.findSoa(zone).orElseThrow().getSerial(), "the zone survived");
    update(zone, 3, 1);
    assertServed(zone, 3, 1);
  }

  @Test
  void aBigZoneIsStreamed() throws Exception {
    Name zone = TestZones.name("big.contract.example.");
    int hosts = bigZoneHosts();
    provision(zone, 1, hosts);
    assertServed(zone, 1, hosts);
    backend.deleteZone(zone);
    assertGone(zone);
  }

  @Test
  void theInventoryMatchesWhatIsServed() throws Exception {
    assumeTrue(
        backend instanceof ZoneInventory,
        backend.getClass().getSimpleName() + " has no ZoneInventory");
    Name a = TestZones.name("inventory-a.contract.example.");
    Name b = TestZones.name("inventory-b.contract.example.");
    Name gone = TestZones.name("inventory-gone.contract.example.");
    provision(a, 5, 1);
    provision(b, 7, 1);
    update(b, 8, 1);
    provision(gone, 1, 1);
    backend.deleteZone(gone);
    ZoneInventory.Inventory inventory = ((ZoneInventory) backend).inventory();
    assertEquals(Long.valueOf(5), inventory.served().get(a), "inventory " + inventory.served());
    assertEquals(Long.valueOf(8), inventory.served().get(b), "inventory " + inventory.served());
    assertFalse(inventory.served().containsKey(gone), "deleted zones are not listed");
    for (Map.Entry<Name, Long> e : inventory.served().entrySet()) {
      Optional<SOARecord> soa = backend.findSoa(e.getKey());
      if (soa.isEmpty()) {
        continue; // deleted by a test running since the inventory call
      }
      assertEquals(e.getValue().longValue(), soa.get().getSerial(), e.getKey().toString());
      if (dnsAddress().isPresent()) {
        assertEquals(
            OptionalLong.of(e.getValue()),
            DnsQueries.servedSerial(dnsAddress().get(), e.getKey()),
            e.getKey() + " as the server answers it");
      }
    }
  }

  /** A backend built anew (an agent restarted, its memory lost) recognises the zones it added. */
  @Test
  void aFreshBackendAdoptsTheZonesItsPredecessorAdded() throws Exception {
    Name zone = TestZones.name("adopted.contract.example.");
    provision(zone, 3, 1);
    Backend fresh = createBackend(context);
    try {
      fresh.start();
      assertEquals(3, fresh.findSoa(zone).orElseThrow().getSerial());
      fresh.deleteZone(zone);
      assertEquals(Optional.empty(), fresh.findSoa(zone));
    } finally {
      fresh.close();
    }
    assertGone(zone);
  }

  @Test
  void healthIsOkWhileTheServerRuns() {
    assertTrue(backend.checkHealth().healthy(), backend.checkHealth().detail());
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Makes {@code zone} served at {@code serial} with {@link TestZones#records} content: handed to a
   * {@link ContentBackend}, or put on the contract's primary for a {@link SecondaryBackend}.
   */
  protected final void provision(Name zone, long serial, int hosts) throws Exception {
    if (backend instanceof ContentBackend content) {
      content.createZone(TestZones.streamed(zone, serial, hosts));
      return;
    }
    SecondaryBackend secondary = (SecondaryBackend) backend;
    SOARecord soa = publish(zone, serial, hosts);
    secondary.createSecondaryZone(zone, soa);
    awaitSerial(zone, serial);
  }

  /** Changes a provisioned zone to {@code serial}; returns once the backend serves it. */
  protected final void update(Name zone, long serial, int hosts) throws Exception {
    if (backend instanceof ContentBackend content) {
      content.updateZone(TestZones.streamed(zone, serial, hosts));
      assertEquals(
          serial,
          backend.findSoa(zone).orElseThrow().getSerial(),
          "updateZone returns once the new serial is served");
      return;
    }
    SecondaryBackend secondary = (SecondaryBackend) backend;
    SOARecord soa = publish(zone, serial, hosts);
    secondary.refreshSecondaryZone(zone, soa);
    awaitSerial(zone, serial);
  }

  private void create(Name zone, long serial, int hosts) throws BackendException {
    if (backend instanceof ContentBackend content) {
      content.createZone(TestZones.streamed(zone, serial, hosts));
    } else {
      ((SecondaryBackend) backend).createSecondaryZone(zone, TestZones.soa(zone, serial));
    }
  }

  /** Puts the zone on the contract's primary. */
  private SOARecord publish(Name zone, long serial, int hosts) throws IOException {
    // A short file name: the primary takes the file name as the default origin, so it must parse.
    String file =
        "z-" + Integer.toUnsignedString(zone.canonicalize().toString().hashCode(), 36) + ".zone";
    TestZones.writeZoneFile(masterZones, file, TestZones.streamed(zone, serial, hosts));
    master.reloadNow();
    return TestZones.soa(zone, serial);
  }

  private void awaitSerial(Name zone, long serial) throws Exception {
    long deadline = System.nanoTime() + SECONDARY_WAIT.toNanos();
    long seen = -1;
    while (System.nanoTime() < deadline) {
      seen = backend.findSoa(zone).map(SOARecord::getSerial).orElse(-1L);
      if (seen == serial) {
        return;
      }
      Thread.sleep(50);
    }
    fail(
        zone
            + ": serial "
            + serial
            + " not served within "
            + SECONDARY_WAIT
            + " (seen "
            + seen
            + ")");
  }

  /**
   * The backend and (where it answers DNS) the server serve the zone's records at {@code serial}.
   */
  protected final void assertServed(Name zone, long serial, int hosts) throws Exception {
    assertEquals(serial, backend.findSoa(zone).orElseThrow().getSerial(), zone + " findSoa");
    if (dnsAddress().isEmpty()) {
      return;
    }
    InetSocketAddress dns = dnsAddress().get();
    assertEquals(OptionalLong.of(serial), DnsQueries.servedSerial(dns, zone), zone + " SOA query");
    int last = hosts - 1;
    if (last >= 0) {
      Message a = DnsQueries.query(dns, TestZones.host(zone, last).getName(), Type.A);
      assertEquals(
          Optional.of(TestZones.host(zone, last).getAddress().getHostAddress()),
          DnsQueries.firstA(a),
          "A record of host h" + last + " of " + zone);
    }
    Message txt = DnsQueries.query(dns, TestZones.serialName(zone), Type.TXT);
    assertEquals(Optional.of("serial " + serial), DnsQueries.firstTxt(txt), "TXT of " + zone);
  }

  /** Neither the backend nor the server serve the zone, nor does the inventory list it. */
  protected final void assertGone(Name zone) throws Exception {
    assertEquals(Optional.empty(), backend.findSoa(zone), zone + " findSoa after delete");
    if (dnsAddress().isPresent()) {
      assertEquals(
          OptionalLong.empty(),
          DnsQueries.servedSerial(dnsAddress().get(), zone),
          zone + " is still answered by the server");
    }
    if (backend instanceof ZoneInventory inventory) {
      ZoneInventory.Inventory now = inventory.inventory();
      assertFalse(now.served().containsKey(zone), zone + " still in the inventory");
      assertFalse(now.unmanaged().contains(zone), zone + " left behind as unmanaged");
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void assertRejected(Call call, String what) {
    Kind kind = kindOf(call);
    assertEquals(Kind.REJECTED, kind, what + " must be REJECTED");
  }

  private static Kind kindOf(Call call) {
    try {
      call.run();
      return null;
    } catch (BackendException e) {
      return e.kind();
    } catch (Exception e) {
      throw new AssertionError("expected a BackendException, got " + e, e);
    }
  }

  private void assertEveryCallRejected(Name hostile) {
    List<String> wrong = new ArrayList<>();
    check(wrong, "findSoa", hostile, () -> backend.findSoa(hostile));
    check(wrong, "deleteZone", hostile, () -> backend.deleteZone(hostile));
    if (backend instanceof ContentBackend content) {
      check(wrong, "createZone", hostile, () -> content.createZone(HostileNames.content(hostile)));
      check(wrong, "updateZone", hostile, () -> content.updateZone(HostileNames.content(hostile)));
    }
    if (backend instanceof SecondaryBackend secondary) {
      check(
          wrong,
          "createSecondaryZone",
          hostile,
          () -> secondary.createSecondaryZone(hostile, HostileNames.soa(hostile)));
      check(
          wrong,
          "refreshSecondaryZone",
          hostile,
          () -> secondary.refreshSecondaryZone(hostile, HostileNames.soa(hostile)));
    }
    assertEquals(List.of(), wrong, "calls with " + hostile + " not REJECTED");
  }

  private static void check(List<String> wrong, String method, Name hostile, Call call) {
    Kind kind = kindOf(call);
    if (kind != Kind.REJECTED) {
      wrong.add(method + " gave " + kind);
    }
  }

  private static void assertUnavailable(Duration bound, Call call, String what) {
    long start = System.nanoTime();
    Kind kind = assertTimeoutPreemptively(bound, () -> kindOf(call), what + " hangs");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertNotNull(kind, what + " succeeded with the server down (took " + took + ")");
    assertEquals(Kind.UNAVAILABLE, kind, what + " with the server down (took " + took + ")");
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Duration bound, Condition condition, String what) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.holds()) {
        return;
      }
      Thread.sleep(100);
    }
    fail(what + ": not within " + bound);
  }

  private static byte[] secret() {
    byte[] secret = new byte[32];
    new java.security.SecureRandom().nextBytes(secret);
    return secret;
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + root, e);
    }
  }
}
