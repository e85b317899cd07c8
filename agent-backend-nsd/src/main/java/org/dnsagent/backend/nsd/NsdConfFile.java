// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.HostFiles;

/**
 * What the start-up checks need from nsd.conf and the files it includes: the patterns (and their
 * {@code zonefile}), the zones, the keys, the {@code zonelistfile} and the included files. NSD's
 * syntax is a stream of {@code keyword:} tokens and values, quoted or not, several per line if one
 * likes, with {@code #} comments; this reads just that, it is not a validator.
 */
final class NsdConfFile {
  private static final Set<String> CLAUSES =
      Set.of("server", "pattern", "zone", "key", "remote-control", "tls-auth", "dnstap", "verify");
  private static final int MAX_INCLUDES = 64;

  final Map<String, String> patternZonefiles = new LinkedHashMap<>();
  final Set<String> patterns = new LinkedHashSet<>();
  final Set<String> zones = new LinkedHashSet<>();
  final Set<String> keys = new LinkedHashSet<>();
  final List<Path> includes = new ArrayList<>();
  Optional<String> zonelistfile = Optional.empty();

  private NsdConfFile() {}

  /** Reads {@code file} and every file it includes (no glob patterns). */
  static NsdConfFile read(HostFiles files, Path file) throws BackendException {
    NsdConfFile conf = new NsdConfFile();
    conf.readOne(files, file, true);
    return conf;
  }

  /** Parses text alone, without following includes (for tests). */
  static NsdConfFile parse(String text) {
    NsdConfFile conf = new NsdConfFile();
    conf.parseText(text);
    return conf;
  }

  private void readOne(HostFiles files, Path file, boolean top) throws BackendException {
    Optional<InputStream> in = files.read(file);
    if (in.isEmpty()) {
      if (top) {
        throw new BackendException(
            Kind.MISCONFIGURED,
            "cannot read NSD's configuration "
                + file
                + ": no such file (set nsd_conf_file to nsd.conf's path)");
      }
      return; // NSD itself would not have started with a missing include
    }
    String text;
    try (InputStream stream = in.get()) {
      text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BackendException(Kind.MISCONFIGURED, "cannot read " + file + ": " + e, e);
    }
    int before = includes.size();
    parseText(text);
    List<Path> added = new ArrayList<>(includes.subList(before, includes.size()));
    for (int i = 0; i < added.size(); i++) {
      Path include = added.get(i);
      if (!include.isAbsolute()) {
        include = file.toAbsolutePath().getParent().resolve(include).normalize();
        includes.set(before + i, include);
      }
      if (includes.size() > MAX_INCLUDES) {
        throw new BackendException(
            Kind.MISCONFIGURED, "nsd.conf includes more than " + MAX_INCLUDES + " files");
      }
      if (!include.toString().contains("*")) {
        readOne(files, include, false);
      }
    }
  }

  private void parseText(String text) {
    List<String> tokens = tokens(text);
    String clause = "";
    String pendingPatternName = null;
    String pendingZonefile = null;
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (!token.endsWith(":")) {
        continue; // a value without its keyword: skip
      }
      String keyword = token.substring(0, token.length() - 1).toLowerCase(Locale.ROOT);
      String value =
          i + 1 < tokens.size() && !isKeyword(tokens.get(i + 1)) ? tokens.get(i + 1) : null;
      if (CLAUSES.contains(keyword)) {
        flushPattern(clause, pendingPatternName, pendingZonefile);
        pendingPatternName = null;
        pendingZonefile = null;
        clause = keyword;
        continue;
      }
      if (keyword.equals("include")) {
        if (value != null) {
          includes.add(Path.of(value));
        }
        continue;
      }
      if (value == null) {
        continue;
      }
      switch (clause) {
        case "server" -> {
          if (keyword.equals("zonelistfile")) {
            zonelistfile = Optional.of(value);
          }
        }
        case "pattern" -> {
          if (keyword.equals("name")) {
            pendingPatternName = value;
          } else if (keyword.equals("zonefile")) {
            pendingZonefile = value;
          }
        }
        case "zone" -> {
          if (keyword.equals("name")) {
            zones.add(normalize(value));
          }
        }
        case "key" -> {
          if (keyword.equals("name")) {
            keys.add(value);
          }
        }
        default -> {
          // other clauses hold nothing the agent needs
        }
      }
    }
    flushPattern(clause, pendingPatternName, pendingZonefile);
  }

  private void flushPattern(String clause, String name, String zonefile) {
    if (clause.equals("pattern") && name != null) {
      patterns.add(name);
      if (zonefile != null) {
        patternZonefiles.put(name, zonefile);
      }
    }
  }

  private static boolean isKeyword(String token) {
    return token.endsWith(":") && token.length() > 1 && Character.isLetter(token.charAt(0));
  }

  /** Zone names as NSD compares them: lower case, no trailing dot. */
  static String normalize(String zone) {
    String z = zone.toLowerCase(Locale.ROOT);
    return z.endsWith(".") && z.length() > 1 ? z.substring(0, z.length() - 1) : z;
  }

  /** Splits at white space, keeps quoted strings whole (without the quotes), drops comments. */
  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    boolean inToken = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          quoted = false;
        } else {
          current.append(c);
        }
        continue;
      }
      if (c == '"') {
        quoted = true;
        inToken = true;
      } else if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
        if (inToken) {
          tokens.add(current.toString());
          current.setLength(0);
          inToken = false;
        }
      } else if (Character.isWhitespace(c)) {
        if (inToken) {
          tokens.add(current.toString());
          current.setLength(0);
          inToken = false;
        }
      } else {
        current.append(c);
        inToken = true;
        if (c == ':' && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)))) {
          tokens.add(current.toString());
          current.setLength(0);
          inToken = false;
        }
      }
    }
    if (inToken) {
      tokens.add(current.toString());
    }
    return tokens;
  }
}
