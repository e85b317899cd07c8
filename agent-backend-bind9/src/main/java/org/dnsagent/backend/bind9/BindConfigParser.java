// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import java.util.ArrayList;
import java.util.List;

/**
 * A small reader for BIND's configuration syntax as used by {@code rndc.conf} and key files:
 * statements of words, optionally with a {@code { ... }} block, ended by {@code ;}; quoted strings;
 * {@code #}, {@code //} and C comments. It builds a tree and leaves the meaning to the caller.
 */
final class BindConfigParser {
  /** One statement: its words (quotes removed) and its block, empty if it has none. */
  record Statement(List<String> words, List<Statement> block, int line) {
    Statement {
      words = List.copyOf(words);
      block = List.copyOf(block);
    }

    String keyword() {
      return words.isEmpty() ? "" : words.get(0);
    }

    /** The word after the keyword, if any. */
    String argument() {
      return words.size() > 1 ? words.get(1) : "";
    }
  }

  private final String text;
  private int pos;
  private int line = 1;

  private BindConfigParser(String text) {
    this.text = text;
  }

  /**
   * Parses a whole file's text.
   *
   * @throws IllegalArgumentException naming the line of a syntax error
   */
  static List<Statement> parse(String text) {
    BindConfigParser parser = new BindConfigParser(text);
    List<Statement> statements = parser.statements(false);
    return statements;
  }

  private List<Statement> statements(boolean inBlock) {
    List<Statement> result = new ArrayList<>();
    while (true) {
      String token = next();
      if (token == null) {
        if (inBlock) {
          throw error("missing '}'");
        }
        return result;
      }
      if (token.equals("}")) {
        if (!inBlock) {
          throw error("unexpected '}'");
        }
        return result;
      }
      if (token.equals(";")) {
        continue; // an empty statement
      }
      result.add(statement(token));
    }
  }

  private Statement statement(String first) {
    int startLine = line;
    List<String> words = new ArrayList<>();
    List<Statement> block = List.of();
    String token = first;
    while (true) {
      if (token == null) {
        throw error("missing ';' after '" + String.join(" ", words) + "'");
      }
      if (token.equals(";")) {
        return new Statement(words, block, startLine);
      }
      if (token.equals("{")) {
        block = statements(true);
        token = next();
        continue;
      }
      if (token.equals("}")) {
        throw error("missing ';' after '" + String.join(" ", words) + "'");
      }
      words.add(unquote(token));
      token = next();
    }
  }

  /** The next token: a special character, a quoted string (with its quotes), or a word. */
  private String next() {
    skipSpaceAndComments();
    if (pos >= text.length()) {
      return null;
    }
    char c = text.charAt(pos);
    if (c == '{' || c == '}' || c == ';') {
      pos++;
      return String.valueOf(c);
    }
    if (c == '"') {
      StringBuilder sb = new StringBuilder("\"");
      pos++;
      while (true) {
        if (pos >= text.length()) {
          throw error("unterminated quoted string");
        }
        char d = text.charAt(pos++);
        if (d == '\\' && pos < text.length()) {
          sb.append(text.charAt(pos++));
          continue;
        }
        if (d == '\n') {
          throw error("newline in quoted string");
        }
        if (d == '"') {
          return sb.toString();
        }
        sb.append(d);
      }
    }
    int start = pos;
    while (pos < text.length()) {
      char d = text.charAt(pos);
      if (Character.isWhitespace(d) || d == '{' || d == '}' || d == ';' || d == '"') {
        break;
      }
      if (d == '#'
          || (d == '/' && pos + 1 < text.length() && "/*".indexOf(text.charAt(pos + 1)) >= 0)) {
        break;
      }
      pos++;
    }
    return text.substring(start, pos);
  }

  private static String unquote(String token) {
    return token.startsWith("\"") ? token.substring(1) : token;
  }

  private void skipSpaceAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        pos++;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#' || text.startsWith("//", pos)) {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else if (text.startsWith("/*", pos)) {
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) {
          throw error("unterminated comment");
        }
        for (int i = pos; i < end; i++) {
          if (text.charAt(i) == '\n') {
            line++;
          }
        }
        pos = end + 2;
      } else {
        return;
      }
    }
  }

  private IllegalArgumentException error(String reason) {
    return new IllegalArgumentException("line " + line + ": " + reason);
  }
}
