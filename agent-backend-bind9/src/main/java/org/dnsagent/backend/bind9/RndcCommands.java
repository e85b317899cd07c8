// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.dnsagent.spi.ZoneNames;
import org.xbill.DNS.Name;

/**
 * Builds the control commands, each naming class and view explicitly. Zone names must have passed
 * {@link ZoneNames#problem}; they are quoted all the same.
 */
final class RndcCommands {
  private final String view;

  RndcCommands(String view) {
    this.view = requireNonNull(view, "view is null");
  }

  List<String> status() {
    return List.of("status");
  }

  List<String> addzone(Name zone, ZoneStanza stanza) {
    return List.of("addzone", quote(zone), "IN", view, stanza.render());
  }

  List<String> reload(Name zone) {
    return zoneCommand("reload", zone);
  }

  List<String> refresh(Name zone) {
    return zoneCommand("refresh", zone);
  }

  List<String> showzone(Name zone) {
    return zoneCommand("showzone", zone);
  }

  List<String> zonestatus(Name zone) {
    return zoneCommand("zonestatus", zone);
  }

  List<String> delzone(Name zone, boolean clean) {
    List<String> words = new ArrayList<>();
    words.add("delzone");
    if (clean) {
      words.add("-clean");
    }
    words.addAll(zoneCommand("", zone).subList(1, 4));
    return List.copyOf(words);
  }

  /**
   * A {@code modzone} of a zone that cannot exist (a random name under {@code .invalid}): named
   * answers "permission denied" if {@code allow-new-zones} is off in the view, "no matching view"
   * if the view is missing, and "not found" otherwise, without changing anything.
   */
  List<String> allowNewZonesProbe() {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String probe = "\"dns-agent-probe-" + HexFormat.of().formatHex(random) + ".invalid.\"";
    return List.of("modzone", probe, "IN", view, "{ type primary; file \"/dev/null\"; };");
  }

  String view() {
    return view;
  }

  private List<String> zoneCommand(String verb, Name zone) {
    return List.of(verb, quote(zone), "IN", view);
  }

  private static String quote(Name zone) {
    if (!ZoneNames.isAcceptable(zone)) {
      throw new IllegalArgumentException("zone name not validated: " + zone);
    }
    return ZoneStanza.quote(zone.toString());
  }
}
