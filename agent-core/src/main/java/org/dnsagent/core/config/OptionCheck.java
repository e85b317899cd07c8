// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.OptionSpec;

/**
 * Checks a section against its {@link OptionSpec}s (unknown options, missing required ones, values
 * of the wrong type) and renders typed effective values for {@code check-config}.
 */
public final class OptionCheck {
  /** What a secret looks like when printed. */
  public static final String MASK = "****";

  private OptionCheck() {}

  /**
   * Adds one error per problem of {@code section} to {@code errors}.
   *
   * @param accepted further option names accepted and ignored (Designate's own)
   */
  public static void check(
      BackendSettings section,
      List<OptionSpec> specs,
      Set<String> accepted,
      List<ConfigException> errors) {
    for (var entry : section.asMap().entrySet()) {
      String option = entry.getKey();
      Optional<OptionSpec> spec = find(specs, option);
      if (spec.isEmpty()) {
        if (!accepted.contains(option)) {
          errors.add(unknown(section.section(), option, specs));
        }
        continue;
      }
      try {
        value(section, spec.get());
      } catch (ConfigException e) {
        errors.add(e);
      }
    }
    for (OptionSpec spec : specs) {
      if (spec.required() && section.get(spec.name()).isEmpty()) {
        errors.add(
            new ConfigException(
                section.section(), spec.name(), "is required (" + spec.description() + ")"));
      }
    }
  }

  /** The error for an option nothing reads, with the closest known name. */
  static ConfigException unknown(String section, String option, List<OptionSpec> specs) {
    String hint = closest(option, specs).map(n -> "; did you mean " + n + "?").orElse("");
    return new ConfigException(
        section,
        option,
        "unknown option"
            + hint
            + " (nothing reads it; a misspelt option could leave a safety"
            + " setting off)");
  }

  /** The known name closest to {@code option}, if one is close enough to be a likely typo. */
  public static Optional<String> closest(String option, List<OptionSpec> specs) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = option.toLowerCase(Locale.ROOT);
    for (OptionSpec spec : specs) {
      int d = distance(lower, spec.name());
      if (d < bestDistance) {
        best = spec.name();
        bestDistance = d;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    int allowed = Math.max(1, Math.min(3, option.length() / 3));
    boolean prefix = option.length() >= 4 && (best.startsWith(lower) || lower.startsWith(best));
    return bestDistance <= allowed || prefix ? Optional.of(best) : Optional.empty();
  }

  /**
   * The value as the agent reads it (durations in seconds, lists comma-joined), {@link #MASK} for a
   * secret, the default when unset, empty when unset without a default.
   *
   * @throws ConfigException if the value does not fit the option's type
   */
  public static Optional<String> value(BackendSettings section, OptionSpec spec) {
    Optional<String> raw = section.get(spec.name());
    if (raw.isEmpty()) {
      raw = spec.defaultValue().filter(d -> !d.contains("$"));
      if (raw.isEmpty()) {
        return spec.defaultValue();
      }
      section = new BackendSettings(section.section(), java.util.Map.of(spec.name(), raw.get()));
    }
    String typed = typed(section, spec, raw.get());
    return Optional.of(spec.secret() ? MASK : typed);
  }

  private static String typed(BackendSettings section, OptionSpec spec, String raw) {
    String name = spec.name();
    return switch (spec.type()) {
      case INTEGER -> Long.toString(section.getLong(name, 0, Long.MIN_VALUE, Long.MAX_VALUE));
      case BOOLEAN -> Boolean.toString(section.getBoolean(name, false));
      case DURATION -> seconds(section.getDuration(name, Duration.ZERO));
      case LIST -> String.join(", ", section.getList(name));
      case HOST_PORT -> {
        try {
          yield HostPort.format(HostPort.parse(raw, 53));
        } catch (IllegalArgumentException e) {
          throw section.invalid(name, raw, e.getMessage());
        }
      }
      case CHOICE -> {
        String lower = raw.trim().toLowerCase(Locale.ROOT);
        if (!spec.choices().contains(lower)) {
          throw section.invalid(name, raw, "must be one of " + String.join(", ", spec.choices()));
        }
        yield lower;
      }
      case STRING, PATH -> raw.trim();
    };
  }

  /** A duration as seconds, without Java's {@code PT} notation: {@code 10}, {@code 0.5}. */
  public static String seconds(Duration d) {
    BigDecimal s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    s = s.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }

  private static Optional<OptionSpec> find(List<OptionSpec> specs, String option) {
    return specs.stream().filter(s -> s.name().equals(option)).findFirst();
  }

  /** Edit distance counting a swap of neighbours as one edit ({@code viwe} is one from view). */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
