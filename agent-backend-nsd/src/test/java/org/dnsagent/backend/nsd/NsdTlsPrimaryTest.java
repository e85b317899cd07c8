// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import org.dnsagent.testing.servers.NsdServer;

/** Primary mode, native protocol over TLS with nsd-control-setup's certificates. */
class NsdTlsPrimaryTest extends NsdPrimaryContract {
  @Override
  NsdServer.Control control() {
    return NsdServer.Control.TLS;
  }

  @Override
  String transport() {
    return "native";
  }
}
