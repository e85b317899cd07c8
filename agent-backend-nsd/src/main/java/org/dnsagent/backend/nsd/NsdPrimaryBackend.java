// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;

/**
 * {@code zone_mode = primary}: the agent transfers each zone, writes it to {@code
 * <zone_file_path>/<zone>.zone} on NSD's host, and adds it with the configured pattern, whose
 * {@code zonefile} points there; updates rewrite the file and {@code reload} the zone. Every call
 * returns once NSD serves the new serial.
 */
final class NsdPrimaryBackend extends NsdBackend implements ContentBackend {
  private static final Logger log = LoggerFactory.getLogger(NsdPrimaryBackend.class);

  /** NSD skips a file whose mtime equals the last load's; rewrite after this long unserved. */
  private static final long REWRITE_AFTER_MILLIS = 250;

  /** How long the new serial must be answered alone before it counts as served. */
  private static final long STABLE_MILLIS = 100;

  NsdPrimaryBackend(NsdConfig config, ControlTransport control, HostAccess host) {
    super(config, control, host);
  }

  @Override
  boolean isOurPattern(String pattern) {
    return pattern.equals(config.pattern());
  }

  @Override
  void checkConfiguration(NsdConfFile conf) throws BackendException {
    String expected = config.expectedZonefile();
    String wanted =
        "pattern:\n  name: \"" + config.pattern() + "\"\n  zonefile: \"" + expected + "\"";
    if (!conf.patterns.contains(config.pattern())) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          "NSD has no pattern '"
              + config.pattern()
              + "' (option pattern); add to "
              + config.nsdConfFile()
              + ": "
              + wanted.replace("\n", " ")
              + ", then run nsd-control reconfig");
    }
    String zonefile = conf.patternZonefiles.get(config.pattern());
    if (zonefile == null || !zonefile.equals(expected)) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          "NSD's pattern '"
              + config.pattern()
              + "' has zonefile "
              + (zonefile == null ? "unset" : "\"" + zonefile + "\"")
              + " but the agent writes zone files to "
              + config.zoneFilePath()
              + "; set zonefile: \""
              + expected
              + "\" in that pattern (or change zone_file_path), then run nsd-control reconfig");
    }
    host.files().createDirectories(config.zoneFilePath());
  }

  @Override
  public void createZone(ZoneContent zone) throws BackendException {
    Name name = zone.name();
    checkName(name);
    Path file = fileFor(name);
    boolean hadFile = host.files().exists(file);
    write(file, zone);
    if (!addZone(name, config.pattern())) {
      Optional<ZoneStatus> status = status(name);
      if (status.isEmpty()) {
        // Deleted between the two commands; one more add settles it.
        if (!addZone(name, config.pattern())) {
          throw new BackendException(
              Kind.UNAVAILABLE, "zone " + name + " keeps appearing and vanishing in NSD");
        }
      } else {
        try {
          rejectUnlessOurs(name, status.get(), "not overwriting it");
        } catch (BackendException e) {
          if (!hadFile) {
            host.files().delete(file);
          }
          throw e;
        }
        ours.add(name);
        reload(name);
      }
    }
    awaitServed(name, zone, file);
  }

  @Override
  public void updateZone(ZoneContent zone) throws BackendException {
    Name name = zone.name();
    checkName(name);
    Path file = fileFor(name);
    if (!ours.contains(name)) {
      Optional<ZoneStatus> status = status(name);
      if (status.isEmpty()) {
        log.info("zone {} was missing from NSD on update; adding it again", name);
        createZone(zone);
        return;
      }
      rejectUnlessOurs(name, status.get(), "not updating it");
      ours.add(name);
    }
    write(file, zone);
    ControlReply reload = control.command("reload", nsdName(name));
    if (reload.isError() && reload.mentions("not configured")) {
      ours.remove(name);
      log.info("zone {} was missing from NSD on update; adding it again", name);
      createZone(zone);
      return;
    }
    if (!reload.isOk()) {
      throw new BackendException(Kind.REJECTED, "reload " + name + ": " + reload.describe());
    }
    awaitServed(name, zone, file);
  }

  @Override
  public void createSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    throw new BackendException(
        Kind.INTERNAL, "zone_mode = primary: NSD does not transfer zones itself here");
  }

  @Override
  public void refreshSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    throw new BackendException(
        Kind.INTERNAL, "zone_mode = primary: NSD does not transfer zones itself here");
  }

  @Override
  void afterDelete(Name zone) throws BackendException {
    host.files().delete(fileFor(zone));
  }

  private void reload(Name name) throws BackendException {
    ControlReply reload = control.command("reload", nsdName(name));
    if (!reload.isOk()) {
      throw new BackendException(Kind.REJECTED, "reload " + name + ": " + reload.describe());
    }
  }

  /**
   * Waits until NSD serves the zone's serial. NSD loads a zone after answering addzone or reload,
   * and skips a file whose mtime equals the last load's (a rewrite within the kernel's coarse
   * timestamp tick): when the serial does not show, the file is written again and reloaded.
   *
   * <p>NSD reloads by starting new server processes and only then telling the old ones to quit, so
   * for a moment the old data still answers some queries: the new serial counts as served once
   * every probe over {@link #STABLE_MILLIS} has seen it.
   */
  private void awaitServed(Name name, ZoneContent zone, Path file) throws BackendException {
    long start = System.nanoTime();
    long deadline = start + config.timeout().toNanos();
    long rewriteAt = start + REWRITE_AFTER_MILLIS * 1_000_000;
    long pause = 1;
    long servedSince = -1;
    Optional<SOARecord> soa = Optional.empty();
    while (System.nanoTime() < deadline) {
      soa = soaProbe.find(name);
      long now = System.nanoTime();
      if (soa.isPresent() && Serial.compare(soa.get().getSerial(), zone.serial()) >= 0) {
        if (servedSince < 0) {
          servedSince = now;
        } else if (now - servedSince >= STABLE_MILLIS * 1_000_000) {
          return;
        }
        sleep(STABLE_MILLIS / 5, name);
        continue;
      }
      servedSince = -1;
      if (now > rewriteAt) {
        write(file, zone);
        reload(name);
        rewriteAt = System.nanoTime() + 4 * REWRITE_AFTER_MILLIS * 1_000_000;
      }
      sleep(pause, name);
      pause = Math.min(50, pause * 2);
    }
    throw new BackendException(
        Kind.UNAVAILABLE,
        "NSD did not serve serial "
            + zone.serial()
            + " of "
            + name
            + " within "
            + config.timeout()
            + " (serves "
            + soa.map(s -> Long.toString(s.getSerial())).orElse("nothing")
            + "); see NSD's log for why it did not load "
            + file);
  }

  /**
   * The zone's file, as NSD's {@code %s} names it: the zone in lower case without the final dot.
   * Names whose file name would need escaping (an underscore, a very long name) are refused.
   */
  Path fileFor(Name zone) throws BackendException {
    Path file = ZoneFiles.pathFor(config.zoneFilePath(), zone, ".zone");
    if (!file.getFileName().toString().equals(nsdName(zone) + ".zone")) {
      throw new BackendException(
          Kind.REJECTED,
          "zone "
              + zone
              + ": NSD names its zone file after the zone (%s), and this name cannot be a safe"
              + " file name as is (underscores and names over 180 characters are not supported"
              + " in primary mode)");
    }
    return file;
  }

  private void write(Path file, ZoneContent zone) throws BackendException {
    host.files()
        .write(
            file,
            stream -> {
              Writer out =
                  new BufferedWriter(
                      new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
              out.write(
                  "; zone "
                      + zone.name()
                      + " serial "
                      + zone.serial()
                      + ", written by dns-agent\n");
              out.write("$ORIGIN " + zone.name() + "\n");
              try (RecordReader records = zone.openRecords()) {
                for (Record r = records.next(); r != null; r = records.next()) {
                  out.write(r.toString());
                  out.write('\n');
                }
              }
              out.flush();
            });
  }
}
