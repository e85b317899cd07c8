// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnsagent.testing.TestZones;
import org.xbill.DNS.Name;

/** One workload on one backend: where it works, what it was asked, where its figures go. */
final class Run {
  private final BenchOptions options;
  private final Report report;
  private final String workload;
  private final String backend;
  private final Path directory;

  Run(BenchOptions options, Report report, String workload, String backend, Path directory) {
    this.options = options;
    this.report = report;
    this.workload = workload;
    this.backend = backend;
    this.directory = directory;
  }

  BenchOptions options() {
    return options;
  }

  String backend() {
    return backend;
  }

  Path directory() {
    return directory;
  }

  /** Starts the agent on {@code target}, its state in {@code state} under this run's directory. */
  AgentProcess startAgent(String name, InetSocketAddress master, Target target, String options)
      throws IOException, InterruptedException {
    return AgentProcess.start(
        this.options,
        directory.resolve(name),
        directory.resolve(name).resolve("state"),
        master,
        target,
        options);
  }

  /** An agent whose configuration ends with {@code sections}. */
  AgentProcess startAgent(
      String name, InetSocketAddress master, Target target, String options, String sections)
      throws IOException, InterruptedException {
    return AgentProcess.start(
        this.options,
        directory.resolve(name),
        directory.resolve(name).resolve("state"),
        master,
        target,
        options,
        sections);
  }

  /** A figure without target. */
  void info(String metric, double value, String unit) {
    report.add(Figure.info(workload, backend, metric, value, unit));
  }

  /** A figure compared with a ceiling measured in this run. */
  void ceiling(String metric, double value, String unit, String ceiling) {
    report.add(
        new Figure(workload, backend, metric, value, unit, ceiling, Figure.Verdict.INFO, ""));
  }

  /** A figure with a target of the issue. */
  void target(String metric, double value, String unit, String target, boolean met) {
    report.add(
        new Figure(workload, backend, metric, value, unit, target, Figure.Verdict.of(met), ""));
  }

  void log(String format, Object... args) {
    System.out.printf("  [%s/%s] %s%n", workload, backend, String.format(format, args));
  }

  /** {@code count} zone names from a pattern such as {@code "b%06d.bulk.test."}. */
  static List<Name> names(String pattern, int count) {
    List<Name> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(TestZones.name(String.format(pattern, i)));
    }
    return names;
  }
}
