// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The zones this agent created and has not deleted, per target. Kept with the journal; used by
 * reconciliation (which zones to check), by {@code status} (zone count) and to tell zones the agent
 * manages from zones someone else put on the server. Thread-safe.
 */
public final class ZoneCatalog {
  private final Set<ZoneKey> zones = ConcurrentHashMap.newKeySet();

  public ZoneCatalog() {}

  public ZoneCatalog(Collection<ZoneKey> initial) {
    zones.addAll(initial);
  }

  public boolean contains(ZoneKey key) {
    return zones.contains(key);
  }

  public int size() {
    return zones.size();
  }

  /** The zones of one target, in no particular order. */
  public List<ZoneKey> zones(String target) {
    return zones.stream().filter(k -> k.target().equals(target)).toList();
  }

  boolean add(ZoneKey key) {
    return zones.add(key);
  }

  boolean remove(ZoneKey key) {
    return zones.remove(key);
  }
}
