// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

/** When the SCM starts the service. */
public enum StartType {
  /** At boot ({@code SERVICE_AUTO_START}). */
  AUTO("auto", 2, false),
  /** Shortly after boot ({@code SERVICE_AUTO_START} and delayed auto-start). */
  DELAYED_AUTO("delayed-auto", 2, true),
  /** Only when asked ({@code SERVICE_DEMAND_START}). */
  DEMAND("demand", 3, false);

  private final String option;
  private final int code;
  private final boolean delayed;

  StartType(String option, int code, boolean delayed) {
    this.option = option;
    this.code = code;
    this.delayed = delayed;
  }

  /** {@code SERVICE_AUTO_START} or {@code SERVICE_DEMAND_START}. */
  public int code() {
    return code;
  }

  /** Whether {@code SERVICE_CONFIG_DELAYED_AUTO_START_INFO} is set. */
  public boolean delayed() {
    return delayed;
  }

  /** How the command line spells it. */
  public String option() {
    return option;
  }

  public static StartType of(String option) {
    for (StartType t : values()) {
      if (t.option.equalsIgnoreCase(option)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown start type '" + option + "': use auto, delayed-auto or demand");
  }
}
