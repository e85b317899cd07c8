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

  @Test
  void aBareSecretWithTwoSlashesIsNotCutAtThem() {
    // One random 32-byte secret in about a hundred has "//" in its base64: not a comment there.
    String secret = "ab//cdEFghIJklMNopQRstUVwxYZ0123456789+/abc=";
    assertEquals(secret, TsigKeyFile.parse(secret + "\n").secret());
    assertEquals(secret, TsigKeyFile.parse("# made by openssl\n" + secret + " # ours\n").secret());
    assertEquals(
        secret,
        TsigKeyFile.parse("key k { algorithm hmac-sha256; secret \"" + secret + "\"; }; // x")
            .secret());
  }

  @Test
  void everyRandomSecretReadsBackWhole() {
    java.util.Random random = new java.util.Random(18);
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = new byte[1 + random.nextInt(64)];
      random.nextBytes(bytes);
      String secret = java.util.Base64.getEncoder().encodeToString(bytes);
      assertEquals(secret, TsigKeyFile.parse(secret + "\n").secret());
      assertEquals(
          secret,
          TsigKeyFile.parse(
                  "key \"k\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + secret + "\";\n};\n")
              .secret());
      new TsigKeySpec("k", "hmac-sha256", secret).toTsig();
    }
  }

  @Test
  void anUnpaddedSecretIsRefusedAtOnceNotWhenTheFirstMessageArrives() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TsigKeyFile.parse("c2VjcmV0\nYQ\n"));
    assertTrue(e.getMessage().contains("not padded base64"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new TsigKeySpec("k", "hmac-sha256", "c2VjcmV0YQ"));
  }
}
