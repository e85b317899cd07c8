// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent as a child JVM ({@code dns-agent run --config-file ...}, the real launcher's main class
 * and this test's class path), so that a test can kill it with SIGKILL and start it again. Only
 * ever signals its own process.
 */
final class AgentProcess implements AutoCloseable {
  private static final String READY = "dns-agent ready on";

  private final Process process;

  private AgentProcess(Process process) {
    this.process = process;
  }

  /** Starts the agent and waits until it answers; its output goes to {@code log}. */
  static AgentProcess start(Path config, Path log) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    long before = Files.exists(log) ? Files.size(log) : 0;
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath,
                "org.dnsagent.cli.Main",
                "run",
                "--config-file",
                config.toString()));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    AgentProcess agent = new AgentProcess(pb.start());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!readySince(log, before)) {
      if (!agent.process.isAlive() || System.nanoTime() > deadline) {
        agent.kill();
        throw new IllegalStateException("the agent did not start:\n" + tail(log));
      }
      Thread.sleep(20);
    }
    return agent;
  }

  private static boolean readySince(Path log, long offset) throws IOException {
    if (!Files.exists(log)) {
      return false;
    }
    byte[] all = Files.readAllBytes(log);
    return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8)
        .contains(READY);
  }

  static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no output)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no flush, nothing. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then SIGKILL if it does not stop in time. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
