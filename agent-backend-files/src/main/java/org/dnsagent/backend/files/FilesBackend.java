// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.HostFiles;
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
 * zone name can leave the directory; the served serial is read back from the file. The directory
 * and {@code reload_command} are on the context's host: this one, or the server's over SSH.
 *
 * <p>A zone file is ours when its first line is the header this backend writes ({@code ; zone NAME
 * serial N, written by dns-agent}); a file placed in the directory by hand is never overwritten nor
 * deleted (REJECTED) and is reported as unmanaged.
 */
final class FilesBackend implements IncrementalUpdates, ZoneInventory {
  private static final Logger log = LoggerFactory.getLogger(FilesBackend.class);
  static final String SUFFIX = ".zone";
  private static final String PROBE = ".dns-agent-probe";
  private static final int MAX_HEADER = 1024;

  private final FilesConfig config;
  private final HostAccess host;
  private final HostFiles files;

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
    Path dir = config.zoneFilePath();
    if (!files.isDirectory(dir)) {
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

  /** A zone file opened for reading, its first line already read. */
  private record Opened(String firstLine, InputStream rest) {
    Optional<Matcher> header() {
      Matcher m = HEADER.matcher(firstLine);
      return m.matches() ? Optional.of(m) : Optional.empty();
    }
  }

  /** Opens {@code file} and reads its first line; empty if the file is absent. */
  private Optional<Opened> open(Path file) throws BackendException {
    Optional<InputStream> in = files.read(file);
    if (in.isEmpty()) {
      return Optional.empty();
    }
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.get().read(); b >= 0 && b != '\n'; b = in.get().read()) {
        if (line.size() < MAX_HEADER) {
          line.write(b);
        }
      }
      return Optional.of(new Opened(line.toString(StandardCharsets.UTF_8), in.get()));
    } catch (IOException e) {
      closeQuietly(in.get());
      throw new BackendException(
          BackendException.Kind.UNAVAILABLE, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      log.debug("closing: {}", e.toString());
    }
  }

  /**
   * Refuses to touch a file that exists but was not written by this backend.
   *
   * @return whether the file exists
   */
  private boolean requireOursOrAbsent(Path file, Name zone, String action) throws BackendException {
    Optional<Opened> opened = open(file);
    if (opened.isEmpty()) {
      return false;
    }
    closeQuietly(opened.get().rest());
    if (opened.get().header().isEmpty()) {
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
    return true;
  }

  @Override
  public Optional<SOARecord> findSoa(Name zone) throws BackendException {
    Path file = fileFor(zone);
    Optional<Opened> opened = open(file);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    if (opened.get().header().isEmpty()) {
      closeQuietly(opened.get().rest());
      return Optional.empty(); // placed by hand: not ours
    }
    try {
      return Optional.of(ZoneFiles.readSoa(opened.get().rest(), zone, file.toString()));
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
    if (!config.reloadCommand().isEmpty()) {
      reloadCommandFor(zone.name()); // refuses a name the command would read as an option
    }
    boolean existed = requireOursOrAbsent(file, zone.name(), "overwriting");
    replaceAndReload(zone.name(), file, existed, ZoneFiles.masterFile(zone));
  }

  /**
   * Replaces the zone file, then runs the reload command. If the server does not take the new file,
   * the previous one is put back (or, for a new zone, the file is removed), so that the server
   * never restarts on a file it refused, and the operation fails. Without a reload command nothing
   * can refuse the file, and no copy is kept.
   */
  private void replaceAndReload(Name zone, Path file, boolean existed, HostFiles.Content content)
      throws BackendException {
    Path previous = file.resolveSibling("." + file.getFileName() + ".tmp-prev");
    boolean kept = false;
    if (existed && !config.reloadCommand().isEmpty()) {
      Optional<InputStream> old = files.read(file);
      if (old.isPresent()) {
        try (InputStream in = old.get()) {
          files.write(previous, out -> in.transferTo(out));
          kept = true;
        } catch (IOException e) {
          throw new BackendException(
              BackendException.Kind.UNAVAILABLE, "cannot keep " + file + ": " + e.getMessage(), e);
        }
      }
    }
    try {
      files.write(file, content);
      try {
        reload(zone);
      } catch (BackendException e) {
        String undo = "the new zone file was removed";
        try {
          if (kept) {
            Optional<InputStream> back = files.read(previous);
            if (back.isPresent()) {
              try (InputStream in = back.get()) {
                files.write(file, out -> in.transferTo(out));
              }
            }
            undo = "the previous zone file was put back";
          } else {
            files.delete(file);
          }
        } catch (IOException | BackendException io) {
          undo = "and the previous zone file could not be put back: " + io.getMessage();
        }
        throw new BackendException(e.kind(), e.getMessage() + "; " + undo, e);
      }
    } finally {
      if (kept) {
        removeQuietly(previous);
      }
    }
  }

  private void removeQuietly(Path file) {
    try {
      files.delete(file);
    } catch (BackendException e) {
      log.warn("cannot remove {}: {}", file, e.getMessage());
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
    replaceAndReload(
        zone,
        file,
        true,
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
  public void deleteZone(Name zone) throws BackendException {
    Path file = fileFor(zone);
    requireOursOrAbsent(file, zone, "deleting");
    if (files.delete(file)) {
      reload(zone);
    }
  }

  /** Reads every zone file's header line: ours give name and serial, others are unmanaged. */
  @Override
  public Inventory inventory() throws BackendException {
    Map<Name, Long> served = new HashMap<>();
    Set<Name> unmanaged = new HashSet<>();
    Path dir = config.zoneFilePath();
    if (!files.isDirectory(dir)) {
      throw new BackendException(
          BackendException.Kind.UNAVAILABLE, "cannot list " + dir + ": not a directory");
    }
    for (String name : files.list(dir)) {
      if (name.startsWith(".") || !name.endsWith(SUFFIX)) {
        continue;
      }
      Path file = dir.resolve(name);
      try {
        Optional<Opened> opened = open(file);
        if (opened.isEmpty()) {
          continue; // deleted meanwhile
        }
        Optional<Matcher> header = opened.get().header();
        closeQuietly(opened.get().rest());
        if (header.isPresent()) {
          served.put(
              Name.fromString(header.get().group(1), Name.root),
              Long.parseLong(header.get().group(2)));
          continue;
        }
        // Read from the top again: a hand-written first line may be $ORIGIN or a record.
        try (RecordReader reader = openReader(file, Name.root)) {
          Record first = reader.next();
          if (first instanceof SOARecord soa) {
            unmanaged.add(soa.getName());
          }
        }
      } catch (IOException | RuntimeException e) {
        log.warn("cannot read {}: {}", file, e.getMessage());
      }
    }
    return new Inventory(served, unmanaged);
  }

  @Override
  public BackendHealth checkHealth() {
    Path dir = config.zoneFilePath();
    try {
      if (!files.isDirectory(dir)) {
        return BackendHealth.failing(dir + " is not a directory");
      }
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
    List<String> command = reloadCommandFor(zone);
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

  /**
   * The reload command for {@code zone}. A name with a leading hyphen ({@code -oops.example}) must
   * never be read as an option: appended, it follows a {@code --}; in place of {@code {zone}}, it
   * needs a {@code --} right before it in the command, and is refused otherwise (before anything is
   * written).
   */
  private List<String> reloadCommandFor(Name zone) throws BackendException {
    String name = zone.toString(true);
    boolean optionLike = name.startsWith("-");
    List<String> command = new ArrayList<>();
    boolean placed = false;
    for (String arg : config.reloadCommand()) {
      if (arg.equals("{zone}")) {
        if (optionLike && (command.isEmpty() || !command.get(command.size() - 1).equals("--"))) {
          throw new BackendException(
              BackendException.Kind.REJECTED,
              "zone "
                  + name
                  + " starts with '-' and would be read as an option: put -- right before {zone}"
                  + " in reload_command");
        }
        command.add(name);
        placed = true;
      } else {
        command.add(arg);
      }
    }
    if (!placed) {
      if (optionLike) {
        command.add("--");
      }
      command.add(name);
    }
    return command;
  }

  private static String firstLine(String text) {
    String t = text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
