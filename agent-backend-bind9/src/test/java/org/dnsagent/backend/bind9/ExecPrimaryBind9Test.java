// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

/** The backend contract over the exec transport, zone_mode primary. */
class ExecPrimaryBind9Test extends Bind9Contract {
  @Override
  String transport() {
    return "exec";
  }

  @Override
  String zoneMode() {
    return "primary";
  }

  @Override
  boolean freezeForOutage() {
    return false;
  }
}
