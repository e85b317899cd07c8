// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TsigKeyFileTest {
  private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQ=";

  @Test
  void aBareSecret() {
    TsigKeyFile.Contents c = TsigKeyFile.parse("  " + SECRET + "\n");
    assertEquals(SECRET, c.secret());
    assertEquals(Optional.empty(), c.name());
    assertFalse(c.toString().contains(SECRET));
  }

  @Test
  void theBlockTsigKeygenWrites() {
    TsigKeyFile.Contents c =
        TsigKeyFile.parse(
            "# made by tsig-keygen\nkey \"pool-ctl\" {\n\talgorithm hmac-sha256;\n\tsecret \""
                + SECRET
                + "\";\n};\n");
    assertEquals(Optional.of("pool-ctl"), c.name());
    assertEquals(Optional.of("hmac-sha256"), c.algorithm());
    assertEquals(SECRET, c.secret());
    TsigKeyFile.Contents unquoted =
        TsigKeyFile.parse("key xfr { algorithm hmac-sha512; secret \"" + SECRET + "\"; }; // x");
    assertEquals(Optional.of("xfr"), unquoted.name());
  }

  @Test
  void wrongFilesSayWhatWasExpectedWithoutTheSecret() {
    for (String text :
        new String[] {
          "", "secret: abc {", "key k { algorithm hmac-sha256; };", "not base64 !!",
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> TsigKeyFile.parse(text));
      assertTrue(e.getMessage().contains("expected the bare base64 secret"), e.getMessage());
    }
    IllegalArgumentException two =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TsigKeyFile.parse(
                    "key a { algorithm hmac-sha256; secret \""
                        + SECRET
                        + "\"; };\n"
                        + "key b { algorithm hmac-sha256; secret \""
                        + SECRET
                        + "\"; };\n"));
    assertTrue(two.getMessage().contains("holds 2 keys"), two.getMessage());
    assertFalse(two.getMessage().contains(SECRET));
  }
}
