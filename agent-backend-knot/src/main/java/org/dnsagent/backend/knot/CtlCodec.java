// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The byte format of Knot's control protocol (libknot {@code control.c}): a stream of units, each a
 * type byte (0 end, 1 data, 2 extra, 3 block) followed, for data and extra units, by items: a code
 * byte ({@code 16 + item index}), a 16-bit big-endian length and the item's text.
 */
final class CtlCodec {
  static final int END = 0;
  static final int DATA = 1;
  static final int EXTRA = 2;
  static final int BLOCK = 3;

  private CtlCodec() {}

  /** A request: its data units then a block. */
  static byte[] encode(CtlRequest request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    for (CtlUnit unit : request.wireUnits()) {
      out.write(DATA);
      for (Map.Entry<CtlItem, String> item : unit.items().entrySet()) {
        byte[] value = item.getValue().getBytes(StandardCharsets.UTF_8);
        if (value.length > 0xFFFF) {
          throw new IllegalArgumentException(item.getKey() + " longer than 65535 bytes");
        }
        if (item.getValue().indexOf('\0') >= 0) {
          throw new IllegalArgumentException(item.getKey() + " holds a NUL character");
        }
        out.write(item.getKey().code());
        out.write(value.length >>> 8);
        out.write(value.length & 0xFF);
        out.write(value, 0, value.length);
      }
    }
    out.write(BLOCK);
    return out.toByteArray();
  }

  /** Decodes units from a buffer, collecting them until a block or end. */
  static final class Decoder {
    private final List<CtlUnit> units = new ArrayList<>();
    private EnumMap<CtlItem, String> current;
    private int closing = -1;

    /**
     * Consumes what it can of {@code in} (left in read mode; unconsumed bytes stay).
     *
     * @return true once the closing block (or end) has been read
     * @throws IllegalStateException on bytes that are not the protocol
     */
    boolean feed(ByteBuffer in) {
      while (closing < 0 && in.hasRemaining()) {
        in.mark();
        int code = in.get() & 0xFF;
        if (code <= BLOCK) {
          flush();
          if (code == DATA || code == EXTRA) {
            current = new EnumMap<>(CtlItem.class);
          } else {
            closing = code;
          }
          continue;
        }
        CtlItem item = CtlItem.fromCode(code);
        if (item == null || current == null) {
          throw new IllegalStateException("unexpected byte " + code + " in knotd's answer");
        }
        if (in.remaining() < 2) {
          in.reset();
          return false;
        }
        int length = in.getShort() & 0xFFFF;
        if (in.remaining() < length) {
          in.reset();
          return false;
        }
        byte[] value = new byte[length];
        in.get(value);
        current.put(item, new String(value, StandardCharsets.UTF_8));
      }
      return closing >= 0;
    }

    private void flush() {
      if (current != null) {
        units.add(new CtlUnit(current));
        current = null;
      }
    }

    /** True if the answer ended with END (knotd closing the connection) instead of a block. */
    boolean endedWithEnd() {
      return closing == END;
    }

    List<CtlUnit> units() {
      return units;
    }
  }
}
