// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
    OptionalLong serial = OptionalLong.of(zone.serial());
    if (addZone(name, config.pattern(), serial)) {
      return; // served: the batch waited for it
    }
    Optional<ZoneStatus> status = status(name);
    if (status.isEmpty()) {
      // Deleted between the two commands; one more add settles it.
      if (!addZone(name, config.pattern(), serial)) {
        throw new BackendException(
            Kind.UNAVAILABLE, "zone " + name + " keeps appearing and vanishing in NSD");
      }
      return;
    }
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
    awaitReloaded(name, zone, file);
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
    awaitReloaded(name, zone, file);
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
   * Waits until NSD serves the zone's serial after a reload. NSD skips a file whose mtime equals
   * the last load's (a rewrite within the kernel's coarse timestamp tick): while the serial does
   * not show, the file is written again and reloaded, every {@link #REWRITE_AFTER_MILLIS}.
   */
  private void awaitReloaded(Name name, ZoneContent zone, Path file) throws BackendException {
    long deadline = System.nanoTime() + config.timeout().toNanos();
    Map<Name, Long> wanted = Map.of(name, zone.serial());
    while (true) {
      Map<Name, BackendException> late = awaitServed(wanted, REWRITE_AFTER_MILLIS, STABLE_MILLIS);
      if (late.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new BackendException(
            Kind.UNAVAILABLE,
            "after reloading for "
                + config.timeout()
                + ": "
                + late.get(name).getMessage()
                + " ("
                + file
                + ")");
      }
      write(file, zone);
      reload(name);
    }
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
