// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import org.dnsagent.testing.servers.NsdServer;

/** Primary mode, native protocol over NSD's UNIX control socket. */
class NsdUnixPrimaryTest extends NsdPrimaryContract {
  @Override
  NsdServer.Control control() {
    return NsdServer.Control.UNIX;
  }

  @Override
  String transport() {
    return "native";
  }
}
