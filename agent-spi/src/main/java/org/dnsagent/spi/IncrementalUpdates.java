// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

/**
 * A content backend that can apply an incremental change (from IXFR) without the whole zone; the
 * agent then asks the masters for IXFR for zones the backend already serves.
 */
public interface IncrementalUpdates extends ContentBackend {

  /**
   * Applies an incremental change to a zone the backend serves at {@code changes.fromSerial()}.
   *
   * @throws BackendException with {@link BackendException.Kind#REJECTED} if the zone is not at the
   *     expected serial; the agent then falls back to a full transfer
   */
  void applyChanges(ZoneChanges changes) throws BackendException;
}
