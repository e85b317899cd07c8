// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.journal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32;
import org.dnsagent.core.ops.OperationKind;
import org.dnsagent.core.ops.OperationState;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.core.ops.ZoneKey;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The journal's line format: {@code CRC32 TYPE FIELD...} and a newline, fields separated by one
 * space and percent-escaped, the CRC (8 hex digits) over everything after it. Text, so an operator
 * can read it with {@code less}; checksummed, so a torn or damaged line is recognised and skipped.
 *
 * <pre>
 * 3f2a19c0 O 17 CREATE default example.org. SUCCEEDED 1700000000000 1700000000042 1700000000000 1 2 created%20at%20serial%205
 * 0b1c2d3e Z default example.org. 1
 * 9a8b7c6d N 17
 * </pre>
 */
final class JournalCodec {
  private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();
  private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

  private JournalCodec() {}

  /** A line that is not a valid record. */
  static final class CorruptRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptRecordException(String message) {
      super(message);
    }
  }

  static byte[] encode(JournalRecord record) {
    String payload;
    if (record instanceof JournalRecord.Op op) {
      payload = encodeOp(op.operation());
    } else if (record instanceof JournalRecord.Catalog c) {
      payload = join("Z", c.zone().target(), c.zone().zone().toString(), c.present() ? "1" : "0");
    } else {
      payload = join("N", Long.toString(((JournalRecord.Sequence) record).lastId()));
    }
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
    byte[] line = new byte[body.length + 10];
    long crc = crc(body);
    for (int i = 7; i >= 0; i--) {
      line[i] = (byte) HEX_LOWER[(int) (crc & 0xf)];
      crc >>>= 4;
    }
    line[8] = ' ';
    System.arraycopy(body, 0, line, 9, body.length);
    line[line.length - 1] = '\n';
    return line;
  }

  private static String encodeOp(OperationView v) {
    return join(
        "O",
        Long.toString(v.id()),
        v.kind().name(),
        v.key().target(),
        v.key().zone().toString(),
        v.state().name(),
        Long.toString(v.createdAt().toEpochMilli()),
        Long.toString(v.updatedAt().toEpochMilli()),
        Long.toString(v.notBefore().toEpochMilli()),
        Integer.toString(v.attempts()),
        Integer.toString(v.requests()),
        v.detail());
  }

  /**
   * The zone a damaged line seems to be about (its checksum failed, so this is a guess), for
   * operation and catalog records whose target and zone fields still read.
   */
  static java.util.Optional<ZoneKey> suspectZone(byte[] line, int from, int to) {
    String[] f = new String(line, from, to - from, StandardCharsets.UTF_8).split(" ", -1);
    try {
      if (f.length >= 5 && f[1].equals("Z")) {
        return java.util.Optional.of(new ZoneKey(unescape(f[2]), name(unescape(f[3]))));
      }
      if (f.length >= 6 && f[1].equals("O")) {
        return java.util.Optional.of(new ZoneKey(unescape(f[4]), name(unescape(f[5]))));
      }
    } catch (RuntimeException e) {
      // unreadable: no guess
    }
    return java.util.Optional.empty();
  }

  /** Decodes one line, without its newline. */
  static JournalRecord decode(byte[] line, int from, int to) throws CorruptRecordException {
    if (to - from < 10 || line[from + 8] != ' ') {
      throw new CorruptRecordException("too short or no checksum");
    }
    CRC32 crc = new CRC32();
    crc.update(line, from + 9, to - from - 9);
    if (!checksumMatches(line, from, crc.getValue())) {
      throw new CorruptRecordException("checksum mismatch");
    }
    String payload = new String(line, from + 9, to - from - 9, StandardCharsets.UTF_8);
    String[] f = payload.split(" ", -1);
    try {
      return switch (f[0]) {
        case "O" -> new JournalRecord.Op(decodeOp(f));
        case "Z" -> {
          expect(f, 4);
          yield new JournalRecord.Catalog(
              new ZoneKey(unescape(f[1]), name(unescape(f[2]))), f[3].equals("1"));
        }
        case "N" -> {
          expect(f, 2);
          yield new JournalRecord.Sequence(Long.parseLong(f[1]));
        }
        default -> throw new CorruptRecordException("unknown record type " + f[0]);
      };
    } catch (IllegalArgumentException e) {
      throw new CorruptRecordException("bad field: " + e.getMessage());
    }
  }

  private static OperationView decodeOp(String[] f) throws CorruptRecordException {
    expect(f, 12);
    return new OperationView(
        Long.parseLong(f[1]),
        OperationKind.valueOf(f[2]),
        new ZoneKey(unescape(f[3]), name(unescape(f[4]))),
        OperationState.valueOf(f[5]),
        Instant.ofEpochMilli(Long.parseLong(f[6])),
        Instant.ofEpochMilli(Long.parseLong(f[7])),
        Instant.ofEpochMilli(Long.parseLong(f[8])),
        Integer.parseInt(f[9]),
        Integer.parseInt(f[10]),
        unescape(f[11]));
  }

  private static void expect(String[] fields, int count) throws CorruptRecordException {
    if (fields.length != count) {
      throw new CorruptRecordException(
          "expected " + count + " fields in a " + fields[0] + " record, found " + fields.length);
    }
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("zone name " + text);
    }
  }

  /** The 8 lower-case hex digits at {@code from} spell {@code crc}. */
  private static boolean checksumMatches(byte[] line, int from, long crc) {
    long value = crc;
    for (int i = 7; i >= 0; i--) {
      if (line[from + i] != HEX_LOWER[(int) (value & 0xf)]) {
        return false;
      }
      value >>>= 4;
    }
    return true;
  }

  private static long crc(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return crc.getValue();
  }

  private static String join(String type, String... fields) {
    StringBuilder out = new StringBuilder(128).append(type);
    for (String field : fields) {
      escape(field, out.append(' '));
    }
    return out.toString();
  }

  /** Percent-escapes {@code %}, space and control characters; the empty string is {@code %}. */
  static String escape(String text) {
    return escape(text, new StringBuilder(text.length() + 8)).toString();
  }

  private static StringBuilder escape(String text, StringBuilder out) {
    if (text.isEmpty()) {
      return out.append('%');
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' || c == ' ' || c < 0x20 || c == 0x7f) {
        out.append('%').append(HEX_UPPER[c >> 4]).append(HEX_UPPER[c & 0xf]);
      } else {
        out.append(c);
      }
    }
    return out;
  }

  static String unescape(String text) {
    if (text.equals("%")) {
      return "";
    }
    if (text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          throw new IllegalArgumentException("truncated escape in " + text);
        }
        out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
