// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

/** The backend contract over SSH, exec transport, zone_mode primary. */
class ExecSshPrimaryBind9Test extends ExecSshBind9Contract {
  @Override
  String zoneMode() {
    return "primary";
  }
}
