// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.NsdServer;
import org.xbill.DNS.Name;

/**
 * NSD's ceiling, with no agent: zone files written beforehand, then added over the UNIX control
 * socket by a bare native client, (a) one {@code addzone} per connection, (b) {@code addzones} of
 * 200 lines per connection; each timed until added and until NSD serves every zone.
 */
final class NsdCeiling {
  private static final String PATTERN = "ceiling";

  private NsdCeiling() {}

  static void run(Run run, int count) throws Exception {
    Path parent = Files.createDirectories(run.directory().resolve("ceiling-nsd"));
    Path zonesDir = Files.createDirectories(parent.resolve("zones"));
    try (NsdServer nsd =
            NsdServer.builder()
                .control(NsdServer.Control.UNIX)
                .config(
                    "pattern:\n  name: \""
                        + PATTERN
                        + "\"\n  zonefile: \""
                        + zonesDir
                        + "/%s.zone\"\n")
                .start();
        DnsProbe dns = new DnsProbe(nsd.dnsAddress(), Duration.ofSeconds(1))) {
      List<Name> single = Run.names("s%06d.ceiling.test.", count);
      List<Name> bulk = Run.names("m%06d.ceiling.test.", count);
      for (Name zone : single) {
        write(zonesDir, zone);
      }
      for (Name zone : bulk) {
        write(zonesDir, zone);
      }
      long start = System.nanoTime();
      for (Name zone : single) {
        String answer = command(nsd.controlSocket(), "addzone " + text(zone) + " " + PATTERN, "");
        if (!answer.strip().endsWith("ok")) {
          throw new IOException("addzone " + zone + ": " + answer.strip());
        }
      }
      long added = System.nanoTime();
      awaitServed(dns, single);
      long served = System.nanoTime();
      report(run, "1 addzone per connection", count, start, added, served);

      start = System.nanoTime();
      for (int from = 0; from < count; from += 200) {
        StringBuilder lines = new StringBuilder();
        for (Name zone : bulk.subList(from, Math.min(count, from + 200))) {
          lines.append(text(zone)).append(' ').append(PATTERN).append('\n');
        }
        String answer = command(nsd.controlSocket(), "addzones", lines.toString());
        if (answer.contains("error")) {
          throw new IOException("addzones: " + answer.lines().findFirst().orElse(""));
        }
      }
      added = System.nanoTime();
      awaitServed(dns, bulk);
      served = System.nanoTime();
      report(run, "addzones of 200 lines", count, start, added, served);
    }
  }

  private static void report(Run run, String how, int count, long start, long added, long served) {
    run.ceiling(
        "ceiling: native " + how + ", UNIX socket",
        count / ((added - start) / 1e9),
        "zones/s",
        "no agent, " + count + " zones");
    run.ceiling(
        "ceiling: native " + how + " until all served",
        count / ((served - start) / 1e9),
        "zones/s",
        "no agent, " + count + " zones");
  }

  private static void awaitServed(DnsProbe dns, List<Name> zones) throws Exception {
    for (Name zone : zones) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (dns.soaSerial(zone).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IOException(zone + " not served 60 s after it was added");
        }
        Thread.sleep(1);
      }
    }
  }

  private static void write(Path dir, Name zone) throws IOException {
    TestZones.writeZoneFile(dir, text(zone) + ".zone", zone, 1, Master.HOSTS_FOR_TEN_RECORDS);
  }

  private static String text(Name zone) {
    String s = zone.toString().toLowerCase(Locale.ROOT);
    return s.substring(0, s.length() - 1);
  }

  /** One command on one connection: the line, any input and its end marker, then the answer. */
  private static String command(Path socket, String line, String input) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      String request = "NSDCT1 " + line + "\n" + (input.isEmpty() ? "" : input + "\u0004\n");
      ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        ch.write(out);
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(8192);
      while (ch.read(in) >= 0) {
        answer.write(in.array(), 0, in.position());
        in.clear();
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }
}
