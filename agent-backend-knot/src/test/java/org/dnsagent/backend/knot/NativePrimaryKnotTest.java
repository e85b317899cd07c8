// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

/** The backend contract through the native transport, zone_mode primary. */
class NativePrimaryKnotTest extends KnotContract {
  @Override
  String transport() {
    return "native";
  }

  @Override
  String zoneMode() {
    return "primary";
  }

  @Override
  boolean freezeForOutage() {
    return true;
  }
}
