// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
 * A throwaway NSD for tests and benchmarks: its own directory, a loopback DNS port chosen free at
 * start, a remote-control channel over a UNIX socket in that directory or over TLS on a loopback
 * port (certificates made by {@code nsd-control-setup -d}), a zone list so runtime zones survive a
 * restart, and room for extra configuration (patterns, keys, zones) in an included file. Runs
 * {@code nsd -d} in the foreground and only ever stops its own process.
 *
 * <pre>{@code
 * try (NsdServer nsd = NsdServer.builder().control(NsdServer.Control.UNIX).start()) {
 *   nsd.control("status");
 * }
 * }</pre>
 */
public final class NsdServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NsdServer.class);
  private static final int START_ATTEMPTS = 3;

  /** How nsd-control reaches the server. */
  public enum Control {
    /** {@code control-interface: <dir>/nsd.ctl}: no TLS, access by file permissions. */
    UNIX,
    /** {@code control-interface: 127.0.0.1} and a port, with nsd-control-setup's certificates. */
    TLS
  }

  private final Builder settings;
  private final Path nsd;
  private final Path directory;
  private final Path configFile;
  private int dnsPort;
  private int controlPort;
  private Process process;
  private Thread shutdownHook;

  private NsdServer(Builder settings, Path nsd, Path directory) {
    this.settings = settings;
    this.nsd = nsd;
    this.directory = directory;
    this.configFile = directory.resolve("nsd.conf");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for one nsd; {@link #start()} launches it. */
  public static final class Builder {
    private Control control = Control.UNIX;
    private String extraServer = "";
    private String extraConfig = "";
    private boolean zoneList = true;
    private Duration startTimeout = Duration.ofSeconds(20);
    private final Map<String, String> files = new LinkedHashMap<>();

    private Builder() {}

    /** A file written into the server's directory before nsd starts (a zone file, say). */
    public Builder file(String relativeName, String content) {
      requireNonNull(relativeName, "relativeName is null");
      if (relativeName.contains("..") || relativeName.startsWith("/")) {
        throw new IllegalArgumentException("not a plain relative name: " + relativeName);
      }
      files.put(relativeName, requireNonNull(content, "content is null"));
      return this;
    }

    public Builder control(Control kind) {
      this.control = requireNonNull(kind, "kind is null");
      return this;
    }

    /** Lines added to the {@code server:} clause, for example {@code "xfrd-reload-timeout: 1"}. */
    public Builder serverOptions(String text) {
      this.extraServer = requireNonNull(text, "text is null");
      return this;
    }

    /**
     * Clauses written to {@code extra.conf}, which nsd.conf includes: patterns, keys, zones. The
     * text may say {@code ${DIR}} for the server's directory.
     */
    public Builder config(String text) {
      this.extraConfig = requireNonNull(text, "text is null");
      return this;
    }

    /** Whether nsd.conf names a {@code zonelistfile} (default true; false sets it empty). */
    public Builder zoneList(boolean enabled) {
      this.zoneList = enabled;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = requireNonNull(timeout, "timeout is null");
      return this;
    }

    /**
     * Starts nsd and waits until its control channel accepts connections. Skips the calling test if
     * nsd is not installed (fails it under {@code CI=true}).
     */
    public NsdServer start() {
      Path nsd = RequiredBinaries.require("nsd", "nsd");
      try {
        // The build points java.io.tmpdir into target/, which a clean checkout does not have yet.
        Path parent = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        Path dir = Files.createTempDirectory(parent, "nsd-");
        NsdServer server = new NsdServer(this, nsd, dir);
        try {
          server.prepare();
          server.startFresh();
          return server;
        } catch (RuntimeException e) {
          server.close();
          throw e;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare nsd", e);
      }
    }
  }

  public int dnsPort() {
    return dnsPort;
  }

  public InetSocketAddress dnsAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsPort);
  }

  public Control controlKind() {
    return settings.control;
  }

  /** The UNIX control socket (only with {@link Control#UNIX}). */
  public Path controlSocket() {
    return directory.resolve("nsd.ctl");
  }

  /** The TLS control port (only with {@link Control#TLS}). */
  public int controlPort() {
    return controlPort;
  }

  /** What the backend's {@code nsd_control} option says: a socket path or {@code host@port}. */
  public String controlAddress() {
    return settings.control == Control.UNIX
        ? controlSocket().toString()
        : "127.0.0.1@" + controlPort;
  }

  public Path serverCertFile() {
    return directory.resolve("nsd_server.pem");
  }

  public Path controlCertFile() {
    return directory.resolve("nsd_control.pem");
  }

  public Path controlKeyFile() {
    return directory.resolve("nsd_control.key");
  }

  public Path directory() {
    return directory;
  }

  public Path configFile() {
    return configFile;
  }

  /** The file nsd.conf includes with the builder's extra configuration. */
  public Path extraConfigFile() {
    return directory.resolve("extra.conf");
  }

  public Path zoneListFile() {
    return directory.resolve("zone.list");
  }

  public Path logFile() {
    return directory.resolve("nsd.log");
  }

  /** What nsd has logged so far. */
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

  /** The process id of the running nsd. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("nsd is not running");
    }
    return process.pid();
  }

  /** Runs {@code nsd-control -c nsd.conf ARGS} against this server, for checks in tests. */
  public NamedServer.RndcOutput control(String... args) {
    Path ctl = RequiredBinaries.require("nsd-control", "nsd");
    List<String> command = new ArrayList<>(List.of(ctl.toString(), "-c", configFile.toString()));
    command.addAll(List.of(args));
    return Processes.run(command, Duration.ofSeconds(30));
  }

  /** Stops nsd (SIGTERM, then SIGKILL after 10 s). Does nothing if it is not running. */
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException ignored) {
        // the JVM is already shutting down; the hook itself stops nsd
      }
      shutdownHook = null;
    }
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        log.warn("nsd pid {} ignored SIGTERM; killing it", p.pid());
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    // nsd -d forks server children that exit with their parent; wait for its pid file to go.
    waitGone(p.pid());
  }

  /** Stops and starts nsd again on the same ports and directory (zone.list zones come back). */
  public synchronized void restart() {
    stop();
    launch();
  }

  /** Stops nsd and deletes its directory. */
  @Override
  public void close() {
    stop();
    deleteRecursively(directory);
  }

  private void prepare() throws IOException {
    Files.createDirectories(directory.resolve("xfr"));
    for (Map.Entry<String, String> f : settings.files.entrySet()) {
      Path target = directory.resolve(f.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, f.getValue());
    }
    Files.writeString(
        extraConfigFile(), settings.extraConfig.replace("${DIR}", directory.toString()));
    if (settings.control == Control.TLS) {
      Path setup = RequiredBinaries.require("nsd-control-setup", "nsd");
      NamedServer.RndcOutput out =
          Processes.run(
              List.of(setup.toString(), "-d", directory.toString()), Duration.ofSeconds(120));
      if (out.exitCode() != 0) {
        throw new IllegalStateException(
            "nsd-control-setup failed (" + out.exitCode() + "): " + out.stderr() + out.stdout());
      }
    }
  }

  private synchronized void startFresh() {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      dnsPort = FreePorts.tcpAndUdp();
      controlPort = FreePorts.tcp();
      try {
        launch();
        return;
      } catch (IllegalStateException e) {
        last = e; // most likely a port taken in between; try others
        log.debug("nsd start attempt {} failed: {}", attempt, e.getMessage());
      }
    }
    throw last;
  }

  private String render() {
    String d = directory.toString();
    StringBuilder c = new StringBuilder();
    c.append("server:\n");
    c.append("  ip-address: 127.0.0.1@").append(dnsPort).append('\n');
    c.append("  do-ip6: no\n  username: \"\"\n  chroot: \"\"\n  database: \"\"\n");
    c.append("  zonelistfile: \"").append(settings.zoneList ? d + "/zone.list" : "").append("\"\n");
    c.append("  xfrdfile: \"").append(d).append("/xfrd.state\"\n");
    c.append("  xfrdir: \"").append(d).append("/xfr\"\n");
    c.append("  zonesdir: \"").append(d).append("\"\n");
    c.append("  pidfile: \"").append(d).append("/nsd.pid\"\n");
    c.append("  logfile: \"").append(d).append("/nsd.log\"\n");
    c.append("  server-count: 1\n  verbosity: 1\n");
    c.append("  xfrd-reload-timeout: 0\n");
    for (String line : settings.extraServer.split("\n")) {
      if (!line.isBlank()) {
        c.append("  ").append(line.strip()).append('\n');
      }
    }
    c.append("remote-control:\n  control-enable: yes\n");
    if (settings.control == Control.UNIX) {
      c.append("  control-interface: \"").append(d).append("/nsd.ctl\"\n");
    } else {
      c.append("  control-interface: 127.0.0.1\n");
      c.append("  control-port: ").append(controlPort).append('\n');
      c.append("  server-key-file: \"").append(d).append("/nsd_server.key\"\n");
      c.append("  server-cert-file: \"").append(d).append("/nsd_server.pem\"\n");
      c.append("  control-key-file: \"").append(d).append("/nsd_control.key\"\n");
      c.append("  control-cert-file: \"").append(d).append("/nsd_control.pem\"\n");
    }
    c.append("include: \"").append(extraConfigFile()).append("\"\n");
    return c.toString();
  }

  private void launch() {
    try {
      Files.writeString(configFile, render());
      ProcessBuilder pb = new ProcessBuilder(nsd.toString(), "-d", "-c", configFile.toString());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("nsd.out").toFile()));
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start nsd", e);
    }
    Process started = process;
    shutdownHook = new Thread(started::destroyForcibly, "stop-nsd-" + started.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    long deadline = System.nanoTime() + settings.startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        stop();
        throw new IllegalStateException("nsd exited while starting:\n" + tail(output()));
      }
      if (controlChannelListens()) {
        log.debug("nsd pid {} ready: dns {} control {}", started.pid(), dnsPort, controlAddress());
        return;
      }
      sleep(20);
    }
    stop();
    throw new IllegalStateException(
        "nsd's control channel did not open within " + settings.startTimeout + ":\n" + output());
  }

  private String output() {
    try {
      Path out = directory.resolve("nsd.out");
      return log() + (Files.exists(out) ? Files.readString(out) : "");
    } catch (IOException e) {
      return log();
    }
  }

  private boolean controlChannelListens() {
    if (settings.control == Control.UNIX) {
      if (!Files.exists(controlSocket())) {
        return false;
      }
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(controlSocket()));
        return true;
      } catch (IOException e) {
        return false;
      }
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), controlPort), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void waitGone(long pid) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      boolean socketGone = settings.control != Control.UNIX || !controlChannelListens();
      if (!alive && socketGone) {
        return;
      }
      sleep(20);
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
      throw new IllegalStateException("interrupted while waiting for nsd", e);
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
