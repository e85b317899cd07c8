// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dnsagent.core.config.TransferLimits;
import org.dnsagent.core.xfr.SpooledZone;
import org.dnsagent.core.xfr.TransferException;
import org.dnsagent.core.xfr.TransferParser;
import org.dnsagent.core.xfr.TransferResult;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.testing.TestZones;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The transfer parser: an AXFR answer, as the master sends it (messages of about 16 KiB), read
 * message by message by {@link TransferParser} into a {@link SpooledZone}, then read back once as a
 * backend does. Ten records stay in memory; 10,000 go through a spool file. Run with {@code
 * bench/run.sh --only jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TransferBenchmark {
  private static final Name ZONE = Name.fromConstantString("bench.example.org.");
  private static final int MESSAGE_BYTES = 16 * 1024;

  @Param({"10", "10000"})
  public int records;

  private List<byte[]> messages;
  private Path spool;

  @Setup(Level.Trial)
  public void prepare() throws IOException {
    spool = Files.createTempDirectory("jmh-spool");
    List<Record> zone = new ArrayList<>(TestZones.records(ZONE, 7, records - 4));
    zone.add(zone.get(0)); // the closing SOA
    messages = new ArrayList<>();
    Message current = null;
    int size = 0;
    for (Record r : zone) {
      int length = r.toWire(Section.ANSWER).length;
      if (current == null || size + length > MESSAGE_BYTES) {
        if (current != null) {
          messages.add(current.toWire());
        }
        current = new Message(0);
        current.getHeader().setFlag(Flags.QR);
        current.getHeader().setFlag(Flags.AA);
        if (messages.isEmpty()) {
          current.addRecord(Record.newRecord(ZONE, Type.AXFR, 1), Section.QUESTION);
        }
        size = 0;
      }
      current.addRecord(r, Section.ANSWER);
      size += length;
    }
    messages.add(current.toWire());
  }

  @TearDown(Level.Trial)
  public void cleanUp() throws IOException {
    try (Stream<Path> files = Files.walk(spool)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Parse every message, collect the zone, read it back once, discard it. */
  @Benchmark
  public long axfr() throws IOException, TransferException {
    try (TransferParser parser =
        new TransferParser(ZONE, "bench", Optional.empty(), TransferLimits.defaults(), spool)) {
      byte[] query = parser.nextQuery(null);
      for (byte[] m : messages) {
        m[0] = query[0]; // the answer carries the request's id
        m[1] = query[1];
        parser.accept(m);
      }
      TransferResult.Full full = (TransferResult.Full) parser.result();
      long read = 0;
      try (SpooledZone zone = full.zone();
          RecordReader reader = zone.openRecords()) {
        for (Record r = reader.next(); r != null; r = reader.next()) {
          read++;
        }
      }
      return read;
    }
  }
}
