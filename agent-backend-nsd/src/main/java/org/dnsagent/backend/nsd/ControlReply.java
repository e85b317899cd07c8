// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.util.List;

/**
 * What NSD answered to one control command: text lines. NSD marks a failed command by a first line
 * starting with {@code error}; some outcomes (a zone already there, a zone not present) are told
 * only in the text, with no error marker, so callers read the lines, not a status.
 */
record ControlReply(List<String> lines) {
  ControlReply {
    lines = List.copyOf(lines);
  }

  static ControlReply of(String text) {
    return new ControlReply(text.lines().toList());
  }

  /** The first line starts with {@code error}: how nsd-control decides its exit code. */
  boolean isError() {
    return !lines.isEmpty() && lines.get(0).startsWith("error");
  }

  /** The command's whole answer was {@code ok}, as simple commands say on success. */
  boolean isOk() {
    return !lines.isEmpty() && lines.get(lines.size() - 1).strip().equals("ok") && !isError();
  }

  /** Some line contains {@code text}. */
  boolean mentions(String text) {
    for (String line : lines) {
      if (line.contains(text)) {
        return true;
      }
    }
    return false;
  }

  /**
   * NSD answers every command with at least a line, except {@code zonestatus} of every zone when it
   * holds none; an empty answer otherwise means NSD closed the connection without serving it (too
   * many control connections, or shutting down).
   */
  static ControlReply requireAnswer(ControlReply reply, String verb, String[] args, String where)
      throws org.dnsagent.spi.BackendException {
    boolean mayBeEmpty = verb.equals("zonestatus") && args.length == 0;
    if (reply.lines().isEmpty() && !mayBeEmpty) {
      throw new org.dnsagent.spi.BackendException(
          org.dnsagent.spi.BackendException.Kind.UNAVAILABLE,
          "nsd-control "
              + verb
              + " to "
              + where
              + ": NSD closed the connection without an answer (too many control connections?)");
    }
    return reply;
  }

  /** The answer on one line, for messages. */
  String describe() {
    return lines.isEmpty() ? "(no answer)" : String.join(" / ", lines).strip();
  }
}
