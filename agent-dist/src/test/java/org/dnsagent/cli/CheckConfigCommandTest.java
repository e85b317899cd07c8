// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {
  private static final String INLINE = "aW5saW5lLXNlY3JldC1vZi10aGUta2V5";
  private static final String IN_FILE = "ZmlsZS1zZWNyZXQtb2YtdGhlLWtleQ==";

  @TempDir Path dir;

  @Test
  void tsigSecretsAreMasked() throws Exception {
    Path secretFile = Files.writeString(dir.resolve("xfr.secret"), IN_FILE + "\n");
    Path conf =
        Files.writeString(
            dir.resolve("agent.conf"),
            """
            [DEFAULT]
            state_path = %s
            [service:agent]
            tsig_keys = ctl
            masters = 127.0.0.1:5354 key=xfr
            [tsigkey:ctl]
            algorithm = hmac-sha512
            secret = %s
            [tsigkey:xfr]
            secret_file = %s
            """
                .formatted(dir.resolve("state"), INLINE, secretFile));
    CliRun run = CliRun.of("check-config", "--config-file", conf.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertFalse(run.out().contains(INLINE), run.out());
    assertFalse(run.out().contains(IN_FILE), run.out());
    assertTrue(run.out().contains("secret = ****"), run.out());
    assertTrue(run.out().contains("# tsig keys = [ctl, xfr], require_tsig = true"), run.out());
    assertTrue(run.out().contains("# masters = [127.0.0.1:5354 key=xfr]"), run.out());
  }

  @Test
  void aBadSecretIsReportedWithoutIt() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("bad.conf"),
            "[tsigkey:k]\nalgorithm = hmac-sha9\nsecret = " + INLINE + "\n");
    CliRun run = CliRun.of("check-config", "--config-file", conf.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("unknown TSIG algorithm"), run.err());
    assertFalse(run.err().contains(INLINE) || run.out().contains(INLINE));
  }
}
