// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import java.util.List;
import org.dnsagent.spi.BackendException;

/**
 * Sends control commands to named. A command is a list of words, already quoted for named's command
 * parser, that the transport joins with spaces (as rndc does with its arguments). Implementations
 * are thread-safe and time out every command.
 */
public interface RndcTransport extends AutoCloseable {

  /**
   * Runs one command and returns named's answer, whatever its result code.
   *
   * @throws BackendException {@link BackendException.Kind#UNAVAILABLE} if named cannot be reached
   *     or does not answer in time; {@link BackendException.Kind#MISCONFIGURED} if named refuses
   *     the key
   */
  RndcResponse execute(List<String> command) throws BackendException;

  /** Short name for logs and health details ({@code native} or {@code exec}). */
  String name();

  @Override
  void close();
}
