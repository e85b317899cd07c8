// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.files;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.IncrementalUpdates;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.spi.ZoneInventory;
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
 *
 * <p>A zone file is ours when its first line is the header this backend writes ({@code ; zone NAME
 * serial N, written by dns-agent}); a file placed in the directory by hand is never overwritten nor
 * deleted (REJECTED) and is reported as unmanaged.
 */
final class FilesBackend implements IncrementalUpdates, ZoneInventory {
  private static final Logger log = LoggerFactory.getLogger(FilesBackend.class);
  static final String SUFFIX = ".zone";

  private final FilesConfig config;
  private final CommandRunner commands;

  FilesBackend(FilesConfig config, CommandRunner commands) {
    this.config = config;
    this.commands = commands;
  }

  @Override
  public void start() throws BackendException {
    Path dir = config.zoneFilePath();
    try {
      Files.createDirectories(dir);
      // Temporary files of writes a crash interrupted; the zone files themselves are intact.
      try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, ".*.tmp-*")) {
        for (Path p : stale) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new BackendException(
          BackendException.Kind.MISCONFIGURED, "cannot use zone_file_path " + dir + ": " + e, e);
    }
    if (!Files.isWritable(dir)) {
      throw new BackendException(
          BackendException.Kind.MISCONFIGURED, "zone_file_path " + dir + " is not writable");
    }
  }

  Path fileFor(Name zone) throws BackendException {
    if (!ZoneNames.isAcceptable(zone)) {
      throw new BackendException(
          BackendException.Kind.REJECTED,
          "zone name " + zone + " refused: " + ZoneNames.problem(zone).orElse(""));
    }
    Path dir = config.zoneFilePath();
    if (!dir.toFile().isDirectory()) {
      // start() created it: gone now means an unmounted volume or an operator's mistake, and a
      // zone must never be reported absent (nor the directory silently re-created) for that.
      throw new BackendException(
          BackendException.Kind.UNAVAILABLE, "zone_file_path " + dir + " is not a directory");
    }
    return ZoneFiles.pathFor(dir, zone, SUFFIX);
  }

  /**
   * The header of one of our zone files: the zone's name and serial, parsed from {@code ; zone NAME
   * serial N, written by dns-agent} (plus an optional note such as {@code (IXFR)}).
   */
  private static final Pattern HEADER =
      Pattern.compile("; zone (\\S+) serial (\\d+), written by dns-agent.*");

  /** The header of {@code file}, or empty if the file is absent or not one of ours. */
  private static Optional<Matcher> header(Path file) throws IOException {
    if (!file.toFile().exists()) {
      return Optional.empty();
    }
    String first;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      first = in.readLine();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (first == null) {
      return Optional.empty();
    }
    Matcher m = HEADER.matcher(first);
    return m.matches() ? Optional.of(m) : Optional.empty();
  }

  /** Refuses to touch a file that exists but was not written by this backend. */
  private static void requireOursOrAbsent(Path file, Name zone, String action)
      throws BackendException {
    try {
      if (file.toFile().exists() && header(file).isEmpty()) {
        throw new BackendException(
            BackendException.Kind.REJECTED,
            "zone "
                + zone
                + ": "
                + file
                + " was not written by dns-agent (no header line); not "
                + action
                + " it");
      }
    } catch (IOException e) {
      throw new BackendException(
          BackendException.Kind.UNAVAILABLE, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<SOARecord> findSoa(Name zone) throws BackendException {
    Path file = fileFor(zone);
    try {
      if (header(file).isEmpty()) {
        return Optional.empty(); // absent, or placed by hand: not ours
      }
      return ZoneFiles.readSoa(file, zone);
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
    requireOursOrAbsent(file, zone.name(), "overwriting");
    boolean existed = file.toFile().exists(); // no exception for "no such file", unlike Files
    try {
      ZoneFiles.writeAtomically(file, zone);
    } catch (IOException e) {
      throw new BackendException(
          BackendException.Kind.UNAVAILABLE, "cannot write " + file + ": " + e.getMessage(), e);
    }
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

  private static void removeQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot remove {}: {}", file, e.toString());
    }
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
    try {
      ZoneFiles.writeAtomically(
          file,
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
            try (RecordReader old = ZoneFiles.openReader(file, zone)) {
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
          });
    } catch (IOException e) {
      throw new BackendException(
          BackendException.Kind.UNAVAILABLE, "cannot update " + file + ": " + e.getMessage(), e);
    }
    reload(zone);
  }

  @Override
  public void deleteZone(Name zone) throws BackendException {
    Path file = fileFor(zone);
    requireOursOrAbsent(file, zone, "deleting");
    try {
      if (Files.deleteIfExists(file)) {
        ZoneFiles.syncDirectory(file.getParent());
        reload(zone);
      }
    } catch (IOException e) {
      throw new BackendException(
          BackendException.Kind.UNAVAILABLE, "cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads every zone file's header line: ours give name and serial, others are unmanaged. */
  @Override
  public Inventory inventory() throws BackendException {
    Map<Name, Long> served = new HashMap<>();
    Set<Name> unmanaged = new HashSet<>();
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(config.zoneFilePath(), "*" + SUFFIX)) {
      for (Path file : files) {
        if (file.getFileName().toString().startsWith(".")) {
          continue;
        }
        try {
          Optional<Matcher> header = header(file);
          if (header.isPresent()) {
            served.put(
                Name.fromString(header.get().group(1), Name.root),
                Long.parseLong(header.get().group(2)));
            continue;
          }
          try (RecordReader reader = ZoneFiles.openReader(file, Name.root)) {
            Record first = reader.next();
            if (first instanceof SOARecord soa) {
              unmanaged.add(soa.getName());
            }
          }
        } catch (IOException | RuntimeException e) {
          log.warn("cannot read {}: {}", file, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new BackendException(
          BackendException.Kind.UNAVAILABLE, "cannot list " + config.zoneFilePath(), e);
    }
    return new Inventory(served, unmanaged);
  }

  @Override
  public BackendHealth checkHealth() {
    Path dir = config.zoneFilePath();
    return Files.isDirectory(dir) && Files.isWritable(dir)
        ? BackendHealth.ok(dir.toString())
        : BackendHealth.failing(dir + " is not a writable directory");
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
    CommandResult result = commands.run(command, config.reloadTimeout());
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
