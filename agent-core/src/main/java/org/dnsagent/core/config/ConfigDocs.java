// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnsagent.spi.OptionSpec;

/**
 * The option tables of {@code docs/configuration.md} and the option blocks of {@code
 * etc/dns-agent.conf.sample}, generated from the schema. Each generated block sits between {@code
 * BEGIN GENERATED name} and {@code END GENERATED name} marker lines; the text around them is
 * written by hand.
 */
public final class ConfigDocs {
  private static final Pattern BLOCK =
      Pattern.compile(
          "(?m)^(.*)BEGIN GENERATED ([a-z0-9:_-]+)(.*)\\n(?s:.*?)^(.*)END GENERATED \\2(.*)$");

  private ConfigDocs() {}

  /** The Markdown table of one section's options. */
  public static String table(List<OptionSpec> specs) {
    StringBuilder out = new StringBuilder();
    out.append("| option | type | default | meaning |\n");
    out.append("|---|---|---|---|\n");
    for (OptionSpec s : specs) {
      out.append("| `")
          .append(s.name())
          .append("` | ")
          .append(type(s))
          .append(" | ")
          .append(
              s.required()
                  ? "(required)"
                  : s.defaultValue().map(d -> "`" + d + "`").orElse("(none)"))
          .append(" | ")
          .append(s.description().replace("|", "\\|"))
          .append(s.secret() ? " (secret: never printed)" : "")
          .append(" |\n");
    }
    return out.toString();
  }

  /** The option names Designate may have in {@code [DEFAULT]}, sorted, for the docs. */
  public static String designateDefaults() {
    return String.join(
            ", ",
            new TreeSet<>(CoreOptions.DESIGNATE_DEFAULTS).stream().map(n -> "`" + n + "`").toList())
        + "\n";
  }

  /** The Designate sections the agent accepts without a warning, for the docs. */
  public static String designateSections() {
    return String.join(
            ", ",
            CoreOptions.DESIGNATE_SECTIONS.stream()
                .map(n -> n.endsWith(":") ? "`[" + n + "*]`" : "`[" + n + "]`")
                .toList())
        + "\n";
  }

  /**
   * One section of the sample file: {@code header} (the section line, or a commented one), then
   * every option commented out with its default and a comment saying what it does.
   */
  public static String sample(String header, List<OptionSpec> specs) {
    StringBuilder out = new StringBuilder();
    if (!header.isEmpty()) {
      out.append(header).append('\n');
    }
    for (OptionSpec s : specs) {
      out.append("# ").append(s.description());
      if (s.secret()) {
        out.append(" (secret)");
      }
      if (s.required()) {
        out.append(" (required)");
      }
      out.append('\n');
      out.append("# ").append(s.name()).append(" =");
      s.defaultValue().ifPresent(d -> out.append(' ').append(d));
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * {@code text} with the content of every generated block replaced by {@code blocks.get(name)}.
   *
   * @throws IllegalArgumentException if a block names something {@code blocks} lacks
   */
  public static String fill(String text, Map<String, String> blocks) {
    Matcher m = BLOCK.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2);
      String content = blocks.get(name);
      if (content == null) {
        throw new IllegalArgumentException("no generated text for block " + name);
      }
      String replacement =
          m.group(1)
              + "BEGIN GENERATED "
              + name
              + m.group(3)
              + "\n"
              + content
              + m.group(4)
              + "END GENERATED "
              + name
              + m.group(5);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The names of the generated blocks in {@code text}, in order. */
  public static List<String> blocks(String text) {
    return BLOCK.matcher(text).results().map(r -> r.group(2)).toList();
  }

  private static String type(OptionSpec s) {
    return switch (s.type()) {
      case STRING -> "string";
      case INTEGER -> "integer";
      case BOOLEAN -> "boolean";
      case DURATION -> "seconds";
      case PATH -> "path";
      case HOST_PORT -> "host:port";
      case LIST -> "list";
      case CHOICE -> String.join(" \\| ", s.choices().stream().map(c -> "`" + c + "`").toList());
    };
  }
}
