// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import static java.util.Objects.requireNonNull;

import org.xbill.DNS.Name;

/** A zone on one target: the unit of ordering (one operation at a time per key). */
public record ZoneKey(String target, Name zone) {
  public ZoneKey {
    requireNonNull(target, "target is null");
    requireNonNull(zone, "zone is null");
    zone = zone.canonicalize();
  }

  @Override
  public String toString() {
    return target.equals("default") ? zone.toString() : zone + "@" + target;
  }
}
