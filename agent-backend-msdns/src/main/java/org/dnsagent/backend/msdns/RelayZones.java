// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.dnsagent.master.MasterEvents;
import org.dnsagent.master.ZoneDiff;
import org.dnsagent.master.ZoneServer;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The relay's zones: kept durably as one master file per zone in the relay directory (written
 * atomically, fsynced, before a call returns), reloaded at start, and served to Microsoft DNS by a
 * {@link ZoneServer} (the local master's serving library) that keeps IXFR history and sends NOTIFY
 * on every new serial. Each zone's history is kept too, in a {@link RelayHistory} file beside its
 * zone file, and given back to the server at start, so IXFR survives a restart. Calls for one zone
 * are never concurrent (the agent's rule).
 */
final class RelayZones implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RelayZones.class);
  static final String SUFFIX = ".zone";

  /** Transfers served and queries refused, for logs, health and tests. */
  static final class Counters implements MasterEvents {
    final AtomicLong fullTransfers = new AtomicLong();
    final AtomicLong incrementalTransfers = new AtomicLong();
    final AtomicLong refused = new AtomicLong();

    @Override
    public void transferSent(Name zone, long serial, boolean incremental, InetAddress client) {
      (incremental ? incrementalTransfers : fullTransfers).incrementAndGet();
      LOG.info(
          "msdns relay: {} of {} serial {} to {}",
          incremental ? "IXFR" : "AXFR",
          zone,
          serial,
          client.getHostAddress());
    }

    @Override
    public void queryRefused(Record question, InetAddress client) {
      refused.incrementAndGet();
      LOG.info(
          "msdns relay: refused {} from {} (not in relay_allow)",
          question == null ? "a query" : question.getName() + " " + Type.string(question.getType()),
          client.getHostAddress());
    }
  }

  private final Path directory;
  private final ZoneServer server;
  private final Counters counters;
  private boolean started; // guarded by this

  RelayZones(Path directory, ZoneServer.Options options) {
    this.directory = requireNonNull(directory, "directory is null");
    this.counters = new Counters();
    this.server = new ZoneServer(options, counters);
  }

  Counters counters() {
    return counters;
  }

  /**
   * Loads the zone files kept by an earlier run and starts serving. Idempotent.
   *
   * @throws IOException if the directory cannot be read or the address bound ({@link
   *     java.net.BindException} names the address and TCP or UDP)
   */
  synchronized void start() throws IOException {
    if (started) {
      return;
    }
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory);
    }
    int loaded = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : files) {
        if (file.getFileName().toString().startsWith(".")) {
          continue;
        }
        try {
          load(file);
          loaded++;
        } catch (IOException | RuntimeException e) {
          LOG.warn("msdns relay: not serving {}: {}", file, e.getMessage());
        }
      }
    }
    server.start();
    started = true;
    for (var zone : server.zones()) {
      server.notifyTargets(zone.name()); // changes made while the relay was down
    }
    LOG.info(
        "msdns relay: serving {} zones from {} on {}",
        loaded,
        directory,
        HostPort.format(server.address()));
  }

  private void load(Path file) throws IOException {
    List<Record> records = new ArrayList<>();
    try (Master master = new Master(file.toString(), Name.root)) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        records.add(r);
      }
    }
    if (records.isEmpty() || !(records.get(0) instanceof SOARecord soa)) {
      throw new IOException("no SOA record first");
    }
    Name zone = soa.getName();
    if (!ZoneFiles.pathFor(directory, zone, SUFFIX).equals(file.toAbsolutePath().normalize())) {
      throw new IOException("holds zone " + zone + ", which is not the zone its name says");
    }
    server.publish(zone, soa, records.subList(1, records.size()), file);
    try {
      List<ZoneDiff> history = RelayHistory.read(directory, zone);
      if (!history.isEmpty() && !server.seedHistory(zone, history)) {
        LOG.warn(
            "msdns relay: IXFR history of {} does not end at serial {}; dropped (AXFR only"
                + " until the next change)",
            zone,
            soa.getSerial());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "msdns relay: IXFR history of {} unreadable ({}); dropped (AXFR only until the next"
              + " change)",
          zone,
          e.getMessage());
    }
  }

  /** Where the relay listens (the port the kernel picked if asked for 0). */
  InetSocketAddress address() {
    return server.address();
  }

  Optional<SOARecord> soa(Name zone) {
    return server.soa(zone);
  }

  int size() {
    return server.zones().size();
  }

  /**
   * Keeps and serves a whole zone; returns what changed. The file is on disk before it is served.
   */
  ZoneServer.Published put(ZoneContent content) throws IOException {
    Name zone = content.name();
    List<Record> records = new ArrayList<>();
    SOARecord soa;
    try (RecordReader reader = content.openRecords()) {
      Record first = reader.next();
      if (!(first instanceof SOARecord s) || !s.getName().equals(zone)) {
        throw new IOException("zone " + zone + " does not start with its SOA");
      }
      soa = s;
      for (Record r = reader.next(); r != null; r = reader.next()) {
        if (r.getType() != Type.SOA) {
          records.add(r);
        }
      }
    }
    return keep(zone, soa, records);
  }

  /**
   * Applies an IXFR's net difference to the zone held at {@code changes.fromSerial()}.
   *
   * @return empty if the zone is not held at that serial (the caller refuses the changes)
   */
  Optional<ZoneServer.Published> apply(ZoneChanges changes) throws IOException {
    Name zone = changes.name();
    Optional<SOARecord> now = server.soa(zone);
    Optional<List<Record>> current = server.records(zone);
    if (now.isEmpty() || current.isEmpty() || now.get().getSerial() != changes.fromSerial()) {
      return Optional.empty();
    }
    // Record equality ignores the TTL: an addition replaces the record equal to it.
    Set<Record> gone = new HashSet<>(changes.deletions());
    gone.addAll(changes.additions());
    List<Record> next = new ArrayList<>(current.get().size() + changes.additions().size());
    for (Record r : current.get()) {
      if (!gone.contains(r)) {
        next.add(r);
      }
    }
    next.addAll(changes.additions());
    return Optional.of(keep(zone, changes.toSoa(), next));
  }

  private ZoneServer.Published keep(Name zone, SOARecord soa, List<Record> records)
      throws IOException {
    Path file = ZoneFiles.pathFor(directory, zone, SUFFIX);
    List<Record> all = new ArrayList<>(records.size() + 1);
    all.add(soa);
    all.addAll(records);
    ZoneFiles.writeAtomically(file, ZoneContent.of(zone, all));
    ZoneServer.Published published = server.publish(zone, soa, records, file);
    if (published != ZoneServer.Published.UNCHANGED) {
      // After the zone file: a crash in between leaves a history ending before the zone's serial,
      // which start() drops.
      RelayHistory.write(directory, zone, server.history(zone));
    }
    return published;
  }

  /** Stops serving the zone and removes its file; false if it was not held. */
  boolean remove(Name zone) throws IOException {
    boolean held = server.withdraw(zone);
    RelayHistory.delete(directory, zone);
    Path file = ZoneFiles.pathFor(directory, zone, SUFFIX);
    if (Files.deleteIfExists(file)) {
      ZoneFiles.syncDirectory(directory);
      held = true;
    }
    return held;
  }

  /** NOTIFYs the targets of the zone's current version (a nudge for a lagging secondary). */
  boolean renotify(Name zone) {
    return server.notifyTargets(zone);
  }

  @Override
  public void close() {
    server.close();
  }
}
