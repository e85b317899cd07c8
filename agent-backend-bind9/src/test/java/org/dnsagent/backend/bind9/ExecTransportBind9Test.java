// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

/** The backend contract over the rndc program. */
class ExecTransportBind9Test extends Bind9BackendContract {
  @Override
  String transport() {
    return "exec";
  }
}
