// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

/** What an operation does to a zone. */
public enum OperationKind {
  /** Provision the zone (CREATE from a controller). */
  CREATE,
  /** Bring the zone up to the masters' serial (NOTIFY, or reconciliation). */
  UPDATE,
  /** Remove the zone (DELETE from a controller). */
  DELETE
}
