// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

/** The backend contract over the exec transport, zone_mode secondary. */
class ExecSecondaryBind9Test extends Bind9Contract {
  @Override
  String transport() {
    return "exec";
  }

  @Override
  String zoneMode() {
    return "secondary";
  }

  @Override
  boolean freezeForOutage() {
    return true;
  }
}
