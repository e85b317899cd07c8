// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

/** Health of a target's backend, as a small state machine (DMS's server states). */
public enum HealthState {
  /** The last check or operation reached the server. */
  OK,
  /** Recent checks or operations failed; fewer than the threshold in a row. */
  RETRY,
  /** At least {@code health_failure_threshold} checks or operations in a row failed. */
  FAILED
}
