// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one configuration section, as strings, with typed accessors whose errors name the
 * section and the option. Values are already merged across config files and have {@code
 * $state_path} substituted.
 */
public final class BackendSettings {
  private final String section;
  private final Map<String, String> values;
  private final Set<String> sensitive;

  public BackendSettings(String section, Map<String, String> values, Set<String> sensitive) {
    this.section = requireNonNull(section, "section is null");
    this.values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.sensitive = Set.copyOf(sensitive);
  }

  public BackendSettings(String section, Map<String, String> values) {
    this(section, values, Set.of());
  }

  /** The section name, for example {@code backend:agent:bind9}. */
  public String section() {
    return section;
  }

  /** Every option in the section, in file order. */
  public Map<String, String> asMap() {
    return values;
  }

  public Optional<String> get(String option) {
    String value = values.get(option);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.trim());
  }

  public String get(String option, String defaultValue) {
    return get(option).orElse(defaultValue);
  }

  public String require(String option) {
    return get(option).orElseThrow(() -> new ConfigException(section, option, "is required"));
  }

  public int getInt(String option, int defaultValue, int min, int max) {
    Optional<String> raw = get(option);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    int value;
    try {
      value = Integer.parseInt(raw.get());
    } catch (NumberFormatException e) {
      throw invalid(option, raw.get(), "not an integer");
    }
    if (value < min || value > max) {
      throw invalid(option, raw.get(), "must be between " + min + " and " + max);
    }
    return value;
  }

  public long getLong(String option, long defaultValue, long min, long max) {
    Optional<String> raw = get(option);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    long value;
    try {
      value = Long.parseLong(raw.get());
    } catch (NumberFormatException e) {
      throw invalid(option, raw.get(), "not an integer");
    }
    if (value < min || value > max) {
      throw invalid(option, raw.get(), "must be between " + min + " and " + max);
    }
    return value;
  }

  public boolean getBoolean(String option, boolean defaultValue) {
    Optional<String> raw = get(option);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on", "1":
        return true;
      case "false", "no", "off", "0":
        return false;
      default:
        throw invalid(option, raw.get(), "not a boolean (true/false)");
    }
  }

  /**
   * A duration written as oslo.config does, in seconds ({@code 0.5}, {@code 30}), or with a unit
   * ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}).
   */
  public Duration getDuration(String option, Duration defaultValue) {
    Optional<String> raw = get(option);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      Duration value = parseDuration(raw.get());
      if (value.isNegative()) {
        throw invalid(option, raw.get(), "must not be negative");
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw invalid(option, raw.get(), "not a duration (seconds, or with ms/s/m/h)");
    }
  }

  /** A comma-separated list; empty items are dropped. */
  public List<String> getList(String option) {
    Optional<String> raw = get(option);
    List<String> items = new ArrayList<>();
    if (raw.isEmpty()) {
      return items;
    }
    for (String item : raw.get().split(",")) {
      String trimmed = item.trim();
      if (!trimmed.isEmpty()) {
        items.add(trimmed);
      }
    }
    return items;
  }

  public Optional<Path> getPath(String option) {
    return get(option).map(Path::of);
  }

  /** A {@code host:port} (or {@code [v6]:port}, or bare host with the default port). */
  public InetSocketAddress getHostPort(String option, String defaultHost, int defaultPort) {
    String raw = get(option).orElse(null);
    if (raw == null) {
      return new InetSocketAddress(defaultHost, defaultPort);
    }
    try {
      return HostPort.parse(raw, defaultPort);
    } catch (IllegalArgumentException e) {
      throw invalid(option, raw, e.getMessage());
    }
  }

  /** A {@link ConfigException} for this section, masking the value of a secret option. */
  public ConfigException invalid(String option, String value, String reason) {
    return new ConfigException(
        section, option, sensitive.contains(option) ? "****" : value, reason);
  }

  static Duration parseDuration(String text) {
    String s = text.trim().toLowerCase(java.util.Locale.ROOT);
    double factorMillis = 1000;
    if (s.endsWith("ms")) {
      factorMillis = 1;
      s = s.substring(0, s.length() - 2);
    } else if (s.endsWith("s")) {
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("m")) {
      factorMillis = 60_000;
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("h")) {
      factorMillis = 3_600_000;
      s = s.substring(0, s.length() - 1);
    }
    double number = Double.parseDouble(s.trim());
    if (Double.isNaN(number) || Double.isInfinite(number)) {
      throw new IllegalArgumentException(text);
    }
    return Duration.ofNanos(Math.round(number * factorMillis * 1_000_000d));
  }
}
