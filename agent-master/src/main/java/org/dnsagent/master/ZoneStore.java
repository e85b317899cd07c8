// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;

/**
 * The zones being served and the files that currently fail to load. Readers (the query threads)
 * never lock: they see either the previous or the next immutable {@link LoadedZone}.
 */
final class ZoneStore {
  private final Map<Name, LoadedZone> zones = new ConcurrentHashMap<>();
  private final Map<Path, LoadError> errors = new ConcurrentHashMap<>();

  LoadedZone get(Name origin) {
    return zones.get(origin);
  }

  /** The zone {@code name} belongs to (the one with the longest matching apex), or null. */
  LoadedZone findFor(Name name) {
    if (zones.isEmpty()) {
      return null;
    }
    for (int strip = 0; strip < name.labels(); strip++) {
      LoadedZone zone = zones.get(strip == 0 ? name : new Name(name, strip));
      if (zone != null) {
        return zone;
      }
    }
    return null;
  }

  void put(LoadedZone zone) {
    zones.put(zone.origin(), zone);
  }

  void remove(Name origin) {
    zones.remove(origin);
  }

  /** Summaries of all zones, sorted by name. */
  List<ZoneInfo> infos() {
    return zones.values().stream()
        .map(LoadedZone::info)
        .sorted(Comparator.comparing(ZoneInfo::name))
        .collect(Collectors.toUnmodifiableList());
  }

  /** Records that {@code file} fails to load; returns true if this error is new for the file. */
  boolean setError(LoadError error) {
    return !error.equals(errors.put(error.file(), error));
  }

  void clearError(Path file) {
    errors.remove(file);
  }

  LoadError error(Path file) {
    return errors.get(file);
  }

  /** Current load errors, sorted by file. */
  List<LoadError> errors() {
    return errors.values().stream()
        .sorted(Comparator.comparing(LoadError::file))
        .collect(Collectors.toUnmodifiableList());
  }
}
