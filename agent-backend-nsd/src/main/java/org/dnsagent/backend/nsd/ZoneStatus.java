// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One zone in NSD's {@code zonestatus} answer:
 *
 * <pre>
 * zone:	example.org
 * 	pattern: dns-agent
 * 	state: ok
 * 	served-serial: "2024010101 since 2024-01-01T00:00:00"
 * </pre>
 *
 * A zone written in nsd.conf has no {@code pattern} line (NSD prints it only for zones added at
 * runtime); a zone NSD is primary for says {@code state: master} and has no serials.
 */
record ZoneStatus(String zone, Optional<String> pattern, String state, OptionalLong servedSerial) {
  private static final Pattern SERVED = Pattern.compile("served-serial: \"(\\d+) since .*\"");

  /** True for a zone from nsd.conf: never the agent's. */
  boolean fromConfigFile() {
    return pattern.isEmpty();
  }

  /** Every zone in a {@code zonestatus} answer, in order. */
  static List<ZoneStatus> parseAll(ControlReply reply) {
    List<ZoneStatus> zones = new ArrayList<>();
    String zone = null;
    Optional<String> pattern = Optional.empty();
    String state = "";
    OptionalLong served = OptionalLong.empty();
    for (String raw : reply.lines()) {
      String line = raw.strip();
      if (line.startsWith("zone:")) {
        if (zone != null) {
          zones.add(new ZoneStatus(zone, pattern, state, served));
        }
        zone = line.substring(5).strip();
        pattern = Optional.empty();
        state = "";
        served = OptionalLong.empty();
      } else if (zone == null) {
        continue;
      } else if (line.startsWith("pattern:")) {
        pattern = Optional.of(line.substring(8).strip());
      } else if (line.startsWith("state:")) {
        state = line.substring(6).strip();
      } else {
        Matcher m = SERVED.matcher(line);
        if (m.matches()) {
          served = OptionalLong.of(Long.parseLong(m.group(1)));
        }
      }
    }
    if (zone != null) {
      zones.add(new ZoneStatus(zone, pattern, state, served));
    }
    return zones;
  }
}
