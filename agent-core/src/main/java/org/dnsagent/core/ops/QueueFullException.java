// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

/** The operation queue is at its bound; the request is answered SERVFAIL and not accepted. */
public class QueueFullException extends OperationRejectedException {
  private static final long serialVersionUID = 1L;

  public QueueFullException(String message) {
    super(message);
  }
}
