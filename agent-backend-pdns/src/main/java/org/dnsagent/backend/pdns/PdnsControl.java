// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.util.List;
import org.dnsagent.spi.BackendException;

/**
 * pdns_server's control channel ({@code pdns.controlsocket}): one command line per connection, a
 * text reply. Arguments are zone names already validated, so they hold no space.
 */
interface PdnsControl {

  /**
   * Runs one command, for example {@code rediscover} or {@code purge example.org$}.
   *
   * @return pdns_server's reply text
   * @throws BackendException {@link BackendException.Kind#UNAVAILABLE} if pdns_server cannot be
   *     reached
   */
  String execute(String command, List<String> args) throws BackendException;
}
