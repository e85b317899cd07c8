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

  /** True while the current operation sits out a retry's back-off. */
  boolean backingOff() {
    return running != null && !executing && running.attempts() > 0;
  }
}
