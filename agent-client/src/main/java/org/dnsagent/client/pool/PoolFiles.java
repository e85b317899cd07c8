// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the files a controller already has: Designate's pools file (what {@code designate-manage
 * pool generate_file} writes: a list of pools with {@code nameservers} and {@code targets}) and a
 * TSIG keys file (a list of {@code id}, {@code name}, {@code algorithm}, {@code secret}, as {@code
 * openstack tsigkey list -f yaml} prints, or the API's {@code {"tsigkeys": [...]}}). Entries this
 * agent has no use for ({@code ns_records}, {@code also_notifies}, {@code attributes}) are ignored.
 */
public final class PoolFiles {
  private PoolFiles() {}

  /**
   * Reads every pool of a pools file.
   *
   * @throws PoolFileException naming the file and entry at fault
   */
  public static List<Pool> readPools(Path file) {
    return parsePools(read(file), file.toString());
  }

  /** The pool called {@code name} in {@code file}. */
  public static Pool readPool(Path file, String name) {
    List<Pool> pools = readPools(file);
    return pools.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new PoolFileException(
                    file
                        + ": no pool named '"
                        + name
                        + "'; pools: "
                        + pools.stream().map(Pool::name).toList()));
  }

  /** Parses pools YAML; {@code source} names it in errors. */
  public static List<Pool> parsePools(String yaml, String source) {
    YamlTree root = YamlTree.root(load(yaml, source), source);
    List<Pool> pools = new ArrayList<>();
    for (YamlTree pool : root.list()) {
      pools.add(pool(pool));
    }
    return pools;
  }

  /**
   * Reads a TSIG keys file.
   *
   * @throws PoolFileException naming the file and entry at fault (never the secret)
   */
  public static PoolKeyring readKeys(Path file) {
    return parseKeys(read(file), file.toString());
  }

  /** Parses a TSIG keys file's YAML (or JSON); {@code source} names it in errors. */
  public static PoolKeyring parseKeys(String yaml, String source) {
    YamlTree root = YamlTree.root(load(yaml, source), source);
    if (root.isMap()) {
      root = root.get("tsigkeys");
    }
    List<PoolTsigKey> keys = new ArrayList<>();
    for (YamlTree entry : root.list()) {
      String name = entry.string("name");
      try {
        keys.add(
            new PoolTsigKey(
                entry.optionalString("id").orElse(name),
                name,
                entry.optionalString("algorithm").orElse("hmac-sha256"),
                entry.string("secret")));
      } catch (IllegalArgumentException e) {
        throw entry.error(e.getMessage());
      }
    }
    try {
      return new PoolKeyring(keys);
    } catch (IllegalArgumentException e) {
      throw root.error(e.getMessage());
    }
  }

  private static Pool pool(YamlTree pool) {
    String name = pool.string("name");
    List<Pool.Nameserver> nameservers = new ArrayList<>();
    for (YamlTree ns : pool.optionalList("nameservers")) {
      nameservers.add(
          new Pool.Nameserver(
              ns.string("host"), ns.port("port", 53), ns.optionalString("tsigkey_id")));
    }
    List<Pool.Target> targets = new ArrayList<>();
    for (YamlTree target : pool.optionalList("targets")) {
      String type = target.string("type");
      if (!type.equals("agent")) {
        throw target.error(
            "type '" + type + "': only 'agent' targets can be driven by dns-agent pool-target");
      }
      YamlTree options = target.optionalMap("options");
      List<Pool.Master> masters = new ArrayList<>();
      for (YamlTree master : target.optionalList("masters")) {
        masters.add(new Pool.Master(master.string("host"), master.port("port", 5354)));
      }
      targets.add(
          new Pool.Target(
              target.optionalString("description").orElse(""),
              options.optionalString("host").orElse("127.0.0.1"),
              options.port("port", 5358),
              masters,
              target.optionalString("tsigkey_id")));
    }
    if (targets.isEmpty()) {
      throw pool.error("the pool has no targets");
    }
    // Designate's pools file has no key on nameservers: when every target of the pool uses one
    // key (one view per pool), the nameservers' SOA polls are signed with it too.
    List<Optional<String>> targetKeys =
        targets.stream().map(Pool.Target::tsigKeyId).distinct().toList();
    if (targetKeys.size() == 1 && targetKeys.get(0).isPresent()) {
      nameservers.replaceAll(
          ns ->
              ns.tsigKeyId().isPresent()
                  ? ns
                  : new Pool.Nameserver(ns.host(), ns.port(), targetKeys.get(0)));
    }
    return new Pool(name, pool.optionalString("description").orElse(""), nameservers, targets);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PoolFileException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Object load(String yaml, String source) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try {
      Object root = new Yaml(new SafeConstructor(options)).load(yaml);
      if (root == null) {
        throw new PoolFileException(source + ": the file is empty");
      }
      return root;
    } catch (YAMLException e) {
      // SnakeYAML's message quotes the offending text, which in a keys file may be a secret.
      String where =
          e instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null
              ? " at line " + (m.getProblemMark().getLine() + 1)
              : "";
      throw new PoolFileException(source + ": not valid YAML" + where);
    }
  }

  /** Navigation with error messages that say where in the file a value is wrong. */
  private record YamlTree(Object value, String path) {
    static YamlTree root(Object value, String source) {
      return new YamlTree(value, source);
    }

    boolean isMap() {
      return value instanceof Map;
    }

    List<YamlTree> list() {
      if (!(value instanceof List<?> items)) {
        throw error("expected a list");
      }
      List<YamlTree> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        out.add(new YamlTree(items.get(i), path + "[" + i + "]"));
      }
      return out;
    }

    List<YamlTree> optionalList(String key) {
      Optional<YamlTree> child = child(key);
      return child.isEmpty() ? List.of() : child.get().list();
    }

    YamlTree optionalMap(String key) {
      YamlTree child = child(key).orElse(new YamlTree(Map.of(), path + "." + key));
      if (!child.isMap()) {
        throw child.error("expected a mapping");
      }
      return child;
    }

    YamlTree get(String key) {
      return child(key).orElseThrow(() -> error("'" + key + "' is missing"));
    }

    String string(String key) {
      return optionalString(key).orElseThrow(() -> error("'" + key + "' is missing"));
    }

    Optional<String> optionalString(String key) {
      Optional<YamlTree> child = child(key);
      if (child.isEmpty()) {
        return Optional.empty();
      }
      Object v = child.get().value;
      if (v instanceof Map || v instanceof List) {
        throw child.get().error("expected a single value");
      }
      String text = String.valueOf(v).trim();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** Designate writes ports as numbers or, under {@code options}, as strings. */
    int port(String key, int defaultPort) {
      Optional<String> text = optionalString(key);
      if (text.isEmpty()) {
        return defaultPort;
      }
      try {
        int port = Integer.parseInt(text.get());
        if (port >= 1 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw error(key + " '" + text.get() + "' is not a port (1-65535)");
    }

    private Optional<YamlTree> child(String key) {
      if (!(value instanceof Map<?, ?> map)) {
        throw error("expected a mapping");
      }
      Object v = map.get(key);
      return v == null ? Optional.empty() : Optional.of(new YamlTree(v, path + "." + key));
    }

    PoolFileException error(String message) {
      return new PoolFileException(path + ": " + message);
    }
  }
}
