// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.CallBatcher;
import org.dnsagent.spi.Durations;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.spi.ZoneNames;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;
import org.xbill.DNS.TextParseException;

/**
 * What both modes share: the control transport, the ownership rule, batched {@code addzones} /
 * {@code delzones}, deletes, the inventory and the start-up checks of nsd.conf.
 *
 * <p>A zone is the agent's when NSD holds it with one of the agent's patterns ({@link
 * #isOurPattern}); a zone from nsd.conf (no pattern in {@code zonestatus}) or with another pattern
 * is never changed nor deleted.
 */
abstract class NsdBackend implements Backend, ZoneInventory {
  /** Items per group commit; the transport splits them into addzones calls of 200 lines. */
  private static final int MAX_BATCH = 2000;

  final NsdConfig config;
  final ControlTransport control;
  final HostAccess host;
  final SoaProbe soaProbe;

  /** Zones known to be ours: added by this backend, or seen in zonestatus with our pattern. */
  final Set<Name> ours = ConcurrentHashMap.newKeySet();

  /**
   * How long a new serial must be answered alone before it counts as served ({@link #awaitServed}).
   */
  static final long STABLE_MILLIS = 100;

  /** One zone to add; with a serial, the add returns once NSD serves it. */
  record AddItem(Name zone, String pattern, OptionalLong awaitSerial) {}

  private final CallBatcher<AddItem> adds;
  private final CallBatcher<Name> deletes;

  NsdBackend(NsdConfig config, ControlTransport control, HostAccess host) {
    this.config = requireNonNull(config, "config is null");
    this.control = requireNonNull(control, "control is null");
    this.host = requireNonNull(host, "host is null");
    this.soaProbe = new SoaProbe(config.queryDestination(), config.timeout());
    this.adds = new CallBatcher<>(this::addBatch, MAX_BATCH);
    this.deletes = new CallBatcher<>(this::deleteBatch, MAX_BATCH);
  }

  /** True if zones with this pattern are this backend's. */
  abstract boolean isOurPattern(String pattern);

  /** Mode-specific start-up checks, given nsd.conf as read. */
  abstract void checkConfiguration(NsdConfFile conf) throws BackendException;

  @Override
  public void start() throws BackendException {
    ControlReply status = control.command("status");
    if (status.isError()) {
      throw new BackendException(
          Kind.MISCONFIGURED, "nsd-control status failed: " + status.describe());
    }
    NsdConfFile conf = NsdConfFile.read(host.files(), config.nsdConfFile());
    if (conf.zonelistfile.isPresent() && conf.zonelistfile.get().isEmpty()) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          config.nsdConfFile()
              + " sets zonelistfile to \"\": zones added at runtime would be lost when NSD"
              + " restarts; in its server: clause write zonelistfile: \"/var/lib/nsd/zone.list\""
              + " (or remove the line to get that default)");
    }
    checkConfiguration(conf);
  }

  @Override
  public Optional<SOARecord> findSoa(Name zone) throws BackendException {
    checkName(zone);
    Optional<SOARecord> soa = soaProbe.find(zone);
    if (soa.isEmpty()) {
      return soa;
    }
    if (ours.contains(zone)) {
      return soa;
    }
    Optional<ZoneStatus> status = status(zone);
    if (status.isPresent() && status.get().pattern().filter(this::isOurPattern).isPresent()) {
      ours.add(zone);
      return soa;
    }
    return Optional.empty(); // served, but not ours: never reported as served to the agent
  }

  @Override
  public void deleteZone(Name zone) throws BackendException {
    checkName(zone);
    Optional<ZoneStatus> status = status(zone);
    ours.remove(zone);
    if (status.isPresent()) {
      rejectUnlessOurs(zone, status.get(), "not deleting it");
      try {
        deletes.submit(zone);
      } catch (BackendException e) {
        if (!hasMarker(e, NotPresent.class)) {
          throw e;
        }
      }
      Map<Name, BackendException> late = awaitServed(Map.of(zone, GONE));
      if (!late.isEmpty()) {
        throw late.get(zone);
      }
    }
    afterDelete(zone);
  }

  /** Clean-up after a delete (the primary's zone file). */
  void afterDelete(Name zone) throws BackendException {}

  /**
   * Adds the zone with this pattern, in a batch with the other adds queued now.
   *
   * @return true if added, false if NSD already had a zone of this name (the caller checks whose)
   */
  boolean addZone(Name zone, String pattern) throws BackendException {
    return addZone(zone, pattern, OptionalLong.empty());
  }

  /**
   * Adds the zone like {@link #addZone(Name, String)} and, if NSD added it, returns once NSD serves
   * {@code serial}: the batch waits for all its zones at once, so the next batch gathers every add
   * made meanwhile, and NSD reloads once per batch rather than once per zone.
   */
  boolean addZone(Name zone, String pattern, OptionalLong serial) throws BackendException {
    try {
      adds.submit(new AddItem(zone, pattern, serial));
      ours.add(zone);
      if (serial.isPresent()) {
        Map<Name, BackendException> late = awaitServed(Map.of(zone, serial.getAsLong()));
        if (!late.isEmpty()) {
          throw late.get(zone);
        }
      }
      return true;
    } catch (BackendException e) {
      if (hasMarker(e, AlreadyExists.class)) {
        return false;
      }
      throw e;
    }
  }

  /** In {@link #awaitServed}: wait until the zone is not served at all. */
  static final long GONE = -1;

  private List<BackendException> deleteBatch(List<Name> zones) throws BackendException {
    List<String> lines = new ArrayList<>(zones.size());
    for (Name zone : zones) {
      lines.add(nsdName(zone));
    }
    List<BackendException> results = bulk("delzones", lines);
    Map<Name, Long> wanted = new LinkedHashMap<>();
    for (int i = 0; i < zones.size(); i++) {
      if (results.get(i) == null) {
        wanted.put(zones.get(i), GONE);
      }
    }
    // Until NSD has reloaded without them, as for adds.
    Map<Name, BackendException> late = awaitServed(wanted, config.timeout().toMillis(), 0);
    for (int i = 0; i < zones.size(); i++) {
      BackendException e = late.get(zones.get(i));
      if (e != null) {
        results.set(i, e);
      }
    }
    return results;
  }

  private List<BackendException> addBatch(List<AddItem> items) throws BackendException {
    List<String> lines = new ArrayList<>(items.size());
    for (AddItem item : items) {
      lines.add(nsdName(item.zone()) + " " + item.pattern());
    }
    List<BackendException> results = bulk("addzones", lines);
    Map<Name, Long> wanted = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      if (results.get(i) == null && items.get(i).awaitSerial().isPresent()) {
        wanted.put(items.get(i).zone(), items.get(i).awaitSerial().getAsLong());
      }
    }
    // Until NSD has loaded the batch (first answers), so that the next batch gathers the adds made
    // meanwhile; each caller then waits out the stability window itself, batches overlapping.
    Map<Name, BackendException> late = awaitServed(wanted, config.timeout().toMillis(), 0);
    for (int i = 0; i < items.size(); i++) {
      BackendException e = late.get(items.get(i).zone());
      if (e != null) {
        results.set(i, e);
      }
    }
    return results;
  }

  /**
   * Waits until NSD serves at least each zone's serial. NSD reloads by starting new server
   * processes and only then telling the old ones to quit, so for a moment old data still answers
   * some queries: a serial counts as served once every probe over {@link #STABLE_MILLIS} has seen
   * it.
   *
   * @return the zones not served in time, with their error
   */
  Map<Name, BackendException> awaitServed(Map<Name, Long> wanted) throws BackendException {
    return awaitServed(wanted, config.timeout().toMillis(), STABLE_MILLIS);
  }

  /**
   * {@link #awaitServed(Map)}, giving up after {@code millis} (plus the stability window), with a
   * serial taken as served after {@code stableMillis} of answers (0: at the first).
   */
  Map<Name, BackendException> awaitServed(Map<Name, Long> wanted, long millis, long stableMillis)
      throws BackendException {
    long deadline = System.nanoTime() + (millis + stableMillis) * 1_000_000;
    Map<Name, Long> pending = new LinkedHashMap<>(wanted);
    Map<Name, Long> seenSince = new HashMap<>();
    Map<Name, String> lastSeen = new HashMap<>();
    long pause = 1;
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Name, Long> e = it.next();
        Optional<SOARecord> soa;
        try {
          // Over TCP: NSD's response rate limiting drops REFUSED answers (a deleted zone, one not
          // loaded yet) over UDP beyond 200 a second, whatever the zone (SoaProbe#findOverTcp).
          soa = soaProbe.findOverTcp(e.getKey());
        } catch (BackendException unanswered) {
          soa = Optional.empty();
        }
        long now = System.nanoTime();
        lastSeen.put(e.getKey(), soa.map(r -> Long.toString(r.getSerial())).orElse("nothing"));
        boolean reached =
            e.getValue() == GONE
                ? soa.isEmpty()
                : soa.isPresent() && Serial.compare(soa.get().getSerial(), e.getValue()) >= 0;
        if (reached) {
          Long since = seenSince.putIfAbsent(e.getKey(), now);
          if (stableMillis == 0 || (since != null && now - since >= stableMillis * 1_000_000)) {
            it.remove();
          }
        } else {
          seenSince.remove(e.getKey());
        }
      }
      if (!pending.isEmpty()) {
        sleep(seenSince.size() == pending.size() ? Math.max(1, stableMillis / 4) : pause, null);
        pause = Math.min(20, pause * 2);
      }
    }
    Map<Name, BackendException> late = new HashMap<>();
    for (Map.Entry<Name, Long> e : pending.entrySet()) {
      late.put(
          e.getKey(),
          new BackendException(
              Kind.UNAVAILABLE,
              (e.getValue() == GONE
                      ? "NSD did not stop serving"
                      : "NSD did not serve serial " + e.getValue() + " of")
                  + " "
                  + e.getKey()
                  + " within "
                  + Durations.seconds(Duration.ofMillis(millis))
                  + " (serves "
                  + lastSeen.getOrDefault(e.getKey(), "nothing")
                  + "); see NSD's log"));
    }
    return late;
  }

  /** Runs one group of addzones or delzones lines, 200 per call, and reads each line's fate. */
  private List<BackendException> bulk(String verb, List<String> lines) throws BackendException {
    List<BackendException> results = new ArrayList<>(lines.size());
    for (int from = 0; from < lines.size(); from += ControlTransport.MAX_BULK_LINES) {
      List<String> chunk =
          lines.subList(from, Math.min(lines.size(), from + ControlTransport.MAX_BULK_LINES));
      BulkAnswer answer = BulkAnswer.parse(control.bulk(verb, chunk));
      for (String line : chunk) {
        results.add(outcome(verb, line, answer.outcome(line.split(" ")[0])));
      }
    }
    return results;
  }

  private static BackendException outcome(
      String verb, String line, Optional<BulkAnswer.Outcome> found) {
    String zone = line.split(" ")[0];
    if (found.isEmpty()) {
      return new BackendException(
          Kind.UNAVAILABLE, "nsd-control " + verb + ": NSD's answer ended before zone " + zone);
    }
    BulkAnswer.Outcome o = found.get();
    if (verb.equals("addzones")) {
      if (o.done() && o.mentions("already exists")) {
        return new BackendException(
            Kind.REJECTED, "zone " + zone + " already exists in NSD", new AlreadyExists());
      }
      if (o.done()) {
        return null;
      }
      if (o.mentions("pattern") && o.mentions("does not exist")) {
        return new BackendException(
            Kind.MISCONFIGURED,
            "NSD has no pattern for zone " + zone + " (" + o.describe() + "); check nsd.conf");
      }
      return new BackendException(Kind.REJECTED, "addzone " + zone + ": " + o.describe());
    }
    if (o.done()) {
      return null;
    }
    if (o.mentions("not present")) {
      return new BackendException(Kind.REJECTED, "zone " + zone + " not present", new NotPresent());
    }
    if (o.mentions("defined in nsd.conf")) {
      return new BackendException(
          Kind.REJECTED, "zone " + zone + " is configured in nsd.conf; not deleting it");
    }
    return new BackendException(Kind.REJECTED, "delzone " + zone + ": " + o.describe());
  }

  /** NSD said "zone X already exists": not an error to the caller of addZone. */
  private static final class AlreadyExists extends Exception {
    private static final long serialVersionUID = 1L;
  }

  /** NSD said "zone X not present": a delete that finds nothing is done. */
  private static final class NotPresent extends Exception {
    private static final long serialVersionUID = 1L;
  }

  private static boolean hasMarker(Throwable e, Class<? extends Exception> marker) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (marker.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** NSD's view of one zone; empty if NSD has no zone of that name. */
  Optional<ZoneStatus> status(Name zone) throws BackendException {
    ControlReply reply = control.command("zonestatus", nsdName(zone));
    if (reply.isError()) {
      if (reply.mentions("not configured")) {
        return Optional.empty();
      }
      throw new BackendException(
          Kind.UNAVAILABLE, "nsd-control zonestatus " + zone + ": " + reply.describe());
    }
    List<ZoneStatus> zones = ZoneStatus.parseAll(reply);
    if (zones.isEmpty()) {
      throw new BackendException(
          Kind.INTERNAL, "cannot read NSD's zonestatus for " + zone + ": " + reply.describe());
    }
    return Optional.of(zones.get(0));
  }

  void rejectUnlessOurs(Name zone, ZoneStatus status, String consequence) throws BackendException {
    if (status.pattern().filter(this::isOurPattern).isPresent()) {
      return;
    }
    ours.remove(zone);
    throw new BackendException(
        Kind.REJECTED,
        "zone "
            + zone
            + " was not added by this agent ("
            + (status.fromConfigFile()
                ? "it is configured in nsd.conf"
                : "NSD holds it with pattern " + status.pattern().get())
            + "); "
            + consequence);
  }

  @Override
  public Inventory inventory() throws BackendException {
    ControlReply reply = control.command("zonestatus");
    if (reply.isError()) {
      throw new BackendException(Kind.UNAVAILABLE, "nsd-control zonestatus: " + reply.describe());
    }
    Map<Name, Long> served = new HashMap<>();
    Set<Name> unmanaged = new HashSet<>();
    for (ZoneStatus z : ZoneStatus.parseAll(reply)) {
      Name name;
      try {
        name = Name.fromString(z.zone(), Name.root);
      } catch (TextParseException e) {
        continue; // NSD would not hold a name it cannot parse; nothing to report
      }
      if (z.pattern().filter(this::isOurPattern).isEmpty()) {
        unmanaged.add(name);
        continue;
      }
      ours.add(name);
      OptionalLong serial = servedSerial(name, z);
      if (serial.isPresent()) {
        served.put(name, serial.getAsLong());
      }
    }
    return new Inventory(served, unmanaged);
  }

  /** The serial NSD serves for one of our zones, from zonestatus if it says, else by DNS. */
  OptionalLong servedSerial(Name zone, ZoneStatus status) throws BackendException {
    if (status.servedSerial().isPresent()) {
      return status.servedSerial();
    }
    Optional<SOARecord> soa = soaProbe.find(zone);
    return soa.isPresent() ? OptionalLong.of(soa.get().getSerial()) : OptionalLong.empty();
  }

  @Override
  public BackendHealth checkHealth() {
    try {
      ControlReply status = control.command("status");
      return status.isError()
          ? BackendHealth.failing("nsd-control status: " + status.describe())
          : BackendHealth.ok("NSD answers over " + control.name());
    } catch (BackendException e) {
      return BackendHealth.failing(e.getMessage());
    }
  }

  @Override
  public void close() {
    control.close();
  }

  /** The zone as NSD's control commands take it: lower case, no trailing dot. */
  static String nsdName(Name zone) {
    return NsdConfFile.normalize(zone.toString());
  }

  static void checkName(Name zone) throws BackendException {
    Optional<String> problem = ZoneNames.problem(zone);
    if (problem.isPresent()) {
      throw new BackendException(
          Kind.REJECTED, "refusing zone name " + zone + ": " + problem.get());
    }
  }

  static void sleep(long millis, Name zone) throws BackendException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(
          Kind.UNAVAILABLE, "interrupted while waiting for " + (zone == null ? "NSD" : zone), e);
    }
  }
}
