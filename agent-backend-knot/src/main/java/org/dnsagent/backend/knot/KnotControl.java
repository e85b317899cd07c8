// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import org.dnsagent.spi.BackendException;

/**
 * Sends control commands to knotd. Implementations are thread-safe, run one command at a time
 * (knotd serves one control connection at a time) and time out every command.
 */
public interface KnotControl extends AutoCloseable {

  /**
   * Runs one command and returns knotd's answer, errors included.
   *
   * @throws BackendException {@link BackendException.Kind#UNAVAILABLE} if knotd cannot be reached
   *     or does not answer in time
   */
  CtlReply call(CtlRequest request) throws BackendException;

  /** {@code native} or {@code exec}, for logs and health details. */
  String name();

  @Override
  void close();
}
