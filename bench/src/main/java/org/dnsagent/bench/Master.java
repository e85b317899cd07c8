// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.master.MasterEvents;
import org.dnsagent.testing.TestZones;
import org.xbill.DNS.Name;

/**
 * The master the agent transfers from: a {@link LocalMaster} in the bench's JVM serving a directory
 * of generated zones, counting every transfer it sends. It rescans its directory only when told
 * ({@link #reload}), so that a scan of thousands of files never competes with what is measured.
 */
final class Master implements AutoCloseable {
  /** Zones of ten records: SOA, NS, the name server's A, six A records and a TXT. */
  static final int HOSTS_FOR_TEN_RECORDS = 6;

  private final Path directory;
  private final Map<String, AtomicInteger> transfers = new ConcurrentHashMap<>();
  private final AtomicLong full = new AtomicLong();
  private final AtomicLong incremental = new AtomicLong();
  private LocalMaster master;

  Master(Path directory) throws IOException {
    this.directory = Files.createDirectories(directory);
  }

  /** Writes a ten-record zone at {@code serial} (served after the next {@link #reload}). */
  void writeZone(Name zone, long serial) throws IOException {
    TestZones.writeZoneFile(directory, zone, serial, HOSTS_FOR_TEN_RECORDS);
  }

  /** Writes a zone of {@code records} records: SOA, NS, the server's A and A records. */
  void writeBigZone(Name zone, long serial, int records) throws IOException {
    Path file = directory.resolve(zone.toString(true) + ".zone");
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("$ORIGIN " + zone + "\n$TTL 3600\n");
      w.write("@ SOA ns1 hostmaster " + serial + " 3600 600 86400 300\n@ NS ns1\nns1 A 10.0.0.1\n");
      for (int i = 0; i < records - 3; i++) {
        w.write("host" + i + " A 10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        w.write('\n');
      }
    }
  }

  void start() throws IOException {
    master =
        new LocalMaster(
            LocalMasterOptions.builder(directory)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofHours(24))
                .maxTcpConnections(1024)
                .build(),
            new MasterEvents() {
              @Override
              public void transferSent(Name zone, long serial, boolean isIncremental) {
                transfers
                    .computeIfAbsent(zone + "/" + serial, k -> new AtomicInteger())
                    .incrementAndGet();
                (isIncremental ? incremental : full).incrementAndGet();
              }
            });
    master.start();
  }

  /** Loads what changed in the directory. */
  void reload() throws IOException {
    master.reloadNow();
  }

  int port() {
    return master.port();
  }

  InetSocketAddress address() {
    return master.address();
  }

  /** Transfers sent so far, AXFR-style and incremental. */
  long transfers() {
    return full.get() + incremental.get();
  }

  long incrementalTransfers() {
    return incremental.get();
  }

  /** The most transfers any one version (zone and serial) was sent. */
  int maxTransfersOfOneVersion() {
    return transfers.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
  }

  /** Versions (zone and serial) sent more than once. */
  long versionsTransferredTwice() {
    return transfers.values().stream().filter(n -> n.get() > 1).count();
  }

  void resetCounts() {
    transfers.clear();
    full.set(0);
    incremental.set(0);
  }

  @Override
  public void close() {
    if (master != null) {
      master.close();
    }
  }
}
