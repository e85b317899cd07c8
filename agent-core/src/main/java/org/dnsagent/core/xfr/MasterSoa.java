// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import static java.util.Objects.requireNonNull;

import org.dnsagent.spi.MasterServer;
import org.xbill.DNS.SOARecord;

/** The SOA a master answered with, and which master it was. */
public record MasterSoa(MasterServer master, SOARecord soa) {
  public MasterSoa {
    requireNonNull(master, "master is null");
    requireNonNull(soa, "soa is null");
  }

  public long serial() {
    return soa.getSerial();
  }
}
