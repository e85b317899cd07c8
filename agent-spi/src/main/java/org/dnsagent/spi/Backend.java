// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * One DNS server (or one view of it) that the agent provisions zones on.
 *
 * <p>The agent calls a backend for one zone at a time: operations on the same zone are never
 * concurrent, operations on different zones may be. Implementations must therefore be safe for
 * concurrent use across zones. Every method that talks to the server must time out; a server that
 * cannot be reached is reported as {@link BackendException.Kind#UNAVAILABLE}, never as "zone
 * absent".
 *
 * <p>A backend knows nothing of the DNS wire protocol between controller and agent: it receives
 * validated zone names and zone content, and it returns what the server holds.
 */
public interface Backend extends AutoCloseable {

  /**
   * Checks that the server is reachable and configured so that zones can be added (for example
   * BIND's {@code allow-new-zones}). Called once before the agent starts listening.
   *
   * @throws BackendException if the server is unusable; the agent then refuses to start
   */
  default void start() throws BackendException {}

  /**
   * Returns the SOA record the server serves for the zone now, or empty if it does not serve it.
   *
   * @throws BackendException with {@link BackendException.Kind#UNAVAILABLE} if the server could not
   *     be asked
   */
  Optional<SOARecord> findSoa(Name zone) throws BackendException;

  /** The served serial (unsigned 32-bit), or empty when the zone is not served. */
  default OptionalLong findZoneSerial(Name zone) throws BackendException {
    Optional<SOARecord> soa = findSoa(zone);
    return soa.isPresent() ? OptionalLong.of(soa.get().getSerial()) : OptionalLong.empty();
  }

  /**
   * True when the server transfers zones from the masters by itself (a secondary); the agent then
   * never transfers, and calls {@link #createSecondaryZone} and {@link #refreshSecondaryZone}
   * instead of {@link #createZone} and {@link #updateZone}.
   */
  default boolean transfersZonesItself() {
    return false;
  }

  /**
   * Adds a zone with the given content. If the zone exists already with a compatible definition,
   * this behaves as {@link #updateZone}; a conflicting definition (for example a zone the operator
   * configured by hand) is a {@link BackendException.Kind#REJECTED} error, never an overwrite.
   */
  void createZone(ZoneContent zone) throws BackendException;

  /** Replaces the content of a zone the backend serves. */
  void updateZone(ZoneContent zone) throws BackendException;

  /** True if {@link #applyChanges} is implemented; the agent then asks masters for IXFR. */
  default boolean supportsIncrementalUpdates() {
    return false;
  }

  /**
   * Applies an incremental change (from IXFR) to a zone the backend serves at {@code
   * changes.fromSerial()}.
   *
   * @throws BackendException with {@link BackendException.Kind#REJECTED} if the zone is not at the
   *     expected serial; the agent then falls back to a full transfer
   */
  default void applyChanges(ZoneChanges changes) throws BackendException {
    throw new BackendException(
        BackendException.Kind.INTERNAL, "incremental updates are not supported by this backend");
  }

  /**
   * Provisions a zone that the server itself transfers from {@link BackendContext#masters()}. Only
   * called when {@link #transfersZonesItself()} is true.
   *
   * @param masterSoa the SOA the masters serve now, so the backend can wait for it if it wants
   */
  default void createSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    throw new BackendException(
        BackendException.Kind.INTERNAL, "secondary zones are not supported by this backend");
  }

  /** Asks the server to refresh a secondary zone from its masters. */
  default void refreshSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    throw new BackendException(
        BackendException.Kind.INTERNAL, "secondary zones are not supported by this backend");
  }

  /** Removes the zone and its files. An absent zone is not an error. */
  void deleteZone(Name zone) throws BackendException;

  /**
   * Lists the zones the server holds, if the backend can tell; used to report zones the agent did
   * not create. Empty when unknown.
   */
  default Optional<Set<Name>> listZones() throws BackendException {
    return Optional.empty();
  }

  /** A cheap liveness check, called periodically; never throws. */
  default BackendHealth checkHealth() {
    return BackendHealth.ok();
  }

  /** Releases connections and threads. */
  @Override
  default void close() {}
}
