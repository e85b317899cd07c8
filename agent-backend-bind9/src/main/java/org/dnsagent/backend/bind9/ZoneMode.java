// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

/** How named gets a zone's data. */
public enum ZoneMode {
  /** The agent transfers the zone, writes the file and adds a primary zone reading it. */
  PRIMARY("primary"),
  /** named is a secondary of the masters and transfers the zone itself. */
  SECONDARY("secondary");

  private final String bindType;

  ZoneMode(String bindType) {
    this.bindType = bindType;
  }

  /** The zone {@code type} in named.conf. */
  public String bindType() {
    return bindType;
  }
}
