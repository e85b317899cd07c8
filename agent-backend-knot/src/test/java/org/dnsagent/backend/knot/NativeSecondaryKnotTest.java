// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

/** The backend contract through the native transport, zone_mode secondary. */
class NativeSecondaryKnotTest extends KnotContract {
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
