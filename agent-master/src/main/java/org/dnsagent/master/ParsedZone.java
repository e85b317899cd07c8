// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * The content of a zone file that parsed cleanly.
 *
 * @param file the zone file
 * @param origin the zone apex: the owner of the SOA
 * @param soa the SOA record
 * @param records every other record, in file order, without duplicates
 */
record ParsedZone(Path file, Name origin, SOARecord soa, List<Record> records) {
  ParsedZone {
    requireNonNull(file, "file is null");
    requireNonNull(origin, "origin is null");
    requireNonNull(soa, "soa is null");
    records = List.copyOf(records);
  }
}
