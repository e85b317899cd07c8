// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

/** The backend contract over the native control-channel client. */
class NativeTransportBind9Test extends Bind9BackendContract {
  @Override
  String transport() {
    return "native";
  }
}
