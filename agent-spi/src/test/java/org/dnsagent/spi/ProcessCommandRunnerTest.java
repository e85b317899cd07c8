// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {
  private final ProcessCommandRunner runner = new ProcessCommandRunner(4);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void argumentsAreNotInterpreted() throws Exception {
    CommandResult r = runner.run(List.of("printf", "%s|", "$(id)", "a b", "it's"), TIMEOUT);
    assertEquals(0, r.exitCode());
    assertEquals("$(id)|a b|it's|", r.stdout());
  }

  @Test
  void standardInputReachesTheProgram() throws Exception {
    byte[] big = new byte[400_000]; // more than a pipe holds: written while the output is read
    Arrays.fill(big, (byte) 'x');
    CommandResult r = runner.run(List.of("wc", "-c"), big, TIMEOUT);
    assertEquals("400000", r.stdout().strip());
    assertEquals("", runner.run(List.of("cat"), TIMEOUT).stdout(), "no stdin: end of file");
    byte[] text = "line\n".getBytes(StandardCharsets.UTF_8);
    assertEquals("line\n", runner.run(List.of("cat"), text, TIMEOUT).stdout());
  }

  @Test
  void aRunnerWithoutInputSupportTakesOnlyEmptyInput() throws Exception {
    CommandRunner plain = (command, timeout) -> new CommandResult(0, String.join(" ", command), "");
    assertEquals("a b", plain.run(List.of("a", "b"), new byte[0], TIMEOUT).stdout());
    BackendException e =
        assertThrows(
            BackendException.class, () -> plain.run(List.of("a"), new byte[] {1}, TIMEOUT));
    assertEquals(BackendException.Kind.INTERNAL, e.kind());
  }

  @Test
  void timeoutKills() {
    BackendException e =
        assertThrows(
            BackendException.class,
            () -> runner.run(List.of("sleep", "30"), Duration.ofMillis(300)));
    assertEquals(BackendException.Kind.UNAVAILABLE, e.kind());
    assertTrue(e.getMessage().contains("killed"), e.getMessage());
  }
}
