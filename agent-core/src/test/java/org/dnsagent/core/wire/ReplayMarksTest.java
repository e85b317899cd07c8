// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.dnsagent.spi.DesignateCodes;
import org.dnsagent.spi.TsigKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

class ReplayMarksTest {
  private static final TsigKeySpec KEY =
      new TsigKeySpec("ctl", "hmac-sha256", "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ==");

  @TempDir Path dir;

  @Test
  void writtenMarksReadBackWhateverTheKeyNames() throws Exception {
    // Spaces, a newline, the separator characters and non-ASCII octets in key names.
    Name odd = Name.fromString("a\\010b\\032crc32\\032.x\\255y.");
    Name plain = Name.fromString("ctl.");
    Name escaped = Name.fromString("dns-agent-replay-marks\\0321.");
    Path file = dir.resolve("replay-marks");
    ReplayMarks.write(file, Map.of(odd, 1_700_000_000L, plain, 5L, escaped, 7L));

    assertEquals(Map.of(odd, 1_700_000_000L, plain, 5L, escaped, 7L), ReplayMarks.read(file));
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    assertEquals(5, text.split("\n").length, "header, three keys, checksum: " + text);
    assertFalse(Files.exists(dir.resolve("replay-marks.tmp")), "no temporary file left");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
  }

  @Test
  void marksAdvanceOnlyUpwardsAndSurviveCloseAndReopen() throws Exception {
    Path file = dir.resolve("replay-marks");
    Name ctl = Name.fromString("ctl.");
    Name other = Name.fromString("other.");
    try (ReplayMarks marks = ReplayMarks.open(file)) {
      assertEquals(Optional.empty(), marks.restartMark(ctl), "a missing file is no marks");
      marks.advance(ctl, 100);
      marks.advance(ctl, 90);
      marks.advance(other, 50);
      assertEquals(Optional.empty(), marks.restartMark(ctl), "the floor is the marks at start");
    }
    assertEquals(Map.of(ctl, 100L, other, 50L), ReplayMarks.read(file));
    try (ReplayMarks marks = ReplayMarks.open(file)) {
      assertEquals(Optional.of(100L), marks.restartMark(ctl));
      assertEquals(Optional.of(50L), marks.restartMark(other));
      marks.advance(other, 60);
    }
    assertEquals(Map.of(ctl, 100L, other, 60L), ReplayMarks.read(file));
  }

  @Test
  void theBackgroundWriterSavesAChangeWithinAFewSeconds() throws Exception {
    Path file = dir.resolve("replay-marks");
    Name ctl = Name.fromString("ctl.");
    ReplayMarks marks = ReplayMarks.open(file);
    try {
      marks.advance(ctl, 123);
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!Files.exists(file) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      // Read while still open: no clean shutdown has written it.
      assertEquals(Map.of(ctl, 123L), ReplayMarks.read(file));
    } finally {
      marks.close();
    }
  }

  @Test
  void aDamagedFileIsNoMarksAndDoesNotStopTheStart() throws Exception {
    Path file = dir.resolve("replay-marks");
    Name ctl = Name.fromString("ctl.");
    ReplayMarks.write(file, Map.of(ctl, 1_700_000_000L));
    byte[] good = Files.readAllBytes(file);

    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 1;
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 5);
    for (byte[] damaged :
        new byte[][] {flipped, cut, new byte[0], "garbage\n".getBytes(StandardCharsets.US_ASCII)}) {
      Files.write(file, damaged);
      assertThrows(IOException.class, () -> ReplayMarks.read(file));
      assertEquals(Map.of(), ReplayMarks.readOrEmpty(file));
      try (ReplayMarks marks = ReplayMarks.open(file)) {
        assertEquals(Optional.empty(), marks.restartMark(ctl));
        marks.advance(ctl, 5);
      }
      assertEquals(Map.of(ctl, 5L), ReplayMarks.read(file), "rewritten whole at close");
    }
  }

  @Test
  void aFailedWriteLeavesThePreviousFileWhole() throws Exception {
    Path file = dir.resolve("replay-marks");
    Name ctl = Name.fromString("ctl.");
    ReplayMarks.write(file, Map.of(ctl, 10L));
    // A leftover temporary file from a crash is replaced.
    Files.writeString(dir.resolve("replay-marks.tmp"), "half-written");
    ReplayMarks.write(file, Map.of(ctl, 11L));
    assertEquals(Map.of(ctl, 11L), ReplayMarks.read(file));

    // The temporary file cannot be created (a non-empty directory in its place): the write fails
    // before the rename, and the file keeps its previous complete content.
    Files.createDirectories(dir.resolve("replay-marks.tmp").resolve("blocker"));
    assertThrows(IOException.class, () -> ReplayMarks.write(file, Map.of(ctl, 12L)));
    assertEquals(Map.of(ctl, 11L), ReplayMarks.read(file));
  }

  @Test
  void aRequestSignedAtOrBeforeItsKeysRestartMarkIsBadtime() throws Exception {
    Path file = dir.resolve("replay-marks");
    long mark = Instant.now().getEpochSecond() - 10;
    ReplayMarks.write(file, Map.of(KEY.keyName(), mark));
    try (ReplayMarks marks = ReplayMarks.open(file)) {
      TsigAuthenticator auth =
          new TsigAuthenticator(Map.of("ctl", KEY), true, Clock.systemUTC(), marks);
      for (long signedAt : new long[] {mark - 1, mark}) {
        byte[] wire = signedAt(signedAt, 1);
        TsigAuthenticator.Verdict v = auth.check(new Message(wire), wire);
        Message reply = assertInstanceOf(TsigAuthenticator.Verdict.Rejected.class, v).reply();
        assertEquals(Rcode.NOTAUTH, reply.getRcode());
        assertEquals(Rcode.BADTIME, reply.getTSIG().getError());
        assertTrue(
            ((TsigAuthenticator.Verdict.Rejected) v).reason().contains("before the agent started"));
      }
      byte[] fresh = signedAt(mark + 1, 2);
      assertInstanceOf(
          TsigAuthenticator.Verdict.Verified.class, auth.check(new Message(fresh), fresh));
    }
    assertEquals(Map.of(KEY.keyName(), mark + 1), ReplayMarks.read(file), "the mark advanced");
  }

  private static byte[] signedAt(long epochSeconds, int id) throws Exception {
    Message m = new Message(id);
    m.getHeader().setOpcode(DesignateCodes.OPCODE_CC);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(
        Record.newRecord(Name.fromConstantString("t.example."), Type.SOA, DClass.IN),
        Section.QUESTION);
    TSIG signer =
        new TSIG(
            KEY.algorithmName(),
            KEY.keyName(),
            new SecretKeySpec(java.util.Base64.getDecoder().decode(KEY.secret()), "HmacSHA256"),
            Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
    m.setTSIG(signer);
    return m.toWire(65535);
  }
}
