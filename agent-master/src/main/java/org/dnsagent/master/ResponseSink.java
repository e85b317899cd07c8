// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.IOException;

/** Where the {@link QueryHandler} writes responses: a datagram, or a framed TCP stream. */
@FunctionalInterface
interface ResponseSink {
  /** Sends one DNS message in wire format. */
  void send(byte[] message) throws IOException;
}
