// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.HostFiles;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.spi.ZoneNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * Keeps each zone as an RFC 1035 master file in one directory, for servers that load zone files (or
 * for no server at all). Files are written atomically and named by {@link ZoneNames#fileName} so no
 * zone name can leave the directory; the served serial is read back from the file.
 */
final class FilesBackend implements Backend {
  private static final Logger log = LoggerFactory.getLogger(FilesBackend.class);
  static final String SUFFIX = ".zone";

  private static final String PROBE = ".dns-agent-probe";

  private final FilesConfig config;
  private final HostAccess host;
  private final HostFiles files;

  /** Zone files and the reload command on {@code host}: this one, or the server's over SSH. */
  FilesBackend(FilesConfig config, HostAccess host) {
    this.config = config;
    this.host = host;
    this.files = host.files();
  }

  @Override
  public void start() throws BackendException {
    Path dir = config.zoneFilePath();
    try {
      files.createDirectories(dir);
      // Temporary files of writes a crash interrupted; the zone files themselves are intact.
      for (String name : files.list(dir)) {
        if (name.startsWith(".") && name.contains(".tmp-")) {
          files.delete(dir.resolve(name));
        }
      }
      probe(dir);
    } catch (BackendException e) {
      throw new BackendException(
          BackendException.Kind.MISCONFIGURED,
          "cannot use zone_file_path " + dir + " on " + host.description() + ": " + e.getMessage(),
          e);
    }
  }

  /** Writes and deletes a file in the directory: it exists and is writable. */
  private void probe(Path dir) throws BackendException {
    Path probe = dir.resolve(PROBE);
    files.write(probe, out -> {});
    files.delete(probe);
  }

  Path fileFor(Name zone) throws BackendException {
    if (!ZoneNames.isAcceptable(zone)) {
      throw new BackendException(
          BackendException.Kind.REJECTED,
          "zone name " + zone + " refused: " + ZoneNames.problem(zone).orElse(""));
    }
    return ZoneFiles.pathFor(config.zoneFilePath(), zone, SUFFIX);
  }

  @Override
  public Optional<SOARecord> findSoa(Name zone) throws BackendException {
    Path file = fileFor(zone);
    Optional<InputStream> in = files.read(file);
    if (in.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneFiles.readSoa(in.get(), zone, file.toString()));
    } catch (IOException e) {
      throw new BackendException(
          BackendException.Kind.INTERNAL, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void createZone(ZoneContent zone) throws BackendException {
    write(zone);
  }

  @Override
  public void updateZone(ZoneContent zone) throws BackendException {
    write(zone);
  }

  private void write(ZoneContent zone) throws BackendException {
    Path file = fileFor(zone.name());
    boolean existed = files.exists(file);
    files.write(file, ZoneFiles.masterFile(zone));
    try {
      reload(zone.name());
    } catch (BackendException e) {
      if (!existed) {
        // Not loaded by the server: take the new zone back so that a retry adds it again.
        removeQuietly(file);
      }
      throw e;
    }
  }

  private void removeQuietly(Path file) {
    try {
      files.delete(file);
    } catch (BackendException e) {
      log.warn("cannot remove {}: {}", file, e.getMessage());
    }
  }

  @Override
  public boolean supportsIncrementalUpdates() {
    return true;
  }

  /** Streams the old file into a new one, dropping deletions and adding additions. */
  @Override
  public void applyChanges(ZoneChanges changes) throws BackendException {
    Name zone = changes.name();
    Path file = fileFor(zone);
    Optional<SOARecord> current = findSoa(zone);
    if (current.isEmpty() || current.get().getSerial() != changes.fromSerial()) {
      throw new BackendException(
          BackendException.Kind.REJECTED,
          zone
              + " is at serial "
              + current.map(SOARecord::getSerial).orElse(null)
              + ", the changes start from "
              + changes.fromSerial());
    }
    Set<Record> dropped = new HashSet<>(changes.deletions());
    dropped.addAll(changes.additions());
    files.write(
        file,
        ZoneFiles.text(
            out -> {
              out.write(
                  "; zone "
                      + zone
                      + " serial "
                      + changes.toSerial()
                      + ", written by dns-agent (IXFR)\n");
              out.write("$ORIGIN " + zone + "\n");
              out.write(changes.toSoa().toString());
              out.write('\n');
              try (RecordReader old = openReader(file, zone)) {
                for (Record r = old.next(); r != null; r = old.next()) {
                  boolean apexSoa = r instanceof SOARecord && r.getName().equals(zone);
                  if (!apexSoa && !dropped.contains(r)) {
                    out.write(r.toString());
                    out.write('\n');
                  }
                }
              }
              for (Record r : changes.additions()) {
                out.write(r.toString());
                out.write('\n');
              }
            }));
    reload(zone);
  }

  @Override
  public void deleteZone(Name zone) throws BackendException {
    if (files.delete(fileFor(zone))) {
      reload(zone);
    }
  }

  @Override
  public Optional<Set<Name>> listZones() throws BackendException {
    Set<Name> zones = new HashSet<>();
    for (String name : files.list(config.zoneFilePath())) {
      if (name.startsWith(".") || !name.endsWith(SUFFIX)) {
        continue;
      }
      Path file = config.zoneFilePath().resolve(name);
      try (RecordReader reader = openReader(file, Name.root)) {
        Record first = reader.next();
        if (first instanceof SOARecord soa) {
          zones.add(soa.getName());
        }
      } catch (IOException e) {
        log.warn("cannot read {}: {}", file, e.getMessage());
      }
    }
    return Optional.of(zones);
  }

  /** The records of a zone file; an absent file reads as empty. */
  private RecordReader openReader(Path file, Name origin) throws IOException {
    Optional<InputStream> in;
    try {
      in = files.read(file);
    } catch (BackendException e) {
      throw new IOException(e.getMessage(), e);
    }
    return in.isPresent() ? ZoneFiles.openReader(in.get(), origin) : RecordReader.of(List.of());
  }

  @Override
  public BackendHealth checkHealth() {
    Path dir = config.zoneFilePath();
    try {
      probe(dir);
      return BackendHealth.ok(dir + " on " + host.description());
    } catch (BackendException e) {
      return BackendHealth.failing(dir + " is not a writable directory: " + e.getMessage());
    }
  }

  private void reload(Name zone) throws BackendException {
    if (config.reloadCommand().isEmpty()) {
      return;
    }
    String name = zone.toString(true);
    List<String> command = new ArrayList<>();
    boolean placed = false;
    for (String arg : config.reloadCommand()) {
      if (arg.equals("{zone}")) {
        command.add(name);
        placed = true;
      } else {
        command.add(arg);
      }
    }
    if (!placed) {
      command.add(name);
    }
    CommandResult result = host.commands().run(command, config.reloadTimeout());
    if (!result.succeeded()) {
      throw new BackendException(
          BackendException.Kind.UNAVAILABLE,
          "reload_command exited "
              + result.exitCode()
              + ": "
              + firstLine(result.stderr() + result.stdout()));
    }
  }

  private static String firstLine(String text) {
    String t = text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
