// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

/** The secondary-mode contract through knotc. */
class ExecSecondaryKnotTest extends KnotSecondaryContract {
  @Override
  String transport() {
    return "exec";
  }
}
