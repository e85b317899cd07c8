// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * One member of a catalog: the zone, the unique id that lists it, its {@code group} values and its
 * change-of-ownership ({@code coo}) property, if any.
 */
record Member(Name zone, String id, List<String> groups, Optional<Name> coo) {
  Member {
    requireNonNull(zone, "zone is null");
    requireNonNull(id, "id is null");
    groups = List.copyOf(groups);
    requireNonNull(coo, "coo is null");
  }
}
