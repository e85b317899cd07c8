// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import org.dnsagent.testing.servers.NsdServer;

/** The backend contract: secondary mode, exec transport, control over TLS. */
class ContractExecSecondaryTest extends NsdContract {
  @Override
  NsdServer.Control control() {
    return NsdServer.Control.TLS;
  }

  @Override
  String transport() {
    return "exec";
  }

  @Override
  String zoneMode() {
    return "secondary";
  }
}
