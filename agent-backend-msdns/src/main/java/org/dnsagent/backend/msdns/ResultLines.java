// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the output of a {@link PowerShellScripts} script: one JSON object per non-blank line with
 * exactly the keys {@code zone} (string), {@code ok} (boolean), {@code error} (string or null) and
 * {@code serial} (unsigned 32-bit integer or null), as {@code ConvertTo-Json -Compress} writes
 * them. Anything else is refused: a script that printed something unexpected is not trusted.
 */
public final class ResultLines {
  private ResultLines() {}

  /** One zone's outcome. */
  public record Line(String zone, boolean ok, Optional<String> error, OptionalLong serial) {}

  /**
   * Parses every line of {@code stdout}.
   *
   * @throws IllegalArgumentException naming the first line that does not fit
   */
  public static List<Line> parse(String stdout) {
    List<Line> lines = new ArrayList<>();
    int number = 0;
    for (String raw : stdout.split("\n", -1)) {
      number++;
      String text = raw.strip();
      if (text.isEmpty()) {
        continue;
      }
      try {
        lines.add(parseLine(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "output line " + number + " (" + abbreviate(text) + "): " + e.getMessage(), e);
      }
    }
    return lines;
  }

  static Line parseLine(String text) {
    Map<String, Object> fields = new Parser(text).object();
    if (!fields.keySet().equals(java.util.Set.of("zone", "ok", "error", "serial"))) {
      throw new IllegalArgumentException(
          "keys " + fields.keySet() + ", expected zone ok error serial");
    }
    if (!(fields.get("zone") instanceof String zone)) {
      throw new IllegalArgumentException("zone is not a string");
    }
    if (!(fields.get("ok") instanceof Boolean ok)) {
      throw new IllegalArgumentException("ok is not a boolean");
    }
    Object error = fields.get("error");
    if (error != null && !(error instanceof String)) {
      throw new IllegalArgumentException("error is neither a string nor null");
    }
    Object serial = fields.get("serial");
    OptionalLong parsedSerial = OptionalLong.empty();
    if (serial != null) {
      if (!(serial instanceof Long value) || value < 0 || value > 0xFFFFFFFFL) {
        throw new IllegalArgumentException("serial is not an unsigned 32-bit integer");
      }
      parsedSerial = OptionalLong.of(value);
    }
    return new Line(zone, ok, Optional.ofNullable((String) error), parsedSerial);
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "...";
  }

  /** A strict reader for one flat JSON object of strings, booleans, null and integers. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    Map<String, Object> object() {
      Map<String, Object> fields = new LinkedHashMap<>();
      expect('{');
      skipSpace();
      if (peek() == '}') {
        i++;
      } else {
        while (true) {
          skipSpace();
          String key = string();
          skipSpace();
          expect(':');
          skipSpace();
          if (fields.containsKey(key)) {
            throw new IllegalArgumentException("key " + key + " twice");
          }
          fields.put(key, value());
          skipSpace();
          char c = next();
          if (c == '}') {
            break;
          }
          if (c != ',') {
            throw new IllegalArgumentException("expected , or } at " + (i - 1));
          }
        }
      }
      skipSpace();
      if (i != s.length()) {
        throw new IllegalArgumentException("text after the object");
      }
      return fields;
    }

    private Object value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (s.startsWith("true", i)) {
        i += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("false", i)) {
        i += 5;
        return Boolean.FALSE;
      }
      if (s.startsWith("null", i)) {
        i += 4;
        return null;
      }
      int start = i;
      if (c == '-') {
        i++;
      }
      while (i < s.length() && Character.isDigit(s.charAt(i)) && i - start < 19) {
        i++;
      }
      if (i == start || (i == start + 1 && c == '-')) {
        throw new IllegalArgumentException("unexpected value at " + start);
      }
      if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        throw new IllegalArgumentException("not an integer at " + start);
      }
      return Long.parseLong(s.substring(start, i));
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return sb.toString();
        }
        if (c < 0x20) {
          throw new IllegalArgumentException("control character in a string");
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw new IllegalArgumentException("short \\u escape");
            }
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> throw new IllegalArgumentException("bad escape \\" + e);
        }
      }
    }

    private void skipSpace() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw new IllegalArgumentException("line ends early");
      }
      return s.charAt(i);
    }

    private char next() {
      char c = peek();
      i++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
      }
    }
  }
}
