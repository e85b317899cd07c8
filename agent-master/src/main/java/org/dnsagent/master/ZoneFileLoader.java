// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/** Parses zone files with dnsjava's {@link Master}, so all master-file directives work. */
final class ZoneFileLoader {
  private static final Logger log = LoggerFactory.getLogger(ZoneFileLoader.class);
  private static final List<String> SUFFIXES = List.of(".zone", ".db");
  // dnsjava's Tokenizer reports errors as "<file name>:<line>: <message>".
  private static final Pattern POSITION = Pattern.compile("^(.+?):(\\d+): (.*)$", Pattern.DOTALL);
  private static final int MAX_INCLUDE_DEPTH = 8;

  /** Whether {@code file}'s name makes it a zone file: not hidden, ends in .zone or .db. */
  static boolean isZoneFileName(Path file) {
    String name = file.getFileName().toString();
    if (name.startsWith(".")) {
      return false;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    return SUFFIXES.stream().anyMatch(s -> lower.endsWith(s) && lower.length() > s.length());
  }

  /** The initial {@code $ORIGIN}: the file name without its suffix, as an absolute name. */
  static Name defaultOrigin(Path file) throws TextParseException {
    String name = file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    for (String suffix : SUFFIXES) {
      if (lower.endsWith(suffix)) {
        return Name.fromString(name.substring(0, name.length() - suffix.length()), Name.root);
      }
    }
    return Name.fromString(name, Name.root);
  }

  /** Parses {@code file}; the zone is whatever its SOA's owner is. */
  ParsedZone load(Path file) throws ZoneLoadException {
    String fileName = file.getFileName().toString();
    SOARecord soa = null;
    // Duplicates (same name, type, class and data) are dropped, as name servers do.
    Set<RecordKey> seen = new HashSet<>();
    List<Record> records = new ArrayList<>();
    try (Master master = new Master(file.toAbsolutePath().toString(), defaultOrigin(file), -1)) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        if (r.getDClass() != DClass.IN) {
          throw error(file, fileName, 0, "class " + DClass.string(r.getDClass()) + " in " + r);
        }
        if (r instanceof SOARecord) {
          if (soa != null) {
            throw error(file, fileName, 0, "more than one SOA record: " + r);
          }
          soa = (SOARecord) r;
        } else if (seen.add(RecordKey.withoutTtl(r))) {
          records.add(r);
        }
      }
    } catch (TextParseException e) {
      throw parseError(file, fileName, e);
    } catch (IOException e) {
      // Unreadable zone or $INCLUDE file; the message names the file.
      throw new ZoneLoadException(
          new LoadError(file, fileName, 0, "cannot read " + e.getMessage()), e);
    } catch (RuntimeException e) {
      // Thrown by some record constructors on out-of-range values.
      throw new ZoneLoadException(new LoadError(file, fileName, 0, e.toString()), e);
    }
    if (soa == null) {
      throw error(file, fileName, 0, "no SOA record");
    }
    return new ParsedZone(file, soa.getName(), soa, inZone(file, soa.getName(), records));
  }

  private static List<Record> inZone(Path file, Name origin, List<Record> records) {
    List<Record> kept = new ArrayList<>(records.size());
    int dropped = 0;
    for (Record r : records) {
      if (r.getName().subdomain(origin)) {
        kept.add(r);
      } else {
        dropped++;
      }
    }
    if (dropped > 0) {
      log.warn("{}: ignored {} records outside zone {}", file, dropped, origin);
    }
    return kept;
  }

  private static ZoneLoadException parseError(Path file, String fileName, TextParseException e) {
    Matcher m = POSITION.matcher(String.valueOf(e.getMessage()));
    if (m.matches()) {
      return error(file, m.group(1), Integer.parseInt(m.group(2)), m.group(3));
    }
    return new ZoneLoadException(new LoadError(file, fileName, 0, e.getMessage()), e);
  }

  private static ZoneLoadException error(Path file, String source, int line, String message) {
    return new ZoneLoadException(new LoadError(file, source, line, message), null);
  }

  /**
   * The files {@code file} pulls in with {@code $INCLUDE}, recursively, so that changes to them
   * trigger a reload too. A cheap line scan: it only looks at lines that start with a directive.
   */
  List<Path> includedFiles(Path file) {
    Set<Path> found = new LinkedHashSet<>();
    collectIncludes(file, found, 0);
    return List.copyOf(found);
  }

  private void collectIncludes(Path file, Set<Path> found, int depth) {
    if (depth >= MAX_INCLUDE_DEPTH) {
      return;
    }
    List<Path> direct = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.regionMatches(true, 0, "$INCLUDE", 0, 8)) {
          String[] words = line.trim().split("\\s+");
          if (words.length >= 2) {
            String target = words[1].replace("\"", "");
            Path parent = file.toAbsolutePath().getParent();
            direct.add(parent == null ? Path.of(target) : parent.resolve(target).normalize());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return; // the parser reports unreadable files properly
    }
    for (Path p : direct) {
      if (found.add(p)) {
        collectIncludes(p, found, depth + 1);
      }
    }
  }
}
