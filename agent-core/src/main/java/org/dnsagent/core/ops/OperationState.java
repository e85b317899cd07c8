// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

/** Where an operation is in its life. */
public enum OperationState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED;

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
