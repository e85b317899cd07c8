// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static org.dnsagent.master.TestZones.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ZoneLoadingTest {
  @TempDir Path dir;
  private LocalMaster master;
  private final List<String> events = new ArrayList<>();

  @AfterEach
  void stop() {
    if (master != null) {
      master.close();
    }
  }

  private void start(Duration poll) throws Exception {
    MasterEvents recorder =
        new MasterEvents() {
          @Override
          public void zoneLoaded(ZoneInfo zone) {
            record("loaded " + zone.name() + " " + zone.serial());
          }

          @Override
          public void zoneRemoved(Name zone) {
            record("removed " + zone);
          }

          @Override
          public void loadFailed(LoadError error) {
            record("failed " + error.file().getFileName());
          }
        };
    master =
        new LocalMaster(
            LocalMasterOptions.builder(dir)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(poll)
                .build(),
            recorder);
    master.start();
  }

  private void record(String event) {
    synchronized (events) {
      events.add(event);
    }
  }

  private Message ask(String name, int type) throws Exception {
    return DnsClient.udp(master.address(), DnsClient.query(name(name), type));
  }

  @Test
  void includeAndGenerateWork() throws Exception {
    Files.createDirectories(dir.resolve("inc"));
    Files.writeString(dir.resolve("inc/mail.inc"), "mail IN A 192.0.2.25\n@ IN MX 10 mail\n");
    TestZones.write(
        dir,
        "example.net.db",
        TestZones.header(5)
            + "$INCLUDE inc/mail.inc\n"
            + "$GENERATE 1-50 dyn-$ IN A 10.1.0.$\n"
            + "$ORIGIN sub.example.net.\n"
            + "leaf IN TXT \"x\"\n");
    start(Duration.ofHours(1));

    ZoneInfo zone = master.zone(name("example.net.")).orElseThrow();
    assertEquals(1 + 2 + 2 + 50 + 1, zone.recordCount());
    assertEquals(
        "10.1.0.37",
        ask("dyn-37.example.net.", Type.A).getSection(Section.ANSWER).get(0).rdataToString());
    assertEquals(Rcode.NOERROR, ask("leaf.sub.example.net.", Type.TXT).getRcode());
    assertEquals(1, ask("example.net.", Type.MX).getSection(Section.ANSWER).size());

    // Editing only the included file is noticed too.
    Files.writeString(dir.resolve("inc/mail.inc"), "mail IN A 192.0.2.26\n@ IN MX 10 mail\n");
    master.reloadNow();
    Record mail = ask("mail.example.net.", Type.A).getSection(Section.ANSWER).get(0);
    assertEquals("192.0.2.26", mail.rdataToString());
  }

  @Test
  void brokenFileReportsItsLineWhileOtherZonesLoad() throws Exception {
    TestZones.write(dir, "good.test.zone", TestZones.small(1, 2));
    // Line 5 is bad: the header takes lines 1-4.
    TestZones.write(
        dir, "bad.test.zone", TestZones.header(1) + "oops IN A not-an-address\nh1 IN A 10.0.0.1\n");
    Files.writeString(dir.resolve("notes.txt"), "not a zone");
    Files.writeString(dir.resolve(".hidden.zone"), "not a zone either");
    start(Duration.ofHours(1));

    assertEquals(List.of(name("good.test.")), master.zones().stream().map(ZoneInfo::name).toList());
    List<LoadError> errors = master.loadErrors();
    assertEquals(1, errors.size());
    LoadError error = errors.get(0);
    assertEquals("bad.test.zone", error.source());
    assertEquals(5, error.line(), error.toString());
    assertTrue(error.toString().startsWith("bad.test.zone:5: "), error.toString());
    assertEquals(Rcode.REFUSED, ask("bad.test.", Type.SOA).getRcode());
  }

  @Test
  void brokenEditKeepsThePreviousVersionServed() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 2));
    start(Duration.ofHours(1));

    TestZones.overwrite(dir, "example.org.zone", TestZones.small(2, 2) + "h9 IN MX nonsense\n");
    master.reloadNow();
    assertEquals(1, master.zone(name("example.org.")).orElseThrow().serial());
    assertEquals(1, master.loadErrors().size());
    assertEquals(Rcode.NOERROR, ask("h1.example.org.", Type.A).getRcode());

    TestZones.overwrite(dir, "example.org.zone", TestZones.small(2, 3));
    master.reloadNow();
    assertEquals(2, master.zone(name("example.org.")).orElseThrow().serial());
    assertTrue(master.loadErrors().isEmpty());
    assertEquals(
        List.of("loaded example.org. 1", "failed example.org.zone", "loaded example.org. 2"),
        events);
  }

  @Test
  void sameSizeRewriteWithinOneTimestampTickIsStillNoticed() throws Exception {
    Path file = TestZones.overwrite(dir, "example.org.zone", TestZones.small(1, 2));
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(file);
    start(Duration.ofHours(1));

    // Same inode, same size, same mtime: only the content checksum can tell.
    TestZones.overwrite(dir, "example.org.zone", TestZones.small(2, 2));
    Files.setLastModifiedTime(file, mtime);
    master.reloadNow();

    assertEquals(2, master.zone(name("example.org.")).orElseThrow().serial());
  }

  @Test
  void fileWithoutSoaIsAnError() throws Exception {
    Files.writeString(dir.resolve("nosoa.test.zone"), "$TTL 60\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
    start(Duration.ofHours(1));
    assertTrue(master.zones().isEmpty());
    assertTrue(master.loadErrors().get(0).message().contains("no SOA"));
  }

  @Test
  void missingIncludeIsAnErrorThatNamesTheFile() throws Exception {
    TestZones.write(dir, "inc.test.zone", TestZones.header(1) + "$INCLUDE missing.inc\n");
    start(Duration.ofHours(1));
    LoadError error = master.loadErrors().get(0);
    assertTrue(error.message().contains("missing.inc"), error.toString());
    // Creating the included file later is noticed: its stamp is tracked even while missing.
    Files.writeString(dir.resolve("missing.inc"), "extra IN A 192.0.2.9\n");
    master.reloadNow();
    assertTrue(master.loadErrors().isEmpty());
    assertEquals(Rcode.NOERROR, ask("extra.inc.test.", Type.A).getRcode());
  }

  @Test
  void twoFilesForOneZoneIsAnError() throws Exception {
    TestZones.write(dir, "a.zone", "$ORIGIN same.test.\n" + TestZones.small(1, 1));
    TestZones.write(dir, "b.zone", "$ORIGIN same.test.\n" + TestZones.small(2, 1));
    start(Duration.ofHours(1));
    assertEquals(1, master.zone(name("same.test.")).orElseThrow().serial());
    assertTrue(master.loadErrors().get(0).message().contains("already loaded"));
  }

  @Test
  void removedFileDropsTheZoneAndNewFilesAreLoaded() throws Exception {
    Path file = TestZones.write(dir, "gone.test.zone", TestZones.small(1, 1));
    start(Duration.ofHours(1));
    assertEquals(Rcode.NOERROR, ask("gone.test.", Type.SOA).getRcode());

    Files.delete(file);
    TestZones.write(dir, "new.test.db", TestZones.small(3, 1));
    master.reloadNow();

    assertEquals(Rcode.REFUSED, ask("gone.test.", Type.SOA).getRcode());
    assertEquals(Rcode.NOERROR, ask("new.test.", Type.SOA).getRcode());
    assertTrue(events.contains("removed gone.test."));
  }

  @Test
  void pollingPicksUpChangesWithoutReloadNow() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 1));
    start(Duration.ofMillis(50));
    TestZones.overwrite(dir, "example.org.zone", TestZones.small(2, 1));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (master.zone(name("example.org.")).orElseThrow().serial() != 2
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(2, master.zone(name("example.org.")).orElseThrow().serial());
  }
}
