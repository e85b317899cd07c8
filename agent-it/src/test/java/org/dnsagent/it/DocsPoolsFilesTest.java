// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dnsagent.client.pool.Pool;
import org.dnsagent.client.pool.PoolFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pools file the docs show loads with Designate's own code, as {@code designate-manage pool
 * update} loads it (issue 18 item 7), and with {@code pool-target}'s reader.
 */
class DocsPoolsFilesTest {
  private static final Pattern YAML_BLOCK = Pattern.compile("(?ms)^```yaml\\n(.*?)^```");

  @TempDir Path dir;

  @Test
  void everyPoolsFileInTheDocsLoadsWithDesignatesLoader() throws Exception {
    PythonProcess.requirePythonAndDesignate();
    List<Path> files = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    for (Path doc : docs()) {
      Matcher m = YAML_BLOCK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
      while (m.find()) {
        String block = m.group(1);
        if (!block.contains("targets:") || !block.contains("nameservers:")) {
          continue; // a keys file, or another YAML (a Prometheus scrape config)
        }
        Path file = dir.resolve("pools-" + files.size() + ".yaml");
        Files.writeString(file, block);
        files.add(file);
        origins.add(doc.getFileName() + " block " + files.size());
      }
    }
    assertTrue(files.size() >= 2, "the docs' pools files: " + origins);
    List<String> args = files.stream().map(Path::toString).toList();
    try (PythonProcess designate = PythonProcess.start("load_pools.py", args, Map.of(), dir)) {
      for (int i = 0; i < files.size(); i++) {
        Map<String, String> r = PythonProcess.fields(designate.readLine(Duration.ofSeconds(120)));
        assertEquals(
            "true", r.get("ok"), origins.get(i) + ": " + r + "\n" + designate.stderrTail());
      }
    }
    for (int i = 0; i < files.size(); i++) {
      List<Pool> pools = PoolFiles.readPools(files.get(i));
      assertFalse(pools.isEmpty(), origins.get(i));
      for (Pool pool : pools) {
        for (Pool.Nameserver ns : pool.nameservers()) {
          assertTrue(ns.tsigKeyId().isPresent(), origins.get(i) + ": polls of " + ns + " signed");
        }
      }
    }
  }

  /** The repository's markdown files: docs/, the README and the modules' READMEs. */
  private static List<Path> docs() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> all = new ArrayList<>();
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(all::add);
    }
    all.add(root.resolve("README.md"));
    try (Stream<Path> modules = Files.list(root)) {
      modules
          .map(m -> m.resolve("README.md"))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(all::add);
    }
    return all;
  }
}
