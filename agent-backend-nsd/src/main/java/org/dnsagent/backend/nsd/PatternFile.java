// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.HostFiles;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.TsigKeySpec;

/**
 * The file of patterns the agent owns in secondary mode, which nsd.conf includes: one pattern per
 * set of masters ({@code <prefix>-<hash of the masters>}, with {@code request-xfr} and {@code
 * allow-notify} for each master) and a {@code key:} clause for each master's TSIG key that nsd.conf
 * does not declare itself. Each clause follows a marker comment, so the file can be read back and
 * rewritten clause by clause. The file holds secrets: it is written owner and group only.
 */
final class PatternFile {
  private static final String MARKER = "# dns-agent ";
  private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private PatternFile() {}

  /** The pattern name for this set of masters (their addresses and key names, in order). */
  static String patternName(String prefix, List<MasterServer> masters) {
    StringBuilder description = new StringBuilder();
    for (MasterServer m : masters) {
      description.append(HostPort.format(m.address()));
      m.key().ifPresent(k -> description.append(" key ").append(k.name()));
      description.append('\n');
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(description.toString().getBytes(StandardCharsets.UTF_8));
      return prefix + "-" + HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /**
   * Makes sure the file holds the pattern for these masters and their keys (current secrets).
   *
   * @param keysElsewhere key names nsd.conf declares outside this file: not written again
   * @return true if the file changed (NSD must {@code reconfig})
   */
  static boolean ensure(
      HostFiles files,
      Path file,
      String pattern,
      List<MasterServer> masters,
      Set<String> keysElsewhere)
      throws BackendException {
    synchronized (LOCKS.computeIfAbsent(file, f -> new Object())) {
      String before = read(files, file).orElse("");
      Map<String, String> clauses = clauses(before);
      for (MasterServer m : masters) {
        if (m.key().isPresent() && !keysElsewhere.contains(m.key().get().name())) {
          TsigKeySpec k = m.key().get();
          clauses.put(
              "key " + k.name(),
              "key:\n  name: \""
                  + k.name()
                  + "\"\n  algorithm: "
                  + k.algorithm()
                  + "\n  secret: \""
                  + k.secret().trim()
                  + "\"\n");
        }
      }
      if (!clauses.containsKey("pattern " + pattern)) {
        StringBuilder p = new StringBuilder("pattern:\n  name: \"").append(pattern).append("\"\n");
        for (MasterServer m : masters) {
          String ip = m.address().getAddress().getHostAddress();
          String key = m.key().map(TsigKeySpec::name).orElse("NOKEY");
          p.append("  request-xfr: ")
              .append(ip)
              .append('@')
              .append(m.address().getPort())
              .append(' ')
              .append(key)
              .append('\n');
          p.append("  allow-notify: ").append(ip).append(' ').append(key).append('\n');
        }
        clauses.put("pattern " + pattern, p.toString());
      }
      String after = render(clauses);
      if (after.equals(before)) {
        return false;
      }
      files.write(file, out -> out.write(after.getBytes(StandardCharsets.UTF_8)));
      return true;
    }
  }

  static Optional<String> read(HostFiles files, Path file) throws BackendException {
    Optional<InputStream> in = files.read(file);
    if (in.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream stream = in.get()) {
      return Optional.of(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BackendException(Kind.MISCONFIGURED, "cannot read " + file + ": " + e, e);
    }
  }

  /**
   * The clauses after each marker, by the marker's text ({@code pattern NAME}, {@code key NAME}).
   */
  static Map<String, String> clauses(String text) {
    Map<String, String> clauses = new LinkedHashMap<>();
    String current = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith(MARKER)) {
        if (current != null) {
          clauses.put(current, body.toString());
        }
        current = line.substring(MARKER.length()).strip();
        body.setLength(0);
      } else if (current != null && !line.isEmpty()) {
        body.append(line).append('\n');
      }
    }
    if (current != null) {
      clauses.put(current, body.toString());
    }
    return clauses;
  }

  private static String render(Map<String, String> clauses) {
    StringBuilder out =
        new StringBuilder("# Written by dns-agent (zone_mode = secondary). Do not edit.\n");
    // Keys first: a pattern may only name a key declared before it.
    for (boolean keys : new boolean[] {true, false}) {
      for (Map.Entry<String, String> c : clauses.entrySet()) {
        if (c.getKey().startsWith("key ") == keys) {
          out.append(MARKER).append(c.getKey()).append('\n').append(c.getValue());
        }
      }
    }
    return out.toString();
  }
}
