// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RndcKeyFileTest {
  private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==";
  private static final Path HERE = Path.of("/etc/bind/rndc.conf");

  @Test
  void readsTsigKeygenOutput() throws Exception {
    RndcKeyFile file =
        RndcKeyFile.parse(
            "key \"rndc-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + SECRET + "\";\n};\n",
            HERE);
    RndcKey key = file.keyFor("127.0.0.1").orElseThrow();
    assertEquals("rndc-key", key.name());
    assertEquals(RndcAlgorithm.HMAC_SHA256, key.algorithm());
    assertArrayEquals(Base64.getDecoder().decode(SECRET), key.secret());
    assertFalse(key.toString().contains(SECRET), "toString hides the secret");
  }

  @Test
  void readsRndcConfWithCommentsDefaultsAndServerStatements() throws Exception {
    String conf =
        "# Start of rndc.conf\n"
            + "key \"main\" { algorithm hmac-sha512; secret \""
            + SECRET
            + "\"; };\n"
            + "key other { algorithm hmac-md5.sig-alg.reg.int; secret \""
            + SECRET
            + "\"; };\n"
            + "/* a C comment\n spanning lines */\n"
            + "options {\n  default-key \"main\"; // the usual one\n"
            + "  default-server 127.0.0.2;\n  default-port 9953;\n};\n"
            + "server 192.0.2.1 { key \"other\"; port 1953; };\n";
    RndcKeyFile file = RndcKeyFile.parse(conf, HERE);

    assertEquals("main", file.keyFor("127.0.0.2").orElseThrow().name());
    assertEquals(RndcAlgorithm.HMAC_SHA512, file.keyFor("127.0.0.2").orElseThrow().algorithm());
    assertEquals("other", file.keyFor("192.0.2.1").orElseThrow().name());
    assertEquals(RndcAlgorithm.HMAC_MD5, file.keys().get("other").algorithm());
    assertEquals("127.0.0.2", file.defaultServer().orElseThrow());
    assertEquals(OptionalInt.of(9953), file.portFor("127.0.0.2"));
    assertEquals(OptionalInt.of(1953), file.portFor("192.0.2.1"));
  }

  @Test
  void followsIncludesRelativeToTheIncludingFile(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("rndc.key"),
        "key \"rndc-key\" { algorithm hmac-sha256; secret \"" + SECRET + "\"; };",
        StandardCharsets.UTF_8);
    Path conf = dir.resolve("rndc.conf");
    Files.writeString(conf, "include \"rndc.key\";\noptions { default-key \"rndc-key\"; };\n");
    assertEquals("rndc-key", RndcKeyFile.read(conf).keyFor("127.0.0.1").orElseThrow().name());
  }

  @Test
  void severalKeysWithoutADefaultChooseNone() throws Exception {
    RndcKeyFile file =
        RndcKeyFile.parse(
            "key a { algorithm hmac-sha256; secret \""
                + SECRET
                + "\"; };"
                + "key b { algorithm hmac-sha256; secret \""
                + SECRET
                + "\"; };",
            HERE);
    assertTrue(file.keyFor("127.0.0.1").isEmpty());
  }

  @Test
  void errorsNameTheFileLineAndProblem() {
    assertMessage(
        "unsupported algorithm 'hmac-sha3'",
        "key k { algorithm hmac-sha3; secret \"" + SECRET + "\"; };");
    assertMessage("not valid base64", "key k { algorithm hmac-sha256; secret \"!!!\"; };");
    assertMessage("needs an algorithm and a secret", "key k { algorithm hmac-sha256; };");
    assertMessage("line 2: missing ';'", "key k {\n algorithm hmac-sha256 }");
    assertMessage("unterminated quoted string", "key \"k { };");
    assertMessage("missing '}'", "options { default-key k;");
  }

  private static void assertMessage(String expected, String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RndcKeyFile.parse(text, HERE));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith(HERE.toString()), e.getMessage());
  }
}
