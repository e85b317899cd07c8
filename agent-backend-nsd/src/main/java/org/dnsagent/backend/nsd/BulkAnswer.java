// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * NSD's answer to {@code addzones}/{@code delzones}, split per input line. For each line NSD prints
 * what it has to say (for example {@code zone a.test already exists}, {@code warning zone a.test
 * not present}, {@code error pattern p does not exist}), then {@code added: ZONE} / {@code removed:
 * ZONE} when it did it, or {@code error for input line 'ZONE'} when it did not; and a count at the
 * end.
 */
final class BulkAnswer {
  /** What NSD said about one input line. */
  record Outcome(boolean done, List<String> messages) {
    Outcome {
      messages = List.copyOf(messages);
    }

    boolean mentions(String text) {
      for (String m : messages) {
        if (m.contains(text)) {
          return true;
        }
      }
      return false;
    }

    String describe() {
      return messages.isEmpty()
          ? (done ? "done" : "refused without a reason")
          : String.join("; ", messages);
    }
  }

  private final Map<String, Outcome> outcomes;

  private BulkAnswer(Map<String, Outcome> outcomes) {
    this.outcomes = outcomes;
  }

  static BulkAnswer parse(ControlReply reply) {
    Map<String, Outcome> outcomes = new HashMap<>();
    List<String> pending = new ArrayList<>();
    for (String raw : reply.lines()) {
      String line = raw.strip();
      if (line.startsWith("added: ") || line.startsWith("removed: ")) {
        outcomes.put(line.substring(line.indexOf(": ") + 2), new Outcome(true, pending));
        pending.clear();
      } else if (line.startsWith("error for input line '") && line.endsWith("'")) {
        outcomes.put(
            line.substring("error for input line '".length(), line.length() - 1),
            new Outcome(false, pending));
        pending.clear();
      } else if (line.matches("(added|deleted) \\d+ zones")) {
        pending.clear();
      } else if (!line.isEmpty()) {
        pending.add(line);
      }
    }
    return new BulkAnswer(outcomes);
  }

  /**
   * What NSD said about the input line for this zone; empty if the answer stopped before it. NSD
   * echoes only the line's first word (the zone), having cut the line at the pattern.
   */
  Optional<Outcome> outcome(String zone) {
    return Optional.ofNullable(outcomes.get(zone));
  }
}
