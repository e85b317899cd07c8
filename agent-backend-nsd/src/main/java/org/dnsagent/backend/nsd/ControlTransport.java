// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.util.List;
import org.dnsagent.spi.BackendException;

/**
 * One way of giving nsd-control commands: the native protocol (UNIX socket or TLS) or the {@code
 * nsd-control} program. Arguments are separate words; none may hold white space or control
 * characters (zone names are validated before they get here).
 */
interface ControlTransport extends AutoCloseable {

  /** {@code native-unix}, {@code native-tls} or {@code exec}, for messages. */
  String name();

  /**
   * Runs one command and returns every line NSD answered.
   *
   * @throws BackendException {@link BackendException.Kind#UNAVAILABLE} if NSD cannot be reached or
   *     does not answer in time
   */
  ControlReply command(String verb, String... args) throws BackendException;

  /**
   * Runs {@code addzones} or {@code delzones} with these input lines (at most {@link
   * #MAX_BULK_LINES}) and returns every line NSD answered.
   */
  ControlReply bulk(String verb, List<String> lines) throws BackendException;

  /** Input lines per addzones/delzones call: nsd-control's own client deadlocks above ~200. */
  int MAX_BULK_LINES = 200;

  @Override
  default void close() {}
}
