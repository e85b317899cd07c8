// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

/** The primary-mode contract over the native control protocol. */
class NativePrimaryKnotTest extends KnotPrimaryContract {
  @Override
  String transport() {
    return "native";
  }
}
