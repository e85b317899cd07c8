// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuotingTest {
  @Test
  void everyArgumentIsOneSingleQuotedWord() {
    assertEquals("'plain'", ShellQuoting.quote("plain"));
    assertEquals("''", ShellQuoting.quote(""));
    assertEquals("'it'\\''s'", ShellQuoting.quote("it's"));
    assertEquals("'$(id) `id` \\ \" ; *'", ShellQuoting.quote("$(id) `id` \\ \" ; *"));
    assertEquals("'a\nb'", ShellQuoting.quote("a\nb"));
    assertEquals(
        "exec '/usr/sbin/rndc' 'reload' '-oops.example'",
        ShellQuoting.commandLine(List.of("/usr/sbin/rndc", "reload", "-oops.example")));
  }

  @Test
  void refusesWhatCannotBeAnArgument() {
    assertThrows(IllegalArgumentException.class, () -> ShellQuoting.quote("a\0b"));
    assertThrows(IllegalArgumentException.class, () -> ShellQuoting.commandLine(List.of()));
    assertThrows(
        IllegalArgumentException.class, () -> ShellQuoting.commandLine(List.of("-c", "id")));
  }
}
