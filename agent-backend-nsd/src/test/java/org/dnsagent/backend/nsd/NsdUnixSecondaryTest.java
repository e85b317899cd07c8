// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import org.dnsagent.testing.servers.NsdServer;

/** Secondary mode, native protocol over NSD's UNIX control socket. */
class NsdUnixSecondaryTest extends NsdSecondaryContract {
  @Override
  NsdServer.Control control() {
    return NsdServer.Control.UNIX;
  }
}
