// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

/** Getting a zone from the masters failed. */
public class TransferException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public TransferException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public TransferException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True when a master was unreachable or slow; false when the data itself was refused. */
  public boolean retryable() {
    return retryable;
  }
}
