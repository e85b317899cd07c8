// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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

  public ConfigSections(Map<String, Map<String, String>> raw) {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    raw.forEach((name, options) -> copy.put(name, new LinkedHashMap<>(options)));
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
