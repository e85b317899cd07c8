// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

/** The backend contract through the exec transport, zone_mode primary. */
class ExecPrimaryKnotTest extends KnotContract {
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
