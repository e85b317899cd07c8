// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import org.dnsagent.testing.servers.NsdServer;

/** The backend contract: secondary mode, native transport, control over UNIX. */
class ContractUnixSecondaryTest extends NsdContract {
  @Override
  NsdServer.Control control() {
    return NsdServer.Control.UNIX;
  }

  @Override
  String transport() {
    return "native";
  }

  @Override
  String zoneMode() {
    return "secondary";
  }
}
