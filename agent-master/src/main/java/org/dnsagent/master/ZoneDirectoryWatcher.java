// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Keeps the {@link ZoneStore} in step with the zones directory. Each scan stats every zone file and
 * the files it includes, and re-parses only those whose stamp changed, so a scan of an unchanged
 * directory costs one {@code stat} per file.
 */
final class ZoneDirectoryWatcher {
  private static final Logger log = LoggerFactory.getLogger(ZoneDirectoryWatcher.class);
  // File systems keep mtimes in coarse ticks (often several ms, FAT two seconds): a file written
  // twice within one tick keeps its stamp when its size does not change. So files modified this
  // close to when they were last read also have their content checksummed, the way git handles
  // "racy" files; a checksum is far cheaper than re-parsing a big zone.
  private static final long RACY_NANOS = Duration.ofSeconds(2).toNanos();

  /** A zone file as last read, and the zone it provided (null if it never loaded). */
  private static final class Tracked {
    final List<FileStamp> stamps;
    final Name zone;
    long checkedAtNanos;

    Tracked(List<FileStamp> stamps, long checkedAtNanos, Name zone) {
      this.stamps = stamps;
      this.checkedAtNanos = checkedAtNanos;
      this.zone = zone;
    }

    boolean needsReload() {
      long now = nowNanos();
      boolean racy = false;
      for (FileStamp s : stamps) {
        if (s.metadataChanged()) {
          return true;
        }
        racy |= Math.abs(s.modifiedNanos() - checkedAtNanos) < RACY_NANOS;
      }
      if (!racy) {
        return false;
      }
      for (FileStamp s : stamps) {
        if (s.contentChanged()) {
          return true;
        }
      }
      checkedAtNanos = now; // unchanged as of now: the file settles once its mtime is old enough
      return false;
    }
  }

  private final Path directory;
  private final ZoneFileLoader loader;
  private final ZoneStore store;
  private final int maxDiffs;
  private final MasterEvents events;
  private final Consumer<LoadedZone> notifier;
  private final Map<Path, Tracked> tracked = new HashMap<>(); // guarded by this

  /** Which file each zone is loaded from, to refuse a second file for it in O(1). */
  private final Map<Name, Path> owners = new HashMap<>(); // guarded by this

  /**
   * @param notifier called with each zone version the secondaries must hear about
   */
  ZoneDirectoryWatcher(
      Path directory,
      ZoneFileLoader loader,
      ZoneStore store,
      int maxDiffs,
      MasterEvents events,
      Consumer<LoadedZone> notifier) {
    this.directory = directory;
    this.loader = loader;
    this.store = store;
    this.maxDiffs = maxDiffs;
    this.events = events;
    this.notifier = notifier;
  }

  /** Brings the store up to date with the directory; never throws. */
  void scanSafely() {
    try {
      scan();
    } catch (IOException | RuntimeException e) {
      log.warn("scanning {} failed: {}", directory, e.toString());
    }
  }

  /** Brings the store up to date with the directory. */
  synchronized void scan() throws IOException {
    List<Path> files = listZoneFiles();
    java.util.Set<Path> present = new java.util.HashSet<>(files);
    for (Path gone : new ArrayList<>(tracked.keySet())) {
      if (!present.contains(gone)) {
        forget(gone);
      }
    }
    for (Path file : files) {
      Tracked t = tracked.get(file);
      if (t == null || t.needsReload()) {
        load(file, t == null ? null : t.zone);
      }
    }
  }

  private List<Path> listZoneFiles() throws IOException {
    try (Stream<Path> s = Files.list(directory)) {
      return s.filter(ZoneFileLoader::isZoneFileName)
          .filter(Files::isRegularFile)
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private void forget(Path file) {
    Tracked t = tracked.remove(file);
    if (t.zone != null) {
      owners.remove(t.zone, file);
    }
    store.clearError(file);
    if (t.zone != null) {
      dropZone(t.zone, file);
    }
  }

  private void dropZone(Name zone, Path file) {
    store.remove(zone);
    EventLog.info(log, events, "zone {} dropped ({} removed or changed)", zone, file);
    events.zoneRemoved(zone);
  }

  private void load(Path file, Name previousZone) {
    long readAt = nowNanos();
    List<FileStamp> stamps = new ArrayList<>();
    // Stamped before parsing: a change during the parse shows up as a changed stamp next time.
    stamps.add(FileStamp.read(file));
    loader.includedFiles(file).forEach(p -> stamps.add(FileStamp.read(p)));
    Name zone = previousZone;
    try {
      ParsedZone parsed = loader.load(file);
      checkNotServedElsewhere(parsed, file);
      zone = parsed.origin();
      if (previousZone != null && !previousZone.equals(zone)) {
        dropZone(previousZone, file);
      }
      apply(parsed);
      store.clearError(file);
    } catch (ZoneLoadException e) {
      LoadError error = e.error();
      if (store.setError(error)) {
        EventLog.warn(log, events, "cannot load {}: {}", file, error);
        events.loadFailed(error);
      }
    }
    Tracked old = tracked.put(file, new Tracked(List.copyOf(stamps), readAt, zone));
    if (old != null && old.zone != null && !old.zone.equals(zone)) {
      owners.remove(old.zone, file);
    }
    if (zone != null) {
      owners.putIfAbsent(zone, file);
    }
  }

  private void checkNotServedElsewhere(ParsedZone parsed, Path file) throws ZoneLoadException {
    Path owner = owners.get(parsed.origin());
    if (owner != null && !owner.equals(file)) {
      String message = "zone " + parsed.origin() + " is already loaded from " + owner;
      throw new ZoneLoadException(
          new LoadError(file, file.getFileName().toString(), 0, message), null);
    }
  }

  private void apply(ParsedZone parsed) {
    LoadedZone current = store.get(parsed.origin());
    if (current == null) {
      publish(LoadedZone.initial(parsed), true);
      return;
    }
    LoadedZone.Update update = current.update(parsed, maxDiffs);
    switch (update.change()) {
      case UNCHANGED:
        break;
      case SERIAL_INCREASED:
        publish(update.zone(), true);
        break;
      case SERIAL_NOT_INCREASED:
        log.warn(
            "{}: content changed but serial {} did not increase; secondaries will not see it",
            parsed.file(),
            parsed.soa().getSerial());
        publish(update.zone(), false);
        break;
      default:
        throw new IllegalStateException(update.change().toString());
    }
  }

  private void publish(LoadedZone zone, boolean notify) {
    store.put(zone);
    EventLog.info(
        log, events, "zone {} loaded from {}: {}", zone.origin(), zone.file(), zone.info());
    events.zoneLoaded(zone.info());
    if (notify) {
      notifier.accept(zone);
    }
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
