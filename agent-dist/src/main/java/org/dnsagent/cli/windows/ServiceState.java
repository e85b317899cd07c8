// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

/** A service's {@code dwCurrentState}, with the Win32 values. */
public enum ServiceState {
  STOPPED(1),
  START_PENDING(2),
  STOP_PENDING(3),
  RUNNING(4),
  CONTINUE_PENDING(5),
  PAUSE_PENDING(6),
  PAUSED(7);

  private final int code;

  ServiceState(int code) {
    this.code = code;
  }

  /** The Win32 {@code SERVICE_*} value. */
  public int code() {
    return code;
  }

  /** The state of a Win32 value. */
  public static ServiceState of(int code) {
    for (ServiceState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown service state " + code);
  }

  /** START_PENDING, STOP_PENDING and the like: the service is between two states. */
  public boolean pending() {
    return this == START_PENDING
        || this == STOP_PENDING
        || this == CONTINUE_PENDING
        || this == PAUSE_PENDING;
  }
}
