// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

/** The backend contract over the native transport, zone_mode secondary. */
class NativeSecondaryBind9Test extends Bind9Contract {
  @Override
  String transport() {
    return "native";
  }

  @Override
  String zoneMode() {
    return "secondary";
  }

  @Override
  boolean freezeForOutage() {
    return false;
  }
}
