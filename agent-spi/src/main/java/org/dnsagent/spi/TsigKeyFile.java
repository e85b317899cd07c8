// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a TSIG key file in either of the two forms operators have at hand: the bare base64 secret
 * ({@code openssl rand -base64 32 > key}), or a BIND {@code key "name" { algorithm ...; secret
 * "..."; };} block ({@code tsig-keygen name > key}). Errors say which form was expected and never
 * show the secret.
 */
public final class TsigKeyFile {
  /** What a key file held: the secret, and the key's name and algorithm when it was a block. */
  public record Contents(Optional<String> name, Optional<String> algorithm, String secret) {
    @Override
    public String toString() {
      return "Contents[name=" + name + ", algorithm=" + algorithm + ", secret=****]";
    }
  }

  /** Explains both accepted forms; appended to every format error. */
  public static final String FORMATS =
      "expected the bare base64 secret, or a BIND key block as tsig-keygen writes it"
          + " (key \"name\" { algorithm hmac-sha256; secret \"BASE64\"; };)";

  private static final Pattern KEY =
      Pattern.compile("key\\s+(\"[^\"]*\"|[^\\s{]+)\\s*\\{(.*?)\\}\\s*;", Pattern.DOTALL);
  private static final Pattern CLAUSE =
      Pattern.compile("([A-Za-z-]+)\\s+(\"[^\"]*\"|[^\\s;]+)\\s*;", Pattern.DOTALL);
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]+");

  private TsigKeyFile() {}

  /**
   * Reads {@code file}.
   *
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if it is in neither form, or holds several keys
   */
  public static Contents read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses the text of a key file. */
  public static Contents parse(String text) {
    if (!text.contains("{")) {
      // A bare secret: only '#' starts a comment here, because "//" may be part of the base64.
      String bare = text.replaceAll("#[^\n]*", "").trim();
      if (bare.isEmpty()) {
        throw new IllegalArgumentException("the file is empty; " + FORMATS);
      }
      if (BASE64.matcher(bare).matches()) {
        String secret = bare.replaceAll("\\s", "");
        checkBase64(secret);
        return new Contents(Optional.empty(), Optional.empty(), secret);
      }
    }
    String clean = stripComments(text).trim();
    if (clean.isEmpty()) {
      throw new IllegalArgumentException("the file is empty; " + FORMATS);
    }
    Matcher m = KEY.matcher(clean);
    List<Contents> keys = new ArrayList<>();
    while (m.find()) {
      String name = unquote(m.group(1));
      String algorithm = null;
      String secret = null;
      Matcher c = CLAUSE.matcher(m.group(2));
      while (c.find()) {
        switch (c.group(1).toLowerCase(java.util.Locale.ROOT)) {
          case "algorithm" -> algorithm = unquote(c.group(2));
          case "secret" -> secret = unquote(c.group(2)).replaceAll("\\s", "");
          default -> {
            // nothing else belongs in a key block; named would reject it, we ignore it
          }
        }
      }
      if (algorithm == null || secret == null) {
        throw new IllegalArgumentException(
            "key \"" + name + "\" needs an algorithm and a secret; " + FORMATS);
      }
      checkBase64(secret);
      keys.add(new Contents(Optional.of(name), Optional.of(algorithm), secret));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("neither a base64 secret nor a key block; " + FORMATS);
    }
    if (keys.size() > 1) {
      throw new IllegalArgumentException(
          "holds " + keys.size() + " keys; put one key in each file");
    }
    return keys.get(0);
  }

  private static void checkBase64(String secret) {
    try {
      TsigKeySpec.decodeSecret(secret);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + "; " + FORMATS);
    }
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }

  private static String stripComments(String text) {
    String noBlock = text.replaceAll("(?s)/\\*.*?\\*/", " ");
    StringBuilder out = new StringBuilder();
    for (String line : noBlock.split("\n", -1)) {
      out.append(stripLineComment(line)).append('\n');
    }
    return out.toString();
  }

  private static String stripLineComment(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (!quoted && (ch == '#' || (ch == '/' && line.startsWith("//", i)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }
}
