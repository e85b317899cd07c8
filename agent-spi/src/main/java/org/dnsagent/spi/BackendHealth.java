// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

/** Result of a backend's liveness check. */
public record BackendHealth(boolean healthy, String detail) {
  public BackendHealth {
    requireNonNull(detail, "detail is null");
  }

  public static BackendHealth ok() {
    return new BackendHealth(true, "ok");
  }

  public static BackendHealth ok(String detail) {
    return new BackendHealth(true, detail);
  }

  public static BackendHealth failing(String detail) {
    return new BackendHealth(false, detail);
  }
}
