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
    if (hadFile || ours.contains(name)) {
      // Most likely there already: check before the file is replaced (see updateZone).
      Optional<ZoneStatus> existing = status(name);
      if (existing.isPresent()) {
        rejectUnlessOurs(name, existing.get(), "not overwriting it");
        updateZone(zone);
        return;
      }
    }
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
    // Asked every time, before the file is touched: a zone not ours is never rewritten, and an NSD
    // that does not answer leaves the file as it was (NSD would load it when it comes back).
    Optional<ZoneStatus> status = status(name);
    if (status.isEmpty()) {
      log.info("zone {} was missing from NSD on update; adding it again", name);
      createZone(zone);
      return;
    }
    rejectUnlessOurs(name, status.get(), "not updating it");
    ours.add(name);
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
  void afterDelete(Name zone) throws BackendException {
    Path file;
    try {
      file = fileFor(zone);
    } catch (BackendException e) {
      return; // a name this mode cannot hold has no file
    }
    host.files().delete(file);
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

  /** Longest file name Linux (and most file systems) allow. */
  private static final int NAME_MAX = 255;

  /**
   * The zone's file, as NSD's {@code %s} names it: the zone in lower case without the final dot,
   * plus {@code .zone}. That is {@link ZoneFiles#pathFor} for most names; NSD leaves no choice for
   * the others (an underscore, which {@code pathFor} would escape): the name is used as is, which
   * is safe because {@link #checkName} allows only letters, digits, {@code -} and {@code _} in
   * labels, so it holds no {@code /} and is never {@code .} or {@code ..}, and the result is
   * checked to be a direct child of {@code zone_file_path}. A name too long for a file name (over
   * 250 characters) is refused.
   */
  Path fileFor(Name zone) throws BackendException {
    String fileName = nsdName(zone) + ".zone";
    if (fileName.length() > NAME_MAX) {
      throw new BackendException(
          Kind.REJECTED,
          "zone "
              + zone
              + ": NSD names a zone's file after the zone (zonefile: %s), and this name is too"
              + " long for a file name ("
              + fileName.length()
              + " > "
              + NAME_MAX
              + " characters); use zone_mode = secondary for it");
    }
    Path safe = ZoneFiles.pathFor(config.zoneFilePath(), zone, ".zone");
    if (safe.getFileName().toString().equals(fileName)) {
      return safe;
    }
    Path dir = config.zoneFilePath().toAbsolutePath().normalize();
    Path file = dir.resolve(fileName).normalize();
    if (!dir.equals(file.getParent()) || fileName.startsWith(".")) {
      throw new BackendException(
          Kind.REJECTED, "zone " + zone + ": its file would not be a plain file in " + dir);
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
