// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the figures were measured on: CPU, memory, disk, kernel, JDK, named. */
final class Machine {
  private Machine() {}

  static Map<String, Object> describe(Path workDirectory) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("cpu_model", procField("/proc/cpuinfo", "model name").orElse("unknown"));
    m.put("memory", procField("/proc/meminfo", "MemTotal").orElse("unknown"));
    m.put("kernel", read("/proc/sys/kernel/osrelease").orElse("unknown"));
    m.put(
        "jdk",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")");
    m.put("disk", disk(workDirectory));
    m.put("named", namedVersion());
    return m;
  }

  /** One line for the console. */
  static String summary(Path workDirectory) {
    Map<String, Object> m = describe(workDirectory);
    return m.get("cpus")
        + " cpus ("
        + m.get("cpu_model")
        + "), "
        + m.get("memory")
        + ", disk "
        + m.get("disk")
        + ", kernel "
        + m.get("kernel")
        + ", "
        + m.get("jdk")
        + ", "
        + m.get("named");
  }

  private static String disk(Path dir) {
    try {
      Files.createDirectories(dir);
      FileStore store = Files.getFileStore(dir);
      return store.name() + " " + store.type();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String namedVersion() {
    Path named = Path.of("/usr/sbin/named");
    if (!Files.isExecutable(named)) {
      return "named not installed";
    }
    return Commands.run(List.of(named.toString(), "-v"), Duration.ofSeconds(10)).stdout().strip();
  }

  private static Optional<String> procField(String file, String field) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(field)) {
          return Optional.of(line.substring(line.indexOf(':') + 1).strip());
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<String> read(String file) {
    try {
      return Optional.of(Files.readString(Path.of(file)).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
