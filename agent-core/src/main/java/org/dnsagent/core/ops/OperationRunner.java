// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

/** Carries out one operation against masters and backend. Called for one zone at a time. */
public interface OperationRunner {

  /**
   * Performs the operation.
   *
   * @return a short description of what was done, for logs and {@code ops show}
   * @throws OperationFailedException when it failed; {@link OperationFailedException#retryable()}
   *     says whether trying again later may help
   */
  String run(Operation operation) throws OperationFailedException;
}
