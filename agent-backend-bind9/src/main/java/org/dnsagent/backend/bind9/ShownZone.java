// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dnsagent.backend.bind9.BindConfigParser.Statement;

/** The type and file of a zone as {@code rndc showzone} prints its definition. */
record ShownZone(String type, Optional<String> file) {
  ShownZone {
    requireNonNull(type, "type is null");
    requireNonNull(file, "file is null");
  }

  /**
   * Parses {@code zone "example.org" { type primary; file "/x/example.org.zone"; ... };}.
   *
   * @throws IllegalArgumentException if the text is not a zone statement
   */
  static ShownZone parse(String text) {
    List<Statement> statements = BindConfigParser.parse(text);
    if (statements.isEmpty() || !statements.get(0).keyword().equals("zone")) {
      throw new IllegalArgumentException("not a zone statement: " + text.strip());
    }
    String type = "";
    Optional<String> file = Optional.empty();
    for (Statement s : statements.get(0).block()) {
      switch (s.keyword().toLowerCase(Locale.ROOT)) {
        case "type" -> type = canonicalType(s.argument());
        case "file" -> file = Optional.of(s.argument());
        default -> {
          // other options do not decide whether a zone is ours
        }
      }
    }
    return new ShownZone(type, file);
  }

  /** True if this is the zone the agent would define: same type, same file. */
  boolean matches(ZoneStanza stanza) {
    return type.equals(stanza.mode().bindType()) && usesFile(stanza.file().toString());
  }

  boolean usesFile(String path) {
    return file.isPresent() && file.get().equals(path);
  }

  String describe() {
    return "type " + type + ", file " + file.map(f -> "\"" + f + "\"").orElse("(none)");
  }

  private static String canonicalType(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    return switch (t) {
      case "master" -> "primary";
      case "slave" -> "secondary";
      default -> t;
    };
  }
}
