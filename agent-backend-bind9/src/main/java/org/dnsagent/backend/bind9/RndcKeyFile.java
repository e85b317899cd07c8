// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.dnsagent.backend.bind9.BindConfigParser.Statement;

/**
 * The keys and defaults of an {@code rndc.conf} or {@code rndc.key} file: {@code key} statements,
 * {@code options { default-key; default-server; default-port; }}, {@code server} statements and
 * {@code include}s. {@link #keyFor} picks a key the way rndc does.
 */
public record RndcKeyFile(
    Path source,
    Map<String, RndcKey> keys,
    Optional<String> defaultKey,
    Optional<String> defaultServer,
    OptionalInt defaultPort,
    Map<String, Server> servers) {
  private static final int MAX_INCLUDE_DEPTH = 8;

  /** A {@code server} statement: the key and port to use for that host. */
  public record Server(Optional<String> key, OptionalInt port) {
    public Server {
      requireNonNull(key, "key is null");
      requireNonNull(port, "port is null");
    }
  }

  public RndcKeyFile {
    requireNonNull(source, "source is null");
    keys = Map.copyOf(keys);
    requireNonNull(defaultKey, "defaultKey is null");
    requireNonNull(defaultServer, "defaultServer is null");
    requireNonNull(defaultPort, "defaultPort is null");
    servers = Map.copyOf(servers);
  }

  /**
   * Reads a file and its includes.
   *
   * @throws IOException if a file cannot be read
   * @throws IllegalArgumentException naming the file and line of a syntax or content error
   */
  public static RndcKeyFile read(Path file) throws IOException {
    Builder builder = new Builder(file);
    builder.load(file, 0);
    return builder.build();
  }

  /** Parses text as if read from {@code source} (includes are resolved beside it). */
  public static RndcKeyFile parse(String text, Path source) throws IOException {
    Builder builder = new Builder(source);
    builder.add(text, source, 0);
    return builder.build();
  }

  /**
   * The key rndc would use for {@code host}: the key of its {@code server} statement, else {@code
   * default-key}, else the file's only key.
   */
  public Optional<RndcKey> keyFor(String host) {
    Optional<String> name = Optional.ofNullable(servers.get(host)).flatMap(Server::key);
    if (name.isEmpty()) {
      name = defaultKey;
    }
    if (name.isEmpty()) {
      return keys.size() == 1 ? Optional.of(keys.values().iterator().next()) : Optional.empty();
    }
    return Optional.ofNullable(keys.get(name.get()));
  }

  /** The port rndc would use for {@code host} when none is given. */
  public OptionalInt portFor(String host) {
    Server server = servers.get(host);
    if (server != null && server.port().isPresent()) {
      return server.port();
    }
    return defaultPort;
  }

  private static final class Builder {
    private final Path source;
    private final Map<String, RndcKey> keys = new LinkedHashMap<>();
    private final Map<String, Server> servers = new LinkedHashMap<>();
    private Optional<String> defaultKey = Optional.empty();
    private Optional<String> defaultServer = Optional.empty();
    private OptionalInt defaultPort = OptionalInt.empty();

    Builder(Path source) {
      this.source = source;
    }

    void load(Path file, int depth) throws IOException {
      add(Files.readString(file, StandardCharsets.UTF_8), file, depth);
    }

    void add(String text, Path file, int depth) throws IOException {
      List<Statement> statements;
      try {
        statements = BindConfigParser.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
      for (Statement s : statements) {
        try {
          apply(s, file, depth);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              file + ": line " + s.line() + ": " + e.getMessage(), e);
        }
      }
    }

    private void apply(Statement s, Path file, int depth) throws IOException {
      switch (s.keyword().toLowerCase(Locale.ROOT)) {
        case "key" -> addKey(s);
        case "options" -> {
          for (Statement o : s.block()) {
            switch (o.keyword().toLowerCase(Locale.ROOT)) {
              case "default-key" -> defaultKey = Optional.of(o.argument());
              case "default-server" -> defaultServer = Optional.of(o.argument());
              case "default-port" -> defaultPort = OptionalInt.of(port(o.argument()));
              default -> {
                // other rndc options (default-source-address...) do not concern us
              }
            }
          }
        }
        case "server" -> {
          Optional<String> key = Optional.empty();
          OptionalInt port = OptionalInt.empty();
          for (Statement o : s.block()) {
            switch (o.keyword().toLowerCase(Locale.ROOT)) {
              case "key" -> key = Optional.of(o.argument());
              case "port" -> port = OptionalInt.of(port(o.argument()));
              default -> {
                // addresses, source-address: not used
              }
            }
          }
          servers.put(s.argument(), new Server(key, port));
        }
        case "include" -> {
          if (depth >= MAX_INCLUDE_DEPTH) {
            throw new IllegalArgumentException("includes nested too deeply");
          }
          Path included = Path.of(s.argument());
          if (!included.isAbsolute() && file.toAbsolutePath().getParent() != null) {
            included = file.toAbsolutePath().getParent().resolve(included);
          }
          load(included, depth + 1);
        }
        default -> {
          // named.conf statements in a shared key file (controls, acl...) are not ours
        }
      }
    }

    private void addKey(Statement s) {
      String name = s.argument();
      if (name.isEmpty() || s.words().size() != 2) {
        throw new IllegalArgumentException("key statement needs exactly one name");
      }
      String algorithm = null;
      String secret = null;
      for (Statement o : s.block()) {
        switch (o.keyword().toLowerCase(Locale.ROOT)) {
          case "algorithm" -> algorithm = o.argument();
          case "secret" -> secret = o.argument();
          default ->
              throw new IllegalArgumentException(
                  "key '" + name + "': unknown clause '" + o.keyword() + "'");
        }
      }
      if (algorithm == null || secret == null) {
        throw new IllegalArgumentException("key '" + name + "' needs an algorithm and a secret");
      }
      String algorithmName = algorithm;
      RndcAlgorithm a =
          RndcAlgorithm.fromBindName(algorithm)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "key '" + name + "': unsupported algorithm '" + algorithmName + "'"));
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode(secret.replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("key '" + name + "': secret is not valid base64", e);
      }
      if (decoded.length == 0) {
        throw new IllegalArgumentException("key '" + name + "': secret is empty");
      }
      keys.put(name, new RndcKey(name, a, decoded));
    }

    private static int port(String text) {
      try {
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("port " + text + " out of range");
        }
        return port;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("port '" + text + "' is not a number", e);
      }
    }

    RndcKeyFile build() {
      return new RndcKeyFile(source, keys, defaultKey, defaultServer, defaultPort, servers);
    }
  }
}
