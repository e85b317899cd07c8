// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import java.util.ArrayDeque;

/**
 * The operations of one zone: the current one, then those waiting. The current one is either
 * executing on a worker or waiting to start (its journal record, a notify delay, or a retry's
 * back-off); while it waits for a retry the zone's lane stays blocked, other zones are not.
 */
final class Lane {
  Operation running;
  boolean executing;
  final ArrayDeque<Operation> waiting = new ArrayDeque<>();

  Operation tail() {
    return waiting.isEmpty() ? running : waiting.peekLast();
  }

  boolean idle() {
    return running == null && waiting.isEmpty();
  }

  /** The operation a new one of {@code kind} would join instead of queueing, if any. */
  Operation joinable(OperationKind kind) {
    Operation tail = tail();
    if (tail == null) {
      return null;
    }
    // An update can still take in a NOTIFY if it waits: queued, or backing off between attempts.
    boolean waits = tail != running || backingOff();
    return switch (kind) {
      case CREATE, DELETE -> tail.kind() == kind ? tail : null;
      case UPDATE ->
          waits && (tail.kind() == OperationKind.UPDATE || tail.kind() == OperationKind.CREATE)
              ? tail
              : null;
    };
  }

  /** True while the current operation sits out a retry's back-off. */
  boolean backingOff() {
    return running != null && !executing && running.attempts() > 0;
  }
}
