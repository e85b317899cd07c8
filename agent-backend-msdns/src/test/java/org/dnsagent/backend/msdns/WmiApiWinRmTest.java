// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

/** The contract with the root\MicrosoftDNS WMI classes over WinRM. */
class WmiApiWinRmTest extends MsDnsWinRmContract {
  @Override
  String api() {
    return "wmi";
  }
}
