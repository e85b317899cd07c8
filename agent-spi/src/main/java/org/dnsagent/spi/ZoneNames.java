// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Rules for zone names that reach a server's configuration, a command line or a file path.
 *
 * <p>DNS names may hold any byte. The agent only provisions zones whose labels are letters, digits,
 * hyphens and underscores ({@link #problem}), and every backend derives file names with {@link
 * #fileName}, which cannot escape a directory even for names that slipped through.
 */
public final class ZoneNames {
  /** File names longer than this are shortened with a hash; well below NAME_MAX (255). */
  private static final int MAX_FILE_NAME = 180;

  private ZoneNames() {}

  /** Why the name is not acceptable as a zone to provision, or empty if it is. */
  public static Optional<String> problem(Name zone) {
    if (zone == null) {
      return Optional.of("no zone name");
    }
    if (!zone.isAbsolute()) {
      return Optional.of("zone name is not absolute");
    }
    if (zone.labels() <= 1) {
      return Optional.of("the root zone is not provisioned through the agent");
    }
    for (int i = 0; i < zone.labels() - 1; i++) {
      byte[] label = zone.getLabel(i);
      int length = label[0] & 0xFF;
      if (length == 0) {
        return Optional.of("empty label");
      }
      for (int j = 1; j <= length; j++) {
        int c = label[j] & 0xFF;
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_';
        if (!ok) {
          return Optional.of(
              String.format(
                  "label %d holds byte 0x%02x; only letters, digits, '-' and '_' are allowed",
                  i + 1, c));
        }
      }
    }
    return Optional.empty();
  }

  /** True if {@link #problem} finds nothing. */
  public static boolean isAcceptable(Name zone) {
    return problem(zone).isEmpty();
  }

  /**
   * A file name (no directory part) for the zone, unique per zone ignoring case, made only of
   * {@code [a-z0-9.%~-]} and {@code _} and never starting with a dot. Bytes outside {@code
   * [a-z0-9-]} are written {@code %xx}; the root zone is {@code _root}. Long names are cut and
   * completed with a SHA-256 of the full name, so the result stays short.
   *
   * @param suffix appended as is, for example {@code .zone}; must itself be safe
   */
  public static String fileName(Name zone, String suffix) {
    Name canonical = zone.canonicalize();
    StringBuilder sb = new StringBuilder();
    int labels = canonical.labels() - (canonical.isAbsolute() ? 1 : 0);
    for (int i = 0; i < labels; i++) {
      if (i > 0) {
        sb.append('.');
      }
      byte[] label = canonical.getLabel(i);
      int length = label[0] & 0xFF;
      for (int j = 1; j <= length; j++) {
        int c = label[j] & 0xFF;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
          sb.append((char) c);
        } else {
          sb.append('%').append(String.format("%02x", c));
        }
      }
    }
    if (sb.length() == 0) {
      sb.append("_root");
    }
    if (sb.length() > MAX_FILE_NAME) {
      String hash = sha256(canonical.toString());
      sb.setLength(MAX_FILE_NAME - 65);
      sb.append('~').append(hash);
    }
    return sb + suffix;
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
