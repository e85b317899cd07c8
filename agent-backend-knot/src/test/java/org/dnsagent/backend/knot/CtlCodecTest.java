// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The byte layout of control units, as libknot writes and reads them. */
class CtlCodecTest {

  @Test
  void aRequestIsDataUnitsWithTheirItemsThenABlock() {
    CtlRequest request = CtlRequest.zones("zone-status", "", List.of("a.example.")).withFilter("s");
    byte[] expected = {
      1, // DATA
      16,
      0,
      11,
      'z',
      'o',
      'n',
      'e',
      '-',
      's',
      't',
      'a',
      't',
      'u',
      's', // CMD
      22,
      0,
      10,
      'a',
      '.',
      'e',
      'x',
      'a',
      'm',
      'p',
      'l',
      'e',
      '.', // ZONE
      27,
      0,
      1,
      's', // FILTER
      3 // BLOCK
    };
    assertArrayEquals(expected, CtlCodec.encode(request));
  }

  @Test
  void anAnswerIsReadAcrossPartialReads() {
    byte[] answer = {
      1, 22, 0, 2, 'a', '.', 25, 0, 6, 's', 'e', 'r', 'i', 'a', 'l', 26, 0, 1, '5', 2, 22, 0, 2,
      'a', '.', 25, 0, 4, 'r', 'o', 'l', 'e', 26, 0, 6, 'm', 'a', 's', 't', 'e', 'r', 1, 18, 0, 18,
      'n', 'o', ' ', 's', 'u', 'c', 'h', ' ', 'z', 'o', 'n', 'e', ' ', 'f', 'o', 'u', 'n', 'd', 22,
      0, 2, 'b', '.', 3
    };
    CtlCodec.Decoder decoder = new CtlCodec.Decoder();
    ByteBuffer in = ByteBuffer.allocate(answer.length);
    boolean done = false;
    for (byte b : answer) { // one byte at a time: the worst split
      assertFalse(done);
      in.put(b);
      in.flip();
      done = decoder.feed(in);
      in.compact();
    }
    assertTrue(done);
    CtlReply reply = new CtlReply(decoder.units());
    assertEquals(3, reply.units().size());
    assertEquals(Optional.of("5"), reply.units().get(0).get(CtlItem.DATA));
    assertEquals(Optional.of("master"), reply.units().get(1).get(CtlItem.DATA));
    assertEquals(Optional.of("(no such zone found) b."), reply.firstError());
    assertTrue(reply.notFound());
  }

  @Test
  void bytesThatAreNotTheProtocolAreAnError() {
    CtlCodec.Decoder decoder = new CtlCodec.Decoder();
    assertThrows(IllegalStateException.class, () -> decoder.feed(ByteBuffer.wrap(new byte[] {9})));
  }

  @Test
  void aNulInAValueIsNeverSent() {
    CtlRequest request = CtlRequest.zones("zone-status", "", List.of("a\0b."));
    assertThrows(IllegalArgumentException.class, () -> CtlCodec.encode(request));
  }
}
