// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import org.dnsagent.testing.servers.NsdServer;

/** The backend contract: primary mode, native transport, control over TLS. */
class ContractTlsPrimaryTest extends NsdContract {
  @Override
  NsdServer.Control control() {
    return NsdServer.Control.TLS;
  }

  @Override
  String transport() {
    return "native";
  }

  @Override
  String zoneMode() {
    return "primary";
  }
}
