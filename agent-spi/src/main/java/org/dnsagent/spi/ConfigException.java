// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

/**
 * An invalid configuration value, reported as {@code [section] option = value: reason} so the
 * operator knows exactly what to fix. Thrown only while the agent starts.
 */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String section;
  private final String option;

  public ConfigException(String section, String option, String value, String reason) {
    super(format(section, option, value, reason));
    this.section = section;
    this.option = option;
  }

  /** An error about a whole section, or about an option that is missing. */
  public ConfigException(String section, String option, String reason) {
    super(
        "["
            + section
            + "]"
            + (option == null || option.isEmpty() ? "" : " " + option)
            + ": "
            + reason);
    this.section = section;
    this.option = option;
  }

  private static String format(String section, String option, String value, String reason) {
    return "[" + section + "] " + option + " = " + value + ": " + reason;
  }

  public String section() {
    return section;
  }

  public String option() {
    return option;
  }
}
