// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

/** The primary-mode contract through knotc. */
class ExecPrimaryKnotTest extends KnotPrimaryContract {
  @Override
  String transport() {
    return "exec";
  }
}
