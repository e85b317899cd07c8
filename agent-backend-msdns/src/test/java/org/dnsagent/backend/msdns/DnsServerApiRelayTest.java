// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

/** {@code zone_mode = relay}, {@code msdns_api = dnsserver}: the contract through WinRM4j. */
class DnsServerApiRelayTest extends MsDnsRelayContract {
  @Override
  String api() {
    return "dnsserver";
  }
}
