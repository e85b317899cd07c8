// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * A throwaway Knot DNS {@code knotd} for tests and benchmarks: its own directory, a loopback port
 * chosen free at start, a control socket in that directory, and (by default) a configuration
 * database imported from the generated {@code knot.conf}, so that zones added at run time survive
 * {@link #restart()}. Runs knotd in the foreground, logs to {@code knotd.log} in its directory, and
 * only ever stops its own process.
 *
 * <pre>{@code
 * try (KnotServer knot = KnotServer.builder().start()) {
 *   knot.knotc("status");
 * }
 * }</pre>
 */
public final class KnotServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KnotServer.class);

  private static final int START_ATTEMPTS = 3;

  private final Builder settings;
  private final Path knotd;
  private final Path knotc;
  private final Path directory;
  private int dnsPort;
  private Process process;
  private Thread shutdownHook;

  private KnotServer(Builder settings, Path knotd, Path knotc, Path directory) throws IOException {
    this.settings = settings;
    this.knotd = knotd;
    this.knotc = knotc;
    this.directory = directory;
    Files.createDirectories(directory.resolve("db"));
    Files.createDirectories(zonesDirectory());
    for (Map.Entry<String, String> f : settings.files.entrySet()) {
      Path target = directory.resolve(f.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, f.getValue());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for one knotd; {@link #start()} launches it. */
  public static final class Builder {
    private String extraConfig = "";
    private boolean confdb = true;
    private Duration startTimeout = Duration.ofSeconds(15);
    private final Map<String, String> files = new LinkedHashMap<>();

    private Builder() {}

    /** A file written into the server's directory before knotd starts (a zone file, say). */
    public Builder file(String relativeName, String content) {
      requireNonNull(relativeName, "relativeName is null");
      if (relativeName.contains("..") || relativeName.startsWith("/")) {
        throw new IllegalArgumentException("not a plain relative name: " + relativeName);
      }
      files.put(relativeName, requireNonNull(content, "content is null"));
      return this;
    }

    /**
     * YAML sections added to knot.conf ({@code acl:}, {@code remote:}, {@code zone:}...). {@code
     * $DIR} stands for the server's directory.
     */
    public Builder config(String yaml) {
      this.extraConfig = requireNonNull(yaml, "yaml is null");
      return this;
    }

    /**
     * Run from a configuration database ({@code knotd -C}, the default) or from the textual file
     * ({@code knotd -c}, where runtime changes are lost at a restart).
     */
    public Builder confdb(boolean useConfdb) {
      this.confdb = useConfdb;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = requireNonNull(timeout, "timeout is null");
      return this;
    }

    /**
     * Starts knotd and waits until its control socket answers. Skips the calling test if knotd is
     * not installed (fails it under {@code CI=true}).
     */
    public KnotServer start() {
      Path knotd = RequiredBinaries.require("knotd", "knot");
      Path knotc = RequiredBinaries.require("knotc", "knot");
      try {
        // Short: a UNIX socket path must stay under 108 bytes.
        Path parent = Path.of("/tmp");
        KnotServer server =
            new KnotServer(this, knotd, knotc, Files.createTempDirectory(parent, "knot-"));
        try {
          server.startFresh();
          return server;
        } catch (RuntimeException e) {
          server.stop();
          throw e;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare knotd", e);
      }
    }
  }

  public int dnsPort() {
    return dnsPort;
  }

  public InetSocketAddress dnsAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsPort);
  }

  /** The control socket. */
  public Path socket() {
    return directory.resolve("knot.sock");
  }

  /** The server's directory: knot.conf, confdb, db, zones, knotd.log. */
  public Path directory() {
    return directory;
  }

  /** Where the default template puts zone files ({@code %s.zone}). */
  public Path zonesDirectory() {
    return directory.resolve("zones");
  }

  public Path configFile() {
    return directory.resolve("knot.conf");
  }

  public Path confdbDirectory() {
    return directory.resolve("confdb");
  }

  public Path logFile() {
    return directory.resolve("knotd.log");
  }

  /** What knotd has logged so far. */
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

  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("knotd is not running");
    }
    return process.pid();
  }

  /** Runs {@code knotc -s <socket> args...}, for checks in tests. */
  public KnotcOutput knotc(String... args) {
    List<String> command = new ArrayList<>(List.of(knotc.toString(), "-s", socket().toString()));
    command.addAll(List.of(args));
    NamedServer.RndcOutput out = Processes.run(command, Duration.ofSeconds(30));
    return new KnotcOutput(out.exitCode(), out.stdout(), out.stderr());
  }

  /** Output of {@link #knotc}. */
  public record KnotcOutput(int exitCode, String stdout, String stderr) {}

  /** Stops knotd (SIGTERM, then SIGKILL after 10 s). Does nothing if it is not running. */
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException ignored) {
        // the JVM is already shutting down; the hook itself stops knotd
      }
      shutdownHook = null;
    }
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        log.warn("knotd pid {} ignored SIGTERM; killing it", p.pid());
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Stops and starts knotd again on the same port and directory (the confdb keeps its zones). */
  public synchronized void restart() {
    stop();
    launch();
  }

  /** Stops knotd and deletes its directory. */
  @Override
  public void close() {
    stop();
    deleteRecursively(directory);
  }

  private synchronized void startFresh() {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      dnsPort = FreePorts.tcpAndUdp();
      try {
        writeConfig();
        launch();
        return;
      } catch (IllegalStateException e) {
        last = e; // most likely a port taken in between; try another
        log.debug("knotd start attempt {} failed: {}", attempt, e.getMessage());
      }
    }
    throw last;
  }

  private void writeConfig() {
    String dir = directory.toString();
    String conf =
        "server:\n"
            + "    rundir: \""
            + dir
            + "\"\n"
            + "    pidfile: \""
            + dir
            + "/knot.pid\"\n"
            + "    listen: 127.0.0.1@"
            + dnsPort
            + "\n"
            + "    automatic-acl: on\n"
            + "    background-workers: 2\n"
            + "\n"
            + "control:\n"
            + "    listen: \""
            + socket()
            + "\"\n"
            + "\n"
            + "log:\n"
            + "  - target: stderr\n"
            + "    any: info\n"
            + "\n"
            + "database:\n"
            + "    storage: \""
            + dir
            + "/db\"\n"
            + "\n"
            + (settings.extraConfig.contains("template:")
                ? ""
                : "template:\n"
                    + "  - id: default\n"
                    + "    storage: \""
                    + zonesDirectory()
                    + "\"\n"
                    + "    file: \"%s.zone\"\n\n")
            + settings.extraConfig.replace("$DIR", dir)
            + "\n";
    try {
      Files.writeString(configFile(), conf);
      deleteRecursively(confdbDirectory());
      if (settings.confdb) {
        NamedServer.RndcOutput imported =
            Processes.run(
                List.of(
                    knotc.toString(),
                    "-C",
                    confdbDirectory().toString(),
                    "conf-import",
                    configFile().toString()),
                Duration.ofSeconds(30));
        if (imported.exitCode() != 0) {
          throw new IllegalStateException(
              "knotc conf-import failed: " + imported.stdout() + imported.stderr() + "\n" + conf);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write knot.conf", e);
    }
  }

  private void launch() {
    try {
      List<String> command = new ArrayList<>(List.of(knotd.toString()));
      if (settings.confdb) {
        command.addAll(List.of("-C", confdbDirectory().toString()));
      } else {
        command.addAll(List.of("-c", configFile().toString()));
      }
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start knotd", e);
    }
    Process started = process;
    shutdownHook = new Thread(started::destroyForcibly, "stop-knotd-" + started.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    long deadline = System.nanoTime() + settings.startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        stop();
        throw new IllegalStateException("knotd exited while starting:\n" + tail(log()));
      }
      if (controlSocketAnswers() && pidFileWritten(started.pid()) && dnsAnswers()) {
        log.debug("knotd pid {} ready: dns {} socket {}", started.pid(), dnsPort, socket());
        return;
      }
      sleep(20);
    }
    stop();
    throw new IllegalStateException(
        "knotd's control socket did not open within "
            + settings.startTimeout
            + ":\n"
            + tail(log()));
  }

  /** knotd logs and carries on when it cannot bind its port: make sure it answers there. */
  private boolean dnsAnswers() {
    org.xbill.DNS.SimpleResolver resolver = new org.xbill.DNS.SimpleResolver(dnsAddress());
    resolver.setTimeout(Duration.ofMillis(300));
    try {
      org.xbill.DNS.Message reply =
          resolver.send(
              org.xbill.DNS.Message.newQuery(
                  org.xbill.DNS.Record.newRecord(
                      org.xbill.DNS.Name.root, org.xbill.DNS.Type.SOA, org.xbill.DNS.DClass.IN)));
      return reply != null;
    } catch (IOException e) {
      return false;
    }
  }

  private boolean pidFileWritten(long pid) {
    try {
      Path pidFile = directory.resolve("knot.pid");
      return Files.exists(pidFile) && Files.readString(pidFile).strip().equals(Long.toString(pid));
    } catch (IOException e) {
      return false;
    }
  }

  private boolean controlSocketAnswers() {
    if (!Files.exists(socket())) {
      return false;
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket()));
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
      throw new IllegalStateException("interrupted while waiting for knotd", e);
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
