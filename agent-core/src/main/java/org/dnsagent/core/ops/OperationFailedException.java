// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

/** An operation failed; the message says why in words an operator understands. */
public class OperationFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public OperationFailedException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public OperationFailedException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True if the same operation may succeed later (a master or server was unreachable). */
  public boolean retryable() {
    return retryable;
  }
}
