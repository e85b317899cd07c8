// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * A backend whose server transfers zones from {@link BackendContext#masters()} by itself: the agent
 * never transfers, it provisions the zone and asks for refreshes.
 */
public interface SecondaryBackend extends Backend {

  /**
   * Provisions a zone that the server itself transfers from the masters. A zone already provisioned
   * the same way is success; one the operator configured by hand is {@link
   * BackendException.Kind#REJECTED}.
   *
   * @param masterSoa the SOA the masters serve now, so the backend can wait for it if it wants
   */
  void createSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException;

  /** Asks the server to refresh a secondary zone from its masters (after a NOTIFY). */
  void refreshSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException;
}
