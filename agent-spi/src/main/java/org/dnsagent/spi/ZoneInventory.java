// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * A backend that can tell, in one call, every zone its server holds and the serial it serves. The
 * reconciler asks once per sweep instead of once per zone.
 */
public interface ZoneInventory {

  /**
   * What the server holds now.
   *
   * @throws BackendException with {@link BackendException.Kind#UNAVAILABLE} if the server could not
   *     be asked; never an empty inventory in that case
   */
  Inventory inventory() throws BackendException;

  /**
   * @param served zones this backend provisioned and the server serves, with the served serial
   *     (unsigned 32-bit); a provisioned zone the server fails to load is absent
   * @param unmanaged zones the server holds that this backend did not provision (configured by
   *     hand)
   */
  record Inventory(Map<Name, Long> served, Set<Name> unmanaged) {
    public Inventory {
      served = Map.copyOf(requireNonNull(served, "served is null"));
      unmanaged = Set.copyOf(requireNonNull(unmanaged, "unmanaged is null"));
    }
  }
}
