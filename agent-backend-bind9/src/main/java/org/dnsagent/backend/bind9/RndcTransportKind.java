// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

/** How control commands reach named ({@code rndc_transport}). */
public enum RndcTransportKind {
  /** The control protocol spoken from Java over one persistent connection. */
  NATIVE,
  /** The {@code rndc} program, one process per command. */
  EXEC
}
