// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import org.dnsagent.testing.servers.NsdServer;

/** Secondary mode, the nsd-control program over TLS. */
class NsdExecSecondaryTest extends NsdSecondaryContract {
  @Override
  NsdServer.Control control() {
    return NsdServer.Control.TLS;
  }

  @Override
  String transport() {
    return "exec";
  }
}
