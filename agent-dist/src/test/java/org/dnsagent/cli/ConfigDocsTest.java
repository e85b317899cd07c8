// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.CatalogConfigLoader;
import org.dnsagent.core.config.ConfigDocs;
import org.dnsagent.core.config.CoreOptions;
import org.dnsagent.spi.BackendFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} and {@code etc/dns-agent.conf.sample} stay in step with the option
 * schema: their generated blocks must equal what the schema generates now.
 */
class ConfigDocsTest {
  static final String REGENERATE =
      "regenerate with: mvn -B -ntp -pl agent-dist -am test -Dtest=ConfigDocsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.regenerate=true";

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static Map<String, String> blocks() {
    Map<String, String> blocks = new LinkedHashMap<>();
    blocks.put("default", ConfigDocs.table(CoreOptions.DEFAULTS));
    blocks.put("service-agent", ConfigDocs.table(CoreOptions.AGENT));
    blocks.put("tsigkey", ConfigDocs.table(CoreOptions.TSIG_KEY));
    blocks.put("target", ConfigDocs.table(CoreOptions.TARGET));
    blocks.put("catalog", ConfigDocs.table(CatalogConfigLoader.OPTIONS));
    blocks.put("designate-defaults", ConfigDocs.designateDefaults());
    blocks.put("designate-sections", ConfigDocs.designateSections());
    blocks.put("sample-default", ConfigDocs.sample("", CoreOptions.DEFAULTS));
    blocks.put("sample-service-agent", ConfigDocs.sample("", CoreOptions.AGENT));
    blocks.put("sample-tsigkey", ConfigDocs.sample("# [tsigkey:controller]", CoreOptions.TSIG_KEY));
    blocks.put("sample-target", ConfigDocs.sample("# [target:NAME]", CoreOptions.TARGET));
    for (BackendFactory f : BackendRegistry.discover().all()) {
      blocks.put("backend-" + f.name(), ConfigDocs.table(f.options()));
      blocks.put("sample-backend-" + f.name(), ConfigDocs.sample("", f.options()));
    }
    return blocks;
  }

  @Test
  void configurationDocsComeFromTheSchema() throws IOException {
    check(ROOT.resolve("docs/configuration.md"), List.of("service-agent", "backend-bind9"));
  }

  @Test
  void theSampleComesFromTheSchema() throws IOException {
    check(
        ROOT.resolve("etc/dns-agent.conf.sample"),
        List.of("sample-service-agent", "sample-backend-files"));
  }

  @Test
  void theSampleLoadsWithoutErrorsOrWarnings() {
    var loaded =
        new org.dnsagent.core.config.AgentConfigLoader(BackendRegistry.discover())
            .load(
                org.dnsagent.core.config.IniConfigReader.read(
                    List.of(ROOT.resolve("etc/dns-agent.conf.sample"))));
    assertEquals(List.of(), loaded.warnings());
    // The sample is the .deb's conffile: it works as is on loopback (a master on this host).
    assertEquals(1, loaded.config().masters().size());
    assertTrue(loaded.config().masters().get(0).address().getAddress().isLoopbackAddress());
    assertTrue(loaded.config().listen().get(0).getAddress().isLoopbackAddress());
  }

  private static void check(Path file, List<String> mustHave) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String generated = ConfigDocs.fill(text, blocks());
    if (Boolean.getBoolean("docs.regenerate")) {
      Files.writeString(file, generated, StandardCharsets.UTF_8);
      text = generated;
    }
    for (String block : mustHave) {
      assertTrue(ConfigDocs.blocks(text).contains(block), file + " lacks generated block " + block);
    }
    assertEquals(generated, text, file + " is out of step with the option schema; " + REGENERATE);
  }
}
