// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The last reconciliation sweep.
 *
 * @param checked zones compared with the masters
 * @param behind zones found older than the masters' (an update was queued)
 * @param missing zones the backend lost (a CREATE was queued)
 * @param errors zones that could not be compared (master or backend did not answer)
 * @param unmanaged zones the backend serves that the agent never created (some of them)
 * @param unmanagedCount how many such zones there are
 * @param unmanagedKnown false when some target's backend cannot list its zones (no {@link
 *     org.dnsagent.spi.ZoneInventory}, or it failed): the count then says nothing
 */
public record ReconcileReport(
    Optional<Instant> started,
    Optional<Instant> finished,
    int checked,
    int behind,
    int missing,
    int errors,
    List<String> unmanaged,
    int unmanagedCount,
    boolean unmanagedKnown) {

  public ReconcileReport {
    unmanaged = List.copyOf(unmanaged);
  }

  public static ReconcileReport none() {
    return new ReconcileReport(Optional.empty(), Optional.empty(), 0, 0, 0, 0, List.of(), 0, false);
  }
}
