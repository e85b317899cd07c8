// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;

/**
 * One immutable version of a served zone: its content plus the differences from earlier versions,
 * oldest first, that IXFR answers are built from. The owner-name index for lookups is built on
 * first use, because zones used only for transfers never need it.
 */
final class LoadedZone {
  /** How a newly parsed file relates to the version being served. */
  enum Change {
    /** Same SOA and records: keep serving the current version. */
    UNCHANGED,
    /** Serial increased: new version, NOTIFY the secondaries. */
    SERIAL_INCREASED,
    /** Content changed but the serial did not increase: served, but secondaries will not see it. */
    SERIAL_NOT_INCREASED
  }

  /** The outcome of {@link #update}. */
  record Update(Change change, LoadedZone zone) {}

  private final ParsedZone content;
  private final List<ZoneDiff> history;
  private volatile OwnerIndex index;

  private LoadedZone(ParsedZone content, List<ZoneDiff> history) {
    this.content = requireNonNull(content, "content is null");
    this.history = List.copyOf(history);
  }

  /** A first version, without history. */
  static LoadedZone initial(ParsedZone content) {
    return new LoadedZone(content, List.of());
  }

  /** This version with {@code diffs} as its history (the caller checked they end here). */
  LoadedZone withHistory(List<ZoneDiff> diffs) {
    return new LoadedZone(content, diffs);
  }

  /**
   * Compares a re-parsed file with this version. On a serial increase the new version keeps up to
   * {@code maxDiffs} differences; a difference bigger than the zone itself is not worth keeping,
   * since an AXFR would be cheaper than the IXFR.
   */
  Update update(ParsedZone parsed, int maxDiffs) {
    ZoneDiff diff = ZoneDiff.between(soa(), records(), parsed.soa(), parsed.records());
    if (diff.isEmpty()) {
      return new Update(Change.UNCHANGED, this);
    }
    if (Serial.compare(parsed.soa().getSerial(), serial()) <= 0) {
      // The old diffs end at a serial whose content is gone: IXFR from them would be wrong.
      return new Update(Change.SERIAL_NOT_INCREASED, initial(parsed));
    }
    List<ZoneDiff> kept = new ArrayList<>(history);
    kept.add(diff);
    if (diff.size() > parsed.records().size() + 1) {
      kept.clear();
    }
    while (kept.size() > maxDiffs) {
      kept.remove(0);
    }
    return new Update(Change.SERIAL_INCREASED, new LoadedZone(parsed, kept));
  }

  Name origin() {
    return content.origin();
  }

  SOARecord soa() {
    return content.soa();
  }

  long serial() {
    return content.soa().getSerial();
  }

  /** Every record but the SOA, in file order. */
  List<Record> records() {
    return content.records();
  }

  Path file() {
    return content.file();
  }

  ZoneInfo info() {
    return new ZoneInfo(origin(), serial(), records().size() + 1, file());
  }

  /** Differences held, oldest first; each ends at the serial where the next begins. */
  List<ZoneDiff> history() {
    return history;
  }

  /** The differences leading from {@code clientSerial} to this version, if all are still held. */
  Optional<List<ZoneDiff>> diffsSince(long clientSerial) {
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).fromSerial() == clientSerial) {
        return Optional.of(history.subList(i, history.size()));
      }
    }
    return Optional.empty();
  }

  /** Records owned by {@code name} (the SOA included at the apex), in file order. */
  List<Record> recordsAt(Name name) {
    return index().owners.getOrDefault(name, List.of());
  }

  /** Whether {@code name} owns records or is an empty non-terminal above names that do. */
  boolean nameExists(Name name) {
    OwnerIndex idx = index();
    return idx.owners.containsKey(name) || idx.emptyNonTerminals.contains(name);
  }

  private OwnerIndex index() {
    OwnerIndex idx = index;
    if (idx == null) {
      synchronized (this) {
        idx = index;
        if (idx == null) {
          idx = new OwnerIndex(origin(), soa(), records());
          index = idx;
        }
      }
    }
    return idx;
  }

  @Override
  public String toString() {
    return origin() + "/" + serial();
  }

  /** Records by owner name, and the names that exist only because names below them do. */
  private static final class OwnerIndex {
    final Map<Name, List<Record>> owners;
    final Set<Name> emptyNonTerminals = new HashSet<>();

    OwnerIndex(Name origin, SOARecord soa, List<Record> records) {
      Map<Name, List<Record>> byOwner = new HashMap<>();
      byOwner.computeIfAbsent(origin, n -> new ArrayList<>(2)).add(soa);
      for (Record r : records) {
        byOwner.computeIfAbsent(r.getName(), n -> new ArrayList<>(2)).add(r);
      }
      for (Name owner : byOwner.keySet()) {
        Name n = owner;
        while (n.labels() > origin.labels()) {
          n = new Name(n, 1);
          if (byOwner.containsKey(n) || !emptyNonTerminals.add(n)) {
            break;
          }
        }
      }
      byOwner.replaceAll((name, list) -> List.copyOf(list));
      owners = byOwner;
    }
  }
}
