// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.time.Instant;

/**
 * A reconciliation sweep while it runs.
 *
 * @param seen zones looked at so far
 * @param total zones the agent had when the sweep started
 * @param behind zones found behind the masters so far
 * @param missing zones found missing on the backend so far
 */
public record ReconcileProgress(Instant started, int seen, int total, int behind, int missing) {}
