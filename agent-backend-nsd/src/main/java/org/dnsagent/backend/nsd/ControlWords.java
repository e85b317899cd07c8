// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

/**
 * Guards what goes into a control line: NSD splits arguments at white space and ends a command at a
 * newline, so a word must hold neither, nor any other control character, and must not be empty (an
 * empty zone argument means "every zone" to {@code reload}, {@code transfer} and friends).
 */
final class ControlWords {
  private ControlWords() {}

  static String check(String word) {
    if (word.isEmpty()) {
      throw new IllegalArgumentException("empty argument");
    }
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException("argument holds white space or a control character");
      }
    }
    return word;
  }

  /** An addzones/delzones input line: words separated by single spaces. */
  static String checkLine(String line) {
    for (String word : line.split(" ", -1)) {
      check(word);
    }
    return line;
  }
}
