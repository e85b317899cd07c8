// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static org.dnsagent.master.TestZones.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnsagent.spi.HostPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import picocli.CommandLine;

class MasterCommandTest {
  private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQ=";
  @TempDir Path dir;

  private MasterCommand parse(String... args) {
    MasterCommand command = new MasterCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void optionsMapOntoTheMasterOptions() {
    LocalMasterOptions options =
        parse(
                "--zones-dir",
                dir.toString(),
                "--listen",
                "[::1]:5300",
                "--notify",
                "127.0.0.1:5301,127.0.0.2",
                "--notify",
                "127.0.0.3:5303",
                "--poll-interval",
                "0.25",
                "--tsig-key",
                "k1:hmac-sha256:" + SECRET,
                "--tsig-key",
                "k2:hmac-sha512:" + SECRET,
                "--require-tsig")
            .toOptions();

    assertEquals(dir, options.zonesDirectory());
    assertEquals("[0:0:0:0:0:0:0:1]:5300", HostPort.format(options.listenAddress()));
    assertEquals(
        List.of("127.0.0.1:5301", "127.0.0.2:53", "127.0.0.3:5303"),
        options.notifyTargets().stream().map(HostPort::format).toList());
    assertEquals(Duration.ofMillis(250), options.pollInterval());
    assertEquals(2, options.tsigKeys().size());
    assertEquals("k1", options.notifyKey().orElseThrow().name());
    assertTrue(options.requireTsig());
  }

  @Test
  void defaults() {
    LocalMasterOptions options = parse("--zones-dir", dir.toString()).toOptions();
    assertEquals(new InetSocketAddress("127.0.0.1", 5354), options.listenAddress());
    assertEquals(Duration.ofSeconds(1), options.pollInterval());
    assertTrue(options.notifyTargets().isEmpty());
    assertTrue(options.notifyKey().isEmpty());
  }

  @Test
  void badValuesAreUsageErrors() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new MasterCommand()).setErr(new PrintWriter(err));
    int code = cli.execute("--zones-dir", dir.toString(), "--tsig-key", "k1:hmac-sha999:" + SECRET);
    assertEquals(2, code);
    assertTrue(err.toString().contains("unknown TSIG algorithm"), err.toString());
    assertEquals(2, cli.execute("--zones-dir", dir.toString(), "--require-tsig"));
    assertEquals(2, cli.execute("--zones-dir", dir.toString(), "--listen", "127.0.0.1:99999"));
  }

  @Test
  void runsUntilInterruptedAndPrintsZonesAndErrors() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(3, 2));
    TestZones.write(dir, "broken.test.zone", TestZones.header(1) + "x IN A 1.2.3\n");
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new MasterCommand()).setOut(new PrintWriter(out, true));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread runner =
        new Thread(
            () -> exit.set(cli.execute("--zones-dir", dir.toString(), "--listen", "127.0.0.1:0")));
    runner.start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!out.toString().contains("listening on") && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      String text = out.toString();
      assertTrue(text.contains("zone example.org. serial 3, 5 records"), text);
      assertTrue(text.contains("error broken.test.zone:5: "), text);
      String address = text.substring(text.indexOf("listening on ") + 13).split(" ")[0];
      Message reply =
          DnsClient.udp(
              HostPort.parse(address, 53), DnsClient.query(name("example.org."), Type.SOA));
      assertEquals(Rcode.NOERROR, reply.getRcode());
    } finally {
      runner.interrupt();
      runner.join(10_000);
    }
    assertEquals(0, exit.get());
  }

  @Test
  void tsigKeyFileKeepsTheSecretOffTheCommandLine() throws Exception {
    Path key =
        java.nio.file.Files.writeString(
            dir.resolve("xfr.key"),
            "key \"xfr-key\" {\n\talgorithm hmac-sha512;\n\tsecret \"" + SECRET + "\";\n};\n");
    LocalMasterOptions options =
        parse("--zones-dir", dir.toString(), "--tsig-key-file", key.toString(), "--require-tsig")
            .toOptions();
    assertEquals(1, options.tsigKeys().size());
    assertEquals("hmac-sha512", options.notifyKey().orElseThrow().algorithm());
    assertEquals("xfr-key", options.notifyKey().orElseThrow().name());

    Path bare = java.nio.file.Files.writeString(dir.resolve("bare.key"), SECRET + "\n");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new MasterCommand()).setErr(new PrintWriter(err, true));
    assertEquals(2, cli.execute("--zones-dir", dir.toString(), "--tsig-key-file", bare.toString()));
    assertTrue(err.toString().contains("use the key block tsig-keygen writes"), err.toString());
  }

  @Test
  void eventsThatAreReportedAreNotAlsoLogged() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(3, 2));
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.dnsagent.master");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    List<String> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
    MasterEvents events =
        new MasterEvents() {
          @Override
          public void zoneLoaded(ZoneInfo zone) {
            reported.add("loaded " + zone.name());
          }
        };
    LocalMasterOptions options =
        LocalMasterOptions.builder(dir)
            .listenAddress(new InetSocketAddress("127.0.0.1", 0))
            .build();
    try (LocalMaster master = new LocalMaster(options, events)) {
      master.start();
    }
    try (LocalMaster master = new LocalMaster(options, MasterEvents.NONE)) {
      master.start();
    } finally {
      logger.detachAppender(logged);
    }
    assertEquals(List.of("loaded example.org."), reported);
    long loadedLines =
        logged.list.stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO))
            .filter(e -> e.getFormattedMessage().startsWith("zone example.org. loaded"))
            .count();
    assertEquals(1, loadedLines, "logged only by the master nobody listens to: " + logged.list);
  }
}
