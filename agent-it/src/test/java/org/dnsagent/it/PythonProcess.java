// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnsagent.testing.RequiredBinaries;

/**
 * A Python program from {@code src/test/resources/designate/} run with Debian's {@code
 * /usr/bin/python3} (which sees Debian's Designate and dnspython), stdout read line by line, stderr
 * kept in a file for failure messages. Stopped, with anything it spawned, by process handle.
 */
final class PythonProcess implements AutoCloseable {
  /** Where Debian's python3-designate lives; its absence skips (laptop) or fails (CI) a test. */
  static final Path DESIGNATE = Path.of("/usr/lib/python3/dist-packages/designate");

  private static final Pattern FIELD =
      Pattern.compile("\"(\\w+)\":\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|true|false|null|-?\\d+)");

  private final Process process;
  private final Path stderr;
  private final PrintWriter stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private PythonProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readStdout, "python-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Skips (laptop) or fails (CI) unless python3 and Designate's code are installed. */
  static Path requirePythonAndDesignate() {
    Path python = RequiredBinaries.require("python3", "python3");
    RequiredBinaries.requireFile(DESIGNATE.resolve("backend/agent.py"), "python3-designate");
    return python;
  }

  /**
   * Starts {@code script} (a file of {@code resources/designate/}).
   *
   * @param environment extra environment variables
   */
  static PythonProcess start(
      String script, List<String> args, Map<String, String> environment, Path workDir)
      throws IOException {
    Path python = requirePythonAndDesignate();
    List<String> command = new ArrayList<>(List.of(python.toString(), resource(script).toString()));
    command.addAll(args);
    Path stderr = Files.createTempFile(workDir, script, ".stderr");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
    pb.directory(workDir.toFile());
    pb.environment().putAll(environment);
    return new PythonProcess(pb.start(), stderr);
  }

  private static Path resource(String script) {
    try {
      return Path.of(PythonProcess.class.getResource("/designate/" + script).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void readStdout() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** The next line of output; fails the test with the process's stderr if none comes in time. */
  String readLine(Duration timeout) throws InterruptedException {
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError(
          "no output within " + timeout + " (alive: " + process.isAlive() + ")\n" + stderrTail());
    }
    return line;
  }

  /** Sends one JSON command and returns the fields of the one-line JSON reply. */
  Map<String, String> call(String json, Duration timeout) throws InterruptedException {
    stdin.println(json);
    return fields(readLine(timeout));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** The last lines of stderr, for failure messages. */
  String stderrTail() {
    try {
      List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(stderr unreadable: " + e.getMessage() + ")";
    }
  }

  /** The top-level fields of a flat JSON object, strings unquoted. */
  static Map<String, String> fields(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(json);
    while (m.find()) {
      out.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
    }
    return out;
  }

  @Override
  public void close() {
    stdin.close();
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle child : children) {
      child.destroyForcibly();
    }
  }
}
