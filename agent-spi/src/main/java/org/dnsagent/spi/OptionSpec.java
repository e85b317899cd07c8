// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One configuration option, declared once: {@code check-config}, the unknown-option check, secret
 * masking, {@code docs/configuration.md} and {@code etc/dns-agent.conf.sample} all come from these.
 *
 * @param name the option's name as written in the file, for example {@code rndc_timeout}
 * @param type how its value is read
 * @param defaultValue the default as written in the file; empty when there is none
 * @param required the option must be set
 * @param secret the value (or the file it names) is a secret: never printed
 * @param choices for {@link Type#CHOICE}: the accepted values; empty otherwise
 * @param description one line for operators: what it does, in plain words
 */
public record OptionSpec(
    String name,
    Type type,
    Optional<String> defaultValue,
    boolean required,
    boolean secret,
    List<String> choices,
    String description) {

  /** How a value is read. */
  public enum Type {
    STRING,
    INTEGER,
    BOOLEAN,
    /** Seconds, fractions allowed ({@code 2.5}). */
    DURATION,
    PATH,
    /** {@code host:port}, {@code [v6]:port}, or a host alone. */
    HOST_PORT,
    /** Comma-separated list. */
    LIST,
    /** One of {@link OptionSpec#choices()}. */
    CHOICE
  }

  public OptionSpec {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(defaultValue, "defaultValue is null");
    choices = List.copyOf(choices);
    requireNonNull(description, "description is null");
    if (type == Type.CHOICE && choices.isEmpty()) {
      throw new IllegalArgumentException(name + ": a CHOICE option needs its choices");
    }
  }

  /** An optional option with a default ({@code null} for none). */
  public static OptionSpec of(String name, Type type, String defaultValue, String description) {
    return new OptionSpec(
        name, type, Optional.ofNullable(defaultValue), false, false, List.of(), description);
  }

  /** A required option. */
  public static OptionSpec required(String name, Type type, String description) {
    return new OptionSpec(name, type, Optional.empty(), true, false, List.of(), description);
  }

  /** One of fixed values, the first being the default. */
  public static OptionSpec choice(String name, List<String> choices, String description) {
    return new OptionSpec(
        name, Type.CHOICE, Optional.of(choices.get(0)), false, false, choices, description);
  }

  /** This option, marked secret. */
  public OptionSpec asSecret() {
    return new OptionSpec(name, type, defaultValue, required, true, choices, description);
  }
}
