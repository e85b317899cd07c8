// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One control command: its name, flags ({@code F} force, {@code B} blocking), an optional filter
 * (for example {@code s} for zone-status's serial) and its arguments, one unit each (zones for the
 * {@code zone-*} commands, configuration keys and values for {@code conf-*}). Knot answers the
 * whole request with one block.
 */
public record CtlRequest(
    String command, String flags, Optional<String> filter, List<CtlUnit> args) {
  /** Flag: do it even if dangerous ({@code knotc -f}). */
  public static final String FORCE = "F";

  /** Flag: wait for the zone event to finish ({@code knotc -b}). */
  public static final String BLOCKING = "B";

  public CtlRequest {
    requireNonNull(command, "command is null");
    requireNonNull(flags, "flags is null");
    requireNonNull(filter, "filter is null");
    args = List.copyOf(args);
  }

  /** A command without arguments. */
  public static CtlRequest of(String command) {
    return new CtlRequest(command, "", Optional.empty(), List.of());
  }

  /** A {@code zone-*} command for some zones (names in text form, absolute). */
  public static CtlRequest zones(String command, String flags, List<String> zones) {
    List<CtlUnit> args = new ArrayList<>();
    for (String zone : zones) {
      args.add(CtlUnit.of().with(CtlItem.ZONE, zone));
    }
    return new CtlRequest(command, flags, Optional.empty(), args);
  }

  /** A {@code conf-*} command on some configuration keys and values. */
  public static CtlRequest conf(String command, List<CtlUnit> items) {
    return new CtlRequest(command, "", Optional.empty(), items);
  }

  /** This request with a filter. */
  public CtlRequest withFilter(String filterCodes) {
    return new CtlRequest(command, flags, Optional.of(filterCodes), args);
  }

  /** The DATA units sent on the wire: the command, flags and filter go in each. */
  List<CtlUnit> wireUnits() {
    List<CtlUnit> units = new ArrayList<>();
    List<CtlUnit> base = args.isEmpty() ? List.of(CtlUnit.of()) : args;
    for (CtlUnit arg : base) {
      CtlUnit unit = arg.with(CtlItem.CMD, command);
      if (!flags.isEmpty()) {
        unit = unit.with(CtlItem.FLAGS, flags);
      }
      if (filter.isPresent()) {
        unit = unit.with(CtlItem.FILTER, filter.get());
      }
      units.add(unit);
    }
    return units;
  }
}
