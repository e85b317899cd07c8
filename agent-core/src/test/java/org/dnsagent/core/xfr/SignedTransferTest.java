// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.dnsagent.core.config.TransferLimits;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Multi-message signed AXFR (RFC 8945 5.3.1): the first and last messages must be signed, and up to
 * 99 unsigned messages in a row are accepted between signed ones; anything else fails the transfer.
 */
class SignedTransferTest {
  private static final TsigKeySpec KEY =
      new TsigKeySpec("xfr-key", "hmac-sha256", "eGZyLWtleS1mb3Itc3BhcnNlLXNpZ25pbmc=");
  private static final Name ZONE = TestZones.name("sparse.test.");

  @TempDir Path spool;

  @Test
  void firstAndLastSignedWith99UnsignedBetweenIsAccepted() throws Exception {
    List<Record> records = transfer(101); // messages 1..99 unsigned
    try (SparseSigningPrimary primary = primary(records, i -> i == 0 || i == 100, -1)) {
      TransferResult.Full full = assertInstanceOf(TransferResult.Full.class, run(primary));
      try (SpooledZone zone = full.zone()) {
        assertEquals(100, zone.recordCount(), "every record but the closing SOA");
      }
    }
  }

  @Test
  void signingEveryFewMessagesIsAccepted() throws Exception {
    List<Record> records = transfer(250);
    try (SparseSigningPrimary primary = primary(records, i -> i % 7 == 0 || i == 249, -1)) {
      assertInstanceOf(TransferResult.Full.class, run(primary)).zone().close();
    }
  }

  @Test
  void hundredUnsignedInARowFails() throws Exception {
    List<Record> records = transfer(102); // messages 1..100 unsigned: the 100th (#101) fails
    try (SparseSigningPrimary primary = primary(records, i -> i == 0 || i == 101, -1)) {
      assertFails(primary, "Missing required signature on message #101");
    }
  }

  @Test
  void unsignedLastMessageFails() throws Exception {
    try (SparseSigningPrimary primary = primary(transfer(20), i -> i < 19, -1)) {
      assertFails(primary, "last message");
    }
  }

  @Test
  void unsignedFirstMessageFails() throws Exception {
    try (SparseSigningPrimary primary = primary(transfer(20), i -> i > 0, -1)) {
      assertFails(primary, "first message");
    }
  }

  @Test
  void badMacOnALaterMessageFails() throws Exception {
    try (SparseSigningPrimary primary = primary(transfer(30), i -> i % 10 == 0 || i == 29, 20)) {
      assertFails(primary, "BADSIG");
    }
  }

  private static SparseSigningPrimary primary(
      List<Record> records, IntPredicate signed, int corrupted) throws Exception {
    return new SparseSigningPrimary(KEY, records, signed, corrupted);
  }

  /** An AXFR of {@code messages} records: SOA, A records, SOA. */
  private static List<Record> transfer(int messages) {
    List<Record> zone = TestZones.records(ZONE, 42, messages - 5);
    List<Record> out = new ArrayList<>(zone);
    out.add(zone.get(0));
    assertEquals(messages, out.size());
    return out;
  }

  private TransferResult run(SparseSigningPrimary primary) throws TransferException {
    try (MasterClient client = client(primary)) {
      return client.transfer(ZONE, client.masters().get(0), Optional.empty());
    }
  }

  private void assertFails(SparseSigningPrimary primary, String reason) {
    TransferException e = assertThrows(TransferException.class, () -> run(primary));
    assertTrue(e.getMessage().contains("TSIG failure"), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  private MasterClient client(SparseSigningPrimary primary) {
    return new MasterClient(
        List.of(new MasterServer(primary.address(), Optional.of(KEY))),
        Optional.empty(),
        Duration.ofSeconds(2),
        TransferLimits.defaults(),
        spool);
  }
}
