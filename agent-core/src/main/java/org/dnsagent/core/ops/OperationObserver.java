// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

/** Told about every attempt and every end of an operation (metrics, audit log). */
public interface OperationObserver {
  OperationObserver NONE = new OperationObserver() {};

  /**
   * One attempt ended.
   *
   * @param result {@code succeeded}, {@code failed} or {@code retrying} (another attempt follows)
   */
  default void attempt(Operation op, String result, double seconds) {}

  /** The operation ended for good: {@code state} is SUCCEEDED or FAILED, {@code detail} why. */
  default void finished(Operation op, OperationState state, String detail) {}
}
