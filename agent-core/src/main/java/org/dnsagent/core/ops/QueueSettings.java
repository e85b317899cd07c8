// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import java.time.Duration;
import org.dnsagent.core.config.HistoryLimits;
import org.dnsagent.core.config.RetrySettings;

/**
 * How the operation queue runs.
 *
 * @param workers operations executing at once (across zones)
 * @param maxPending operations queued or running before new ones are refused
 * @param notifyDelay how long an update waits before it starts, so NOTIFYs can fold into it
 */
public record QueueSettings(
    int workers,
    int maxPending,
    Duration notifyDelay,
    RetrySettings retry,
    HistoryLimits history) {}
