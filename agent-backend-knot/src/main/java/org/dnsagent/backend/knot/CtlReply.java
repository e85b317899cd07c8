// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Knot's answer to one request: the data units up to the closing block. */
public record CtlReply(List<CtlUnit> units) {
  public CtlReply {
    units = List.copyOf(units);
  }

  /** Units carrying an error. */
  public List<CtlUnit> errors() {
    List<CtlUnit> errors = new ArrayList<>();
    for (CtlUnit unit : units) {
      if (unit.error().isPresent()) {
        errors.add(unit);
      }
    }
    return errors;
  }

  public boolean ok() {
    return errors().isEmpty();
  }

  /** The first error, described with the key or zone it is about. */
  public Optional<String> firstError() {
    for (CtlUnit unit : units) {
      if (unit.error().isPresent()) {
        String about =
            unit.get(CtlItem.ZONE).orElse(unit.get(CtlItem.SECTION).isPresent() ? unit.key() : "");
        return Optional.of("(" + unit.error().get() + ")" + (about.isEmpty() ? "" : " " + about));
      }
    }
    return Optional.empty();
  }

  /** True if an error says that the zone, the item or the identifier does not exist. */
  public boolean notFound() {
    for (CtlUnit unit : errors()) {
      String e = unit.error().orElse("");
      if (e.equals("invalid identifier")
          || e.equals("no such zone found")
          || e.equals("not exists")) {
        return true;
      }
    }
    return false;
  }
}
