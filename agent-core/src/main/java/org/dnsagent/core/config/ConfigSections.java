// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;

/**
 * Every section of the merged configuration files, values as written except for {@code $name}
 * substitution, which oslo.config performs and operators rely on ({@code $state_path/zones}).
 */
public final class ConfigSections {
  public static final String DEFAULT = "DEFAULT";

  private final Map<String, Map<String, String>> sections;
  private final Map<String, Map<String, Path>> origins;
  private final List<Path> files;

  public ConfigSections(Map<String, Map<String, String>> raw) {
    this(raw, Map.of(), List.of());
  }

  /**
   * Sections read from {@code files}; {@code origins} tells which file set each option. An option
   * written with dashes, as some of Designate's spellings are ({@code allow-notify}), is read under
   * its name with underscores.
   */
  public ConfigSections(
      Map<String, Map<String, String>> raw,
      Map<String, Map<String, Path>> origins,
      List<Path> files) {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    Map<String, Map<String, Path>> from = new LinkedHashMap<>();
    raw.forEach(
        (name, options) -> {
          Map<String, String> normalized = new LinkedHashMap<>();
          Map<String, Path> where = new LinkedHashMap<>();
          options.forEach(
              (option, value) -> {
                String key = option.replace('-', '_');
                normalized.put(key, value);
                Path file = origins.getOrDefault(name, Map.of()).get(option);
                if (file != null) {
                  where.put(key, file);
                }
              });
          copy.put(name, normalized);
          from.put(name, where);
        });
    this.origins = from;
    this.files = List.copyOf(files);
    Map<String, Map<String, String>> substituted = new LinkedHashMap<>();
    copy.forEach(
        (name, options) -> {
          Map<String, String> values = new LinkedHashMap<>();
          options.forEach(
              (option, value) -> values.put(option, substitute(copy, name, option, value, 0)));
          substituted.put(name, Collections.unmodifiableMap(values));
        });
    this.sections = Collections.unmodifiableMap(substituted);
  }

  /** The files read, in order; empty when none was. */
  public List<Path> files() {
    return files;
  }

  /** The file that set {@code option} of {@code section}, when known. */
  public Optional<Path> origin(String section, String option) {
    Map<String, Path> where = origins.getOrDefault(section, Map.of());
    if (option != null && where.containsKey(option)) {
      return Optional.of(where.get(option));
    }
    if (option == null && !where.isEmpty()) {
      return Optional.of(where.values().iterator().next());
    }
    return files.size() == 1 ? Optional.of(files.get(0)) : Optional.empty();
  }

  public Set<String> sectionNames() {
    return sections.keySet();
  }

  public boolean has(String section) {
    return sections.containsKey(section);
  }

  /** The options of a section (empty if the section is absent). */
  public Map<String, String> options(String section) {
    return sections.getOrDefault(section, Map.of());
  }

  /** A typed view of one section. */
  public BackendSettings section(String section, Set<String> sensitive) {
    return new BackendSettings(section, options(section), sensitive);
  }

  public BackendSettings section(String section) {
    return section(section, Set.of());
  }

  private static String substitute(
      Map<String, Map<String, String>> all,
      String section,
      String option,
      String value,
      int depth) {
    if (value == null || value.indexOf('$') < 0) {
      return value;
    }
    if (depth > 10) {
      throw new ConfigException(section, option, value, "substitution nests too deep");
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 < value.length() && value.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (i + 1 < value.length() && value.charAt(i + 1) == '{') {
        int close = value.indexOf('}', i + 2);
        if (close < 0) {
          throw new ConfigException(section, option, value, "unclosed ${");
        }
        name = value.substring(i + 2, close);
        end = close + 1;
      } else {
        int j = i + 1;
        while (j < value.length()
            && (Character.isLetterOrDigit(value.charAt(j)) || value.charAt(j) == '_')) {
          j++;
        }
        name = value.substring(i + 1, j);
        end = j;
      }
      if (name.isEmpty()) {
        out.append('$');
        i++;
        continue;
      }
      String replacement = lookup(all, section, name);
      if (replacement == null) {
        throw new ConfigException(
            section, option, value, "refers to $" + name + ", which is not set");
      }
      out.append(substitute(all, section, name, replacement, depth + 1));
      i = end;
    }
    return out.toString();
  }

  private static String lookup(Map<String, Map<String, String>> all, String section, String name) {
    Map<String, String> own = all.getOrDefault(section, Map.of());
    if (own.containsKey(name)) {
      return own.get(name);
    }
    Map<String, String> defaults = all.getOrDefault(DEFAULT, Map.of());
    if (defaults.containsKey(name)) {
      return defaults.get(name);
    }
    if (name.equals("state_path")) {
      return AgentConfig.DEFAULT_STATE_PATH;
    }
    return null;
  }
}
