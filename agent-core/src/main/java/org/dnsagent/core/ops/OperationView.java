// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import java.time.Instant;

/**
 * A snapshot of an operation.
 *
 * @param requests how many requests this operation answers (repeats join the pending one)
 * @param detail the outcome, the last error, or why it waits
 */
public record OperationView(
    long id,
    OperationKind kind,
    ZoneKey key,
    OperationState state,
    Instant createdAt,
    Instant updatedAt,
    Instant notBefore,
    int attempts,
    int requests,
    String detail) {}
