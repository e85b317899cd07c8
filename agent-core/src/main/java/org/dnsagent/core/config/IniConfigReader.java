// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.configuration2.INIConfiguration;
import org.apache.commons.configuration2.SubnodeConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.dnsagent.spi.ConfigException;

/**
 * Reads designate.conf-style INI files with Commons Configuration. Files are read in order and a
 * later file's value for an option replaces an earlier one, as {@code --config-file} does in
 * oslo.config.
 */
public final class IniConfigReader {
  private IniConfigReader() {}

  public static ConfigSections read(List<Path> files) {
    Map<String, Map<String, String>> merged = new LinkedHashMap<>();
    Map<String, Map<String, Path>> origins = new LinkedHashMap<>();
    for (Path file : files) {
      readInto(file, merged, origins);
    }
    return new ConfigSections(merged, origins, files);
  }

  private static void readInto(
      Path file, Map<String, Map<String, String>> merged, Map<String, Map<String, Path>> origins) {
    INIConfiguration ini =
        INIConfiguration.builder().setSectionInLineCommentsAllowed(false).build();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      ini.read(reader);
    } catch (IOException | ConfigurationException e) {
      throw new ConfigException(
          "command line", "--config-file", file.toString(), "cannot read: " + Causes.reason(e));
    }
    for (String section : ini.getSections()) {
      String name = section == null ? ConfigSections.DEFAULT : section;
      SubnodeConfiguration options = ini.getSection(section);
      Map<String, String> target = merged.computeIfAbsent(name, k -> new LinkedHashMap<>());
      for (Iterator<String> keys = options.getKeys(); keys.hasNext(); ) {
        String key = keys.next();
        Object value = options.getProperty(key);
        // A repeated option: the last one wins, as for oslo.config's single-valued options.
        Object last =
            value instanceof List<?> list && !list.isEmpty() ? list.get(list.size() - 1) : value;
        String text = String.valueOf(last == null ? "" : last);
        target.put(key.replace("..", "."), text);
        origins.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(key.replace("..", "."), file);
      }
    }
  }
}
