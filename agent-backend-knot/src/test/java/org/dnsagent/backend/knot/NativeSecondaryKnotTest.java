// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

/** The secondary-mode contract over the native control protocol. */
class NativeSecondaryKnotTest extends KnotSecondaryContract {
  @Override
  String transport() {
    return "native";
  }
}
