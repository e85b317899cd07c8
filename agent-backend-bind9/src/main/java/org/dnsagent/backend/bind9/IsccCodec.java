// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes and decodes control-channel messages in the wire format of BIND's {@code lib/isccc}: a
 * version number, then a table whose first entry {@code _auth} holds an HMAC (base64) over the
 * encoded entries that follow it. Written from the format description, not from BIND's code.
 */
final class IsccCodec {
  static final int VERSION = 1;

  /** Replies larger than this are refused; named's answers to our commands are tiny. */
  static final int MAX_MESSAGE = 4 << 20;

  private static final int TYPE_BINARY = 1;
  private static final int TYPE_TABLE = 2;
  private static final int TYPE_LIST = 3;
  private static final int MD5_SIGNATURE_LENGTH = 22;
  private static final int SHA_SIGNATURE_LENGTH = 88;
  private static final int MAX_DEPTH = 8;

  private IsccCodec() {}

  /** The message's HMAC did not verify with the key. */
  static final class BadSignatureException extends IOException {
    private static final long serialVersionUID = 1L;

    BadSignatureException(String message) {
      super(message);
    }
  }

  /** Encodes a signed message as a frame: the 4-byte length, the version, then the table. */
  static byte[] encode(IsccMessage message, RndcKey key) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    writeEntry(body, "_ctrl", message.ctrl());
    writeEntry(body, "_data", message.data());
    byte[] signed = body.toByteArray();

    ByteArrayOutputStream auth = new ByteArrayOutputStream(128);
    writeEntry(auth, "_auth", Map.of(signatureKey(key), signatureValue(key, signed)));
    byte[] authBytes = auth.toByteArray();

    ByteBuffer frame = ByteBuffer.allocate(8 + authBytes.length + signed.length);
    frame.putInt(4 + authBytes.length + signed.length);
    frame.putInt(VERSION);
    frame.put(authBytes);
    frame.put(signed);
    return frame.array();
  }

  /**
   * Decodes a frame's payload (everything after the length), checking its HMAC with the key.
   *
   * @throws BadSignatureException if {@code _auth} is missing, not first, or does not verify
   * @throws IOException if the message is malformed
   */
  static IsccMessage decode(byte[] payload, RndcKey key) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(payload);
    if (in.remaining() < 4) {
      throw new IOException("control message too short");
    }
    int version = in.getInt();
    if (version != VERSION) {
      throw new IOException("unknown control protocol version " + version);
    }
    Map<String, Object> authTable = null;
    int signedStart = -1;
    Map<String, Object> top = new LinkedHashMap<>();
    boolean first = true;
    while (in.hasRemaining()) {
      String name = readKey(in);
      Object value = readValue(in, 1);
      if (first && name.equals("_auth") && value instanceof Map<?, ?> m) {
        authTable = castTable(m);
        signedStart = in.position();
      } else {
        top.put(name, value);
      }
      first = false;
    }
    if (authTable == null) {
      throw new BadSignatureException("control message is not signed");
    }
    byte[] signed = Arrays.copyOfRange(payload, signedStart, payload.length);
    verify(authTable, key, signed);
    return new IsccMessage(strings(top.get("_ctrl")), strings(top.get("_data")));
  }

  private static String signatureKey(RndcKey key) {
    return key.algorithm() == RndcAlgorithm.HMAC_MD5 ? "hmd5" : "hsha";
  }

  /**
   * The {@code hmd5} / {@code hsha} value: base64 HMAC, truncated or zero-padded as BIND lays it
   * out.
   */
  static byte[] signatureValue(RndcKey key, byte[] signed) {
    byte[] b64 = Base64.getEncoder().encode(hmac(key, signed));
    if (key.algorithm() == RndcAlgorithm.HMAC_MD5) {
      return Arrays.copyOf(b64, MD5_SIGNATURE_LENGTH);
    }
    byte[] value = new byte[1 + SHA_SIGNATURE_LENGTH];
    value[0] = (byte) key.algorithm().wireId();
    System.arraycopy(b64, 0, value, 1, Math.min(b64.length, SHA_SIGNATURE_LENGTH));
    return value;
  }

  private static void verify(Map<String, Object> auth, RndcKey key, byte[] signed)
      throws BadSignatureException {
    Object got = auth.get(signatureKey(key));
    if (!(got instanceof byte[] actual)) {
      throw new BadSignatureException(
          "control message is not signed with " + key.algorithm().bindName());
    }
    if (!MessageDigest.isEqual(actual, signatureValue(key, signed))) {
      throw new BadSignatureException("control message signature does not verify");
    }
  }

  private static byte[] hmac(RndcKey key, byte[] data) {
    try {
      return key.newMac().doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC " + key.algorithm().javaName() + " unavailable", e);
    }
  }

  private static void writeEntry(ByteArrayOutputStream out, String name, Object value) {
    byte[] k = name.getBytes(StandardCharsets.US_ASCII);
    if (k.length > 255) {
      throw new IllegalArgumentException("control message key too long: " + name);
    }
    out.write(k.length);
    out.writeBytes(k);
    writeValue(out, value);
  }

  private static void writeValue(ByteArrayOutputStream out, Object value) {
    if (value instanceof Map<?, ?> table) {
      ByteArrayOutputStream inner = new ByteArrayOutputStream();
      for (Map.Entry<?, ?> e : table.entrySet()) {
        writeEntry(inner, (String) e.getKey(), e.getValue());
      }
      writeTyped(out, TYPE_TABLE, inner.toByteArray());
    } else if (value instanceof byte[] bytes) {
      writeTyped(out, TYPE_BINARY, bytes);
    } else if (value instanceof String s) {
      writeTyped(out, TYPE_BINARY, s.getBytes(StandardCharsets.UTF_8));
    } else {
      throw new IllegalArgumentException("cannot encode " + value);
    }
  }

  private static void writeTyped(ByteArrayOutputStream out, int type, byte[] bytes) {
    out.write(type);
    out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }

  private static String readKey(ByteBuffer in) throws IOException {
    int length = in.get() & 0xFF;
    if (in.remaining() < length) {
      throw new IOException("control message truncated in a key");
    }
    byte[] k = new byte[length];
    in.get(k);
    return new String(k, StandardCharsets.US_ASCII);
  }

  private static Object readValue(ByteBuffer in, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("control message nested too deeply");
    }
    if (in.remaining() < 5) {
      throw new IOException("control message truncated in a value");
    }
    int type = in.get() & 0xFF;
    long length = in.getInt() & 0xFFFF_FFFFL;
    if (length > in.remaining()) {
      throw new IOException("control message value longer than the message");
    }
    ByteBuffer content = in.slice(in.position(), (int) length);
    in.position(in.position() + (int) length);
    switch (type) {
      case TYPE_BINARY:
        byte[] bytes = new byte[(int) length];
        content.get(bytes);
        return bytes;
      case TYPE_TABLE:
        Map<String, Object> table = new LinkedHashMap<>();
        while (content.hasRemaining()) {
          String name = readKey(content);
          table.put(name, readValue(content, depth + 1));
        }
        return table;
      case TYPE_LIST:
        while (content.hasRemaining()) {
          readValue(content, depth + 1); // rndc never needs list items; skip them
        }
        return List.of();
      default:
        throw new IOException("unknown control message value type " + type);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castTable(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static Map<String, String> strings(Object table) {
    Map<String, String> result = new LinkedHashMap<>();
    if (table instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getValue() instanceof byte[] b) {
          result.put((String) e.getKey(), new String(b, StandardCharsets.UTF_8));
        }
      }
    }
    return result;
  }
}
