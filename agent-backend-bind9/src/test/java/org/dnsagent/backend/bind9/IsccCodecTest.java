// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dnsagent.testing.RequiredBinaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IsccCodecTest {
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static RndcKey key(RndcAlgorithm algorithm) {
    return new RndcKey("rndc-key", algorithm, SECRET);
  }

  private static IsccMessage message() {
    Map<String, String> ctrl = new LinkedHashMap<>();
    ctrl.put("_ser", "4000000000");
    ctrl.put("_tim", "1700000000");
    ctrl.put("_exp", "1700000060");
    return new IsccMessage(ctrl, Map.of("type", "addzone \"a.example.\" IN _default { };"));
  }

  /** The frame without its 4-byte length, as the reader hands it to decode. */
  private static byte[] payload(byte[] frame) {
    assertEquals(frame.length - 4, ByteBuffer.wrap(frame).getInt(), "length prefix");
    return Arrays.copyOfRange(frame, 4, frame.length);
  }

  @ParameterizedTest
  @EnumSource(RndcAlgorithm.class)
  void messagesRoundTripAndVerifyWithEveryAlgorithm(RndcAlgorithm algorithm) throws IOException {
    IsccMessage decoded =
        IsccCodec.decode(payload(IsccCodec.encode(message(), key(algorithm))), key(algorithm));
    assertEquals(message(), decoded);
    assertEquals(4000000000L, decoded.ctrlNumber("_ser").orElseThrow());
  }

  @Test
  void sha256LayoutIsBindsHshaTableWithAnIndependentlyComputedHmac() throws Exception {
    byte[] payload = payload(IsccCodec.encode(message(), key(RndcAlgorithm.HMAC_SHA256)));
    ByteBuffer in = ByteBuffer.wrap(payload);
    assertEquals(1, in.getInt(), "version");
    byte[] authHeader = new byte[22];
    in.get(authHeader);
    byte[] expectedHeader = {
      5, '_', 'a', 'u', 't', 'h', 2, 0, 0, 0, 99, 4, 'h', 's', 'h', 'a', 1, 0, 0, 0, 89, (byte) 163
    };
    assertArrayEquals(expectedHeader, authHeader);
    byte[] signature = new byte[88];
    in.get(signature);
    byte[] signed = Arrays.copyOfRange(payload, in.position(), payload.length);

    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    byte[] b64 = Base64.getEncoder().encode(mac.doFinal(signed));
    assertArrayEquals(Arrays.copyOf(b64, 88), signature, "base64 HMAC, zero-padded to 88 bytes");
    assertTrue(new String(signed, StandardCharsets.US_ASCII).startsWith("\u0005_ctrl"));
  }

  @Test
  void md5LayoutIsBindsHmd5TableWithTheBase64TruncatedTo22Bytes() throws Exception {
    byte[] payload = payload(IsccCodec.encode(message(), key(RndcAlgorithm.HMAC_MD5)));
    byte[] expectedHeader = {
      0, 0, 0, 1, 5, '_', 'a', 'u', 't', 'h', 2, 0, 0, 0, 32, 4, 'h', 'm', 'd', '5', 1, 0, 0, 0, 22
    };
    assertArrayEquals(expectedHeader, Arrays.copyOf(payload, expectedHeader.length));
    byte[] signed = Arrays.copyOfRange(payload, expectedHeader.length + 22, payload.length);
    Mac mac = Mac.getInstance("HmacMD5");
    mac.init(new SecretKeySpec(SECRET, "HmacMD5"));
    byte[] b64 = Base64.getEncoder().encode(mac.doFinal(signed));
    assertArrayEquals(
        Arrays.copyOf(b64, 22),
        Arrays.copyOfRange(payload, expectedHeader.length, expectedHeader.length + 22));
  }

  @Test
  void tamperedMessageIsRejected() {
    byte[] payload = payload(IsccCodec.encode(message(), key(RndcAlgorithm.HMAC_SHA256)));
    payload[payload.length - 3] ^= 1;
    assertThrows(
        IsccCodec.BadSignatureException.class,
        () -> IsccCodec.decode(payload, key(RndcAlgorithm.HMAC_SHA256)));
  }

  @Test
  void messageSignedWithAnotherSecretOrAlgorithmIsRejected() {
    byte[] payload = payload(IsccCodec.encode(message(), key(RndcAlgorithm.HMAC_SHA256)));
    RndcKey other =
        new RndcKey(
            "rndc-key", RndcAlgorithm.HMAC_SHA256, "another".getBytes(StandardCharsets.US_ASCII));
    assertThrows(IsccCodec.BadSignatureException.class, () -> IsccCodec.decode(payload, other));
    assertThrows(
        IsccCodec.BadSignatureException.class,
        () -> IsccCodec.decode(payload, key(RndcAlgorithm.HMAC_SHA512)));
  }

  @Test
  void malformedMessagesAreRejected() {
    byte[] payload = payload(IsccCodec.encode(message(), key(RndcAlgorithm.HMAC_SHA256)));
    RndcKey key = key(RndcAlgorithm.HMAC_SHA256);
    assertThrows(IOException.class, () -> IsccCodec.decode(Arrays.copyOf(payload, 40), key));
    byte[] version2 = payload.clone();
    version2[3] = 2;
    assertThrows(IOException.class, () -> IsccCodec.decode(version2, key));
    assertThrows(IOException.class, () -> IsccCodec.decode(new byte[] {0, 0, 0, 1}, key));
  }

  /** The real rndc's handshake message verifies with our codec: the two agree on the format. */
  @Test
  void realRndcHandshakeMessageVerifies(@TempDir Path dir) throws Exception {
    Path rndc = RequiredBinaries.require("rndc", "bind9-utils");
    Path keyFile = dir.resolve("rndc.key");
    Files.writeString(
        keyFile,
        "key \"rndc-key\" { algorithm hmac-sha384; secret \""
            + Base64.getEncoder().encodeToString(SECRET)
            + "\"; };\n");
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(10_000);
      Process process =
          new ProcessBuilder(
                  rndc.toString(),
                  "-s",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(server.getLocalPort()),
                  "-k",
                  keyFile.toString(),
                  "status")
              .redirectErrorStream(true)
              .start();
      try (Socket socket = server.accept()) {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        int length = ByteBuffer.wrap(in.readNBytes(4)).getInt();
        IsccMessage hello = IsccCodec.decode(in.readNBytes(length), key(RndcAlgorithm.HMAC_SHA384));
        assertEquals("null", hello.data().get("type"));
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(hello.ctrlNumber("_tim").orElseThrow() - now) < 60);
        assertTrue(hello.ctrlNumber("_ser").isPresent());
      } finally {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
