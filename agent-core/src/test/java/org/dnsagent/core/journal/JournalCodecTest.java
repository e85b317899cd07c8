// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.dnsagent.core.ops.OperationState;
import org.dnsagent.core.ops.ZoneKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;

class JournalCodecTest {

  private static JournalRecord roundTrip(JournalRecord r) throws Exception {
    byte[] line = JournalCodec.encode(r);
    assertEquals('\n', line[line.length - 1]);
    return JournalCodec.decode(line, 0, line.length - 1);
  }

  @Test
  void everyRecordTypeRoundTrips() throws Exception {
    JournalRecord op =
        new JournalRecord.Op(
            OperationJournalTest.op(7, "x.test.", OperationState.FAILED, "a b%c\n"));
    assertEquals(op, roundTrip(op));
    JournalRecord cat =
        new JournalRecord.Catalog(new ZoneKey("view-a", Name.fromConstantString("y.test.")), false);
    assertEquals(cat, roundTrip(cat));
    assertEquals(new JournalRecord.Sequence(42), roundTrip(new JournalRecord.Sequence(42)));
  }

  @Test
  void linesAreReadableText() {
    String line =
        new String(JournalCodec.encode(new JournalRecord.Sequence(9)), StandardCharsets.UTF_8);
    assertTrue(line.matches("[0-9a-f]{8} N 9\n"), line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "two words", "100%", "tab\there", "%", "%2"})
  void escapingRoundTrips(String text) {
    String escaped = JournalCodec.escape(text);
    assertTrue(!escaped.contains(" ") && !escaped.isEmpty(), escaped);
    assertEquals(text, JournalCodec.unescape(escaped));
  }

  @Test
  void damagedLinesAreRejected() {
    byte[] line = JournalCodec.encode(new JournalRecord.Sequence(9));
    line[line.length - 2] = '8';
    assertThrows(
        JournalCodec.CorruptRecordException.class,
        () -> JournalCodec.decode(line, 0, line.length - 1));
    byte[] junk = "not a journal line at all".getBytes(StandardCharsets.UTF_8);
    assertThrows(
        JournalCodec.CorruptRecordException.class, () -> JournalCodec.decode(junk, 0, junk.length));
  }
}
