// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dnsagent.testing.RequiredBinaries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway BIND named for tests and benchmarks: its own directory, loopback ports chosen free at
 * start, a freshly generated control key, {@code allow-new-zones} on by default, and room for extra
 * options or statements (views, keys, zones). Runs {@code named -g} in the foreground, logs to
 * {@code named.log} in its directory, and only ever stops its own process.
 *
 * <pre>{@code
 * try (NamedServer named = NamedServer.builder().start()) {
 *   named.rndc("status");
 * }
 * }</pre>
 */
public final class NamedServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NamedServer.class);

  /** The name of the generated control key in {@link #keyFile()}. */
  public static final String RNDC_KEY_NAME = "rndc-key";

  private static final int START_ATTEMPTS = 3;

  private final Builder settings;
  private final Path named;
  private final Path directory;
  private final Path keyFile;
  private final Path configFile;
  private final String rndcSecret;
  private int dnsPort;
  private int rndcPort;
  private Process process;
  private Thread shutdownHook;

  private NamedServer(Builder settings, Path named, Path directory) throws IOException {
    this.settings = settings;
    this.named = named;
    this.directory = directory;
    this.keyFile = directory.resolve("rndc.key");
    this.configFile = directory.resolve("named.conf");
    this.rndcSecret = newSecret();
    Files.writeString(keyFile, keyStatement(RNDC_KEY_NAME, settings.rndcAlgorithm, rndcSecret));
    for (Map.Entry<String, String> f : settings.files.entrySet()) {
      Path target = directory.resolve(f.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, f.getValue());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A new random base64 secret of 32 bytes, fit for any HMAC key. */
  public static String newSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return Base64.getEncoder().encodeToString(secret);
  }

  /** A named.conf / rndc.key {@code key} statement. */
  public static String keyStatement(String name, String algorithm, String secret) {
    return "key \""
        + name
        + "\" {\n\talgorithm "
        + algorithm
        + ";\n\tsecret \""
        + secret
        + "\";\n};\n";
  }

  /** Options for one named; {@link #start()} launches it. */
  public static final class Builder {
    private String extraOptions = "";
    private String extraConfig = "";
    private boolean allowNewZones = true;
    private String rndcAlgorithm = "hmac-sha256";
    private Duration startTimeout = Duration.ofSeconds(15);
    private Path parentDirectory;
    private int listenPort;
    private final Map<String, String> files = new LinkedHashMap<>();

    private Builder() {}

    /**
     * A file written into the server's directory before named starts, for example a zone file that
     * {@link #config} refers to by its relative name.
     */
    public Builder file(String relativeName, String content) {
      requireNonNull(relativeName, "relativeName is null");
      if (relativeName.contains("..") || relativeName.startsWith("/")) {
        throw new IllegalArgumentException("not a plain relative name: " + relativeName);
      }
      files.put(relativeName, requireNonNull(content, "content is null"));
      return this;
    }

    /** Text added inside {@code options { }}, for example {@code "serial-query-rate 200;"}. */
    public Builder options(String text) {
      this.extraOptions = requireNonNull(text, "text is null");
      return this;
    }

    /** Statements added after {@code options}: keys, views, zones. */
    public Builder config(String text) {
      this.extraConfig = requireNonNull(text, "text is null");
      return this;
    }

    /**
     * A fixed DNS port (default: a free one), for a server that others must know before it starts
     * (a secondary that its primary notifies).
     */
    public Builder listenPort(int port) {
      this.listenPort = port;
      return this;
    }

    /** Whether {@code allow-new-zones yes;} is in the options (default true). */
    public Builder allowNewZones(boolean allow) {
      this.allowNewZones = allow;
      return this;
    }

    /** The control key's algorithm (default {@code hmac-sha256}). */
    public Builder rndcAlgorithm(String algorithm) {
      this.rndcAlgorithm = requireNonNull(algorithm, "algorithm is null");
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = requireNonNull(timeout, "timeout is null");
      return this;
    }

    /** Where the server's own temporary directory is created (default {@code java.io.tmpdir}). */
    public Builder parentDirectory(Path parent) {
      this.parentDirectory = requireNonNull(parent, "parent is null");
      return this;
    }

    /**
     * Starts named and waits until its control channel accepts connections. Skips the calling test
     * if named is not installed (fails it under {@code CI=true}).
     */
    public NamedServer start() {
      Path named = RequiredBinaries.require("named", "bind9");
      try {
        Path parent =
            parentDirectory != null
                ? parentDirectory
                : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        NamedServer server =
            new NamedServer(this, named, Files.createTempDirectory(parent, "named-"));
        try {
          server.startFresh();
          return server;
        } catch (RuntimeException e) {
          server.stop();
          throw e;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare named", e);
      }
    }
  }

  public int dnsPort() {
    return dnsPort;
  }

  public int rndcPort() {
    return rndcPort;
  }

  public InetSocketAddress dnsAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsPort);
  }

  public InetSocketAddress rndcAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), rndcPort);
  }

  /** The control key as an {@code rndc.key} file (key {@value #RNDC_KEY_NAME}). */
  public Path keyFile() {
    return keyFile;
  }

  /** The control key's base64 secret. */
  public String rndcSecret() {
    return rndcSecret;
  }

  public String rndcAlgorithm() {
    return settings.rndcAlgorithm;
  }

  /** The server's directory: named.conf, named.log, .nzd files, and any zone files put there. */
  public Path directory() {
    return directory;
  }

  public Path configFile() {
    return configFile;
  }

  public Path logFile() {
    return directory.resolve("named.log");
  }

  /** What named has logged so far. */
  public String log() {
    try {
      return Files.exists(logFile()) ? Files.readString(logFile(), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + logFile() + ": " + e + ")";
    }
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The process id of the running named. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("named is not running");
    }
    return process.pid();
  }

  /**
   * Runs {@code rndc} against this server, for checks in tests.
   *
   * @return exit code, stdout and stderr
   */
  public RndcOutput rndc(String... args) {
    Path rndc = RequiredBinaries.require("rndc", "bind9-utils");
    List<String> command = new ArrayList<>(List.of(rndc.toString(), "-s", "127.0.0.1"));
    command.addAll(List.of("-p", Integer.toString(rndcPort), "-k", keyFile.toString()));
    command.addAll(List.of(args));
    return Processes.run(command, Duration.ofSeconds(30));
  }

  /** Output of {@link #rndc}. */
  public record RndcOutput(int exitCode, String stdout, String stderr) {}

  /** Stops named (SIGTERM, then SIGKILL after 5 s). Does nothing if it is not running. */
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException ignored) {
        // the JVM is already shutting down; the hook itself stops named
      }
      shutdownHook = null;
    }
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        log.warn("named pid {} ignored SIGTERM; killing it", p.pid());
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Stops and starts named again on the same ports, directory and key (added zones persist). */
  public synchronized void restart() {
    stop();
    launch();
  }

  /** Stops named and deletes its directory. */
  @Override
  public void close() {
    stop();
    deleteRecursively(directory);
  }

  private synchronized void startFresh() {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      dnsPort = settings.listenPort != 0 ? settings.listenPort : FreePorts.tcpAndUdp();
      rndcPort = FreePorts.tcp();
      try {
        launch();
        return;
      } catch (IllegalStateException e) {
        last = e; // most likely a port taken in between; try others
        log.debug("named start attempt {} failed: {}", attempt, e.getMessage());
      }
    }
    throw last;
  }

  private void launch() {
    try {
      Files.writeString(
          configFile,
          NamedConfig.render(
              directory,
              keyFile,
              dnsPort,
              rndcPort,
              settings.allowNewZones,
              settings.extraOptions,
              settings.extraConfig));
      ProcessBuilder pb = new ProcessBuilder(named.toString(), "-g", "-c", configFile.toString());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start named", e);
    }
    Process started = process;
    shutdownHook = new Thread(started::destroyForcibly, "stop-named-" + started.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    long deadline = System.nanoTime() + settings.startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        stop();
        throw new IllegalStateException("named exited while starting:\n" + tail(log()));
      }
      if (controlChannelListens()) {
        log.debug("named pid {} ready: dns {} rndc {}", started.pid(), dnsPort, rndcPort);
        return;
      }
      sleep(20);
    }
    stop();
    throw new IllegalStateException(
        "named's control channel did not open within "
            + settings.startTimeout
            + ":\n"
            + tail(log()));
  }

  private boolean controlChannelListens() {
    try (Socket s = new Socket()) {
      s.connect(rndcAddress(), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    int from = Math.max(0, lines.length - 30);
    return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for named", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", dir, e.toString());
    }
  }
}
