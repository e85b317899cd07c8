// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

/** A request was not accepted as an operation; it is answered SERVFAIL and nothing is done. */
public class OperationRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  public OperationRejectedException(String message) {
    super(message);
  }

  public OperationRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
