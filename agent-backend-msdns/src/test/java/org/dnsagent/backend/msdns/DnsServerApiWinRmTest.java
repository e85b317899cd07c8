// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

/** The contract with the DnsServer module's cmdlets over WinRM. */
class DnsServerApiWinRmTest extends MsDnsWinRmContract {
  @Override
  String api() {
    return "dnsserver";
  }
}
