// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

/** {@code zone_mode = relay}, {@code msdns_api = wmi}: the contract through WinRM4j. */
class WmiApiRelayTest extends MsDnsRelayContract {
  @Override
  String api() {
    return "wmi";
  }
}
