// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

/** The outcome of a pool operation, in Designate's terms. */
public enum PoolStatus {
  /** Enough targets succeeded and, when polled, enough nameservers serve the change. */
  SUCCESS,
  /** Fewer targets than the threshold succeeded (Designate: ERROR before polling). */
  TARGETS_FAILED,
  /** Too many nameservers do not serve the zone at all (Designate: NO_ZONE). */
  NO_ZONE,
  /** Too few nameservers serve the expected serial, or still serve a deleted zone (ERROR). */
  NAMESERVERS_BEHIND
}
