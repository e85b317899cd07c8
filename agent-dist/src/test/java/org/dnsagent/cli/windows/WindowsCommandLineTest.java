// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsCommandLineTest {
  /**
   * The C runtime's (and CommandLineToArgvW's) splitting, as documented in "Parsing C++
   * command-line arguments": 2n backslashes + quote = n backslashes and a quote toggle; 2n+1 +
   * quote = n backslashes and a literal quote; backslashes elsewhere are literal; whitespace
   * outside quotes separates. ("" inside quotes, an MSVC 2008+ extension, is not produced by
   * quote().)
   */
  static List<String> split(String line) {
    List<String> args = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inQuotes = false;
    boolean any = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\\') {
        int n = 0;
        while (i < line.length() && line.charAt(i) == '\\') {
          n++;
          i++;
        }
        if (i < line.length() && line.charAt(i) == '"') {
          cur.append("\\".repeat(n / 2));
          if (n % 2 == 1) {
            cur.append('"');
            i++;
          }
        } else {
          cur.append("\\".repeat(n));
        }
        any = true;
        continue;
      }
      if (c == '"') {
        inQuotes = !inQuotes;
        any = true;
        i++;
        continue;
      }
      if ((c == ' ' || c == '\t') && !inQuotes) {
        if (any) {
          args.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
        i++;
        continue;
      }
      cur.append(c);
      any = true;
      i++;
    }
    if (any) {
      args.add(cur.toString());
    }
    return args;
  }

  @Test
  void plainArgumentsStayAsTheyAre() {
    assertEquals("C:\\dns-agent\\lib\\*", WindowsCommandLine.quote("C:\\dns-agent\\lib\\*"));
    assertEquals("-Xmx256m", WindowsCommandLine.quote("-Xmx256m"));
  }

  @Test
  void spacesQuotesAndTrailingBackslashes() {
    assertEquals(
        "\"C:\\Program Files\\Java\\bin\\java.exe\"",
        WindowsCommandLine.quote("C:\\Program Files\\Java\\bin\\java.exe"));
    assertEquals("\"C:\\Program Files\\\\\"", WindowsCommandLine.quote("C:\\Program Files\\"));
    assertEquals("\"a \\\"b\\\" c\"", WindowsCommandLine.quote("a \"b\" c"));
    assertEquals("\"a\\\\\\\"b\"", WindowsCommandLine.quote("a\\\"b"));
    assertEquals("\"\"", WindowsCommandLine.quote(""));
  }

  @Test
  void everyArgumentComesBackExactly() {
    List<String> hard =
        List.of(
            "C:\\Program Files\\Eclipse Adoptium\\jdk-17\\bin\\java.exe",
            "",
            "plain",
            "two words",
            "tab\there",
            "quote\"inside",
            "\"",
            "\\",
            "\\\\",
            "ends with backslash\\",
            "ends with two\\\\",
            "\\\\server\\share\\dns agent\\",
            "\\\"",
            "a\\\\\"b c",
            "C:\\ProgramData\\dns-agent\\dns-agent.conf",
            "ünïcødé päth");
    for (int i = 0; i < hard.size(); i++) {
      List<String> args = List.of("x.exe", hard.get(i), hard.get((i + 3) % hard.size()));
      assertEquals(args, split(WindowsCommandLine.join(args)), WindowsCommandLine.join(args));
    }
    assertEquals(hard, split(WindowsCommandLine.join(hard)));
  }

  @Test
  void controlCharactersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> WindowsCommandLine.quote("a\nb"));
    assertThrows(IllegalArgumentException.class, () -> WindowsCommandLine.quote("a\0b"));
  }
}
