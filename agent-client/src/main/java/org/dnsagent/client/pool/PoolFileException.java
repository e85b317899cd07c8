// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

/**
 * A pools file or TSIG keys file that cannot be used; the message names the file and the entry, and
 * never contains a secret.
 */
public final class PoolFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A problem described by {@code message}, which must not contain a secret. */
  public PoolFileException(String message) {
    super(message);
  }

  public PoolFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
