// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import org.dnsagent.testing.servers.NsdServer;

/** The backend contract: primary mode, exec transport, control over UNIX. */
class ContractExecPrimaryTest extends NsdContract {
  @Override
  NsdServer.Control control() {
    return NsdServer.Control.UNIX;
  }

  @Override
  String transport() {
    return "exec";
  }

  @Override
  String zoneMode() {
    return "primary";
  }
}
