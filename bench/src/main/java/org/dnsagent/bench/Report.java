// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnsagent.core.admin.Json;

/** The figures of one run: printed as a table as they come, and written as JSON at the end. */
final class Report {
  private final Instant started = Instant.now();
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final PrintStream out;

  Report(PrintStream out) {
    this.out = out;
  }

  synchronized void add(Figure f) {
    figures.add(f);
    out.printf(
        "  %-22s %-6s %-44s %16s  %-34s %s%n",
        f.workload(),
        f.backend(),
        f.metric(),
        f.formattedValue(),
        f.reference(),
        f.verdict().label());
  }

  synchronized void error(String workload, String backend, Exception e) {
    String text = workload + " on " + backend + " failed: " + e;
    errors.add(text);
    out.println("  !! " + text);
  }

  synchronized void printTable() {
    out.println();
    out.printf(
        "%-22s %-6s %-44s %16s  %-34s %s%n",
        "workload", "backend", "figure", "value", "target / ceiling", "verdict");
    out.println("-".repeat(140));
    for (Figure f : figures) {
      out.printf(
          "%-22s %-6s %-44s %16s  %-34s %s%n",
          f.workload(),
          f.backend(),
          f.metric(),
          f.formattedValue(),
          f.reference(),
          f.verdict().label());
    }
    for (String e : errors) {
      out.println("ERROR " + e);
    }
  }

  synchronized Path write(Path directory, BenchOptions options) throws IOException {
    Files.createDirectories(directory);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
    Path file = directory.resolve(stamp + ".json");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("started", started.toString());
    json.put("finished", Instant.now().toString());
    json.put("machine", Machine.describe(options.workDirectory()));
    json.put("options", options.describe());
    json.put("figures", figures.stream().map(Figure::toJson).toList());
    json.put("errors", errors);
    Files.writeString(file, Json.write(json) + "\n");
    return file;
  }

  synchronized boolean failed() {
    return !errors.isEmpty();
  }
}
