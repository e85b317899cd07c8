// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.dnsagent.testing.RequiredBinaries;

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
public final class NsdServer extends ServerFixture {
  /** How nsd-control reaches the server. */
  public enum Control {
    /** {@code control-interface: <dir>/nsd.ctl}: no TLS, access by file permissions. */
    UNIX,
    /** {@code control-interface: 127.0.0.1} and a port, with nsd-control-setup's certificates. */
    TLS
  }

  private final Builder settings;
  private final Path nsd;
  private final Path configFile;
  private int dnsPort;
  private int controlPort;

  private NsdServer(Builder settings, Path nsd, Path directory) {
    super("nsd", directory);
    this.settings = settings;
    this.nsd = nsd;
    this.configFile = directory().resolve("nsd.conf");
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
      ServerFiles.add(files, relativeName, content);
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
      NsdServer server = new NsdServer(this, nsd, TempDirectories.create("nsd-"));
      server.firstStart(server::prepare, server::pickPorts);
      return server;
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
    return directory().resolve("nsd.ctl");
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
    return directory().resolve("nsd_server.pem");
  }

  public Path controlCertFile() {
    return directory().resolve("nsd_control.pem");
  }

  public Path controlKeyFile() {
    return directory().resolve("nsd_control.key");
  }

  public Path configFile() {
    return configFile;
  }

  /** The file nsd.conf includes with the builder's extra configuration. */
  public Path extraConfigFile() {
    return directory().resolve("extra.conf");
  }

  public Path zoneListFile() {
    return directory().resolve("zone.list");
  }

  public Path logFile() {
    return directory().resolve("nsd.log");
  }

  /** What nsd has logged so far. */
  public String log() {
    return LogFiles.read(logFile());
  }

  /** Runs {@code nsd-control -c nsd.conf ARGS} against this server, for checks in tests. */
  public NamedServer.RndcOutput control(String... args) {
    Path ctl = RequiredBinaries.require("nsd-control", "nsd");
    List<String> command = new ArrayList<>(List.of(ctl.toString(), "-c", configFile.toString()));
    command.addAll(List.of(args));
    return Processes.run(command, Duration.ofSeconds(30));
  }

  /**
   * Stops nsd (SIGTERM, then SIGKILL after 10 s) and waits until its server processes are gone.
   * Does nothing if it is not running.
   */
  @Override
  public synchronized void stop() {
    OptionalLong pid = startedPid();
    super.stop();
    // nsd -d forks server children that exit with their parent; wait for its pid file to go.
    pid.ifPresent(this::waitGone);
  }

  private void prepare() throws IOException {
    Files.createDirectories(directory().resolve("xfr"));
    ServerFiles.writeAll(directory(), settings.files);
    Files.writeString(
        extraConfigFile(), settings.extraConfig.replace("${DIR}", directory().toString()));
    if (settings.control == Control.TLS) {
      Path setup = RequiredBinaries.require("nsd-control-setup", "nsd");
      NamedServer.RndcOutput out =
          Processes.run(
              List.of(setup.toString(), "-d", directory().toString()), Duration.ofSeconds(120));
      if (out.exitCode() != 0) {
        throw new IllegalStateException(
            "nsd-control-setup failed (" + out.exitCode() + "): " + out.stderr() + out.stdout());
      }
    }
  }

  private void pickPorts() {
    dnsPort = FreePorts.tcpAndUdp();
    controlPort = FreePorts.tcp();
  }

  private String render() {
    String d = directory().toString();
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

  @Override
  ServerProcess launch() {
    try {
      Files.writeString(configFile, render());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write nsd.conf", e);
    }
    return ServerProcess.builder("nsd", List.of(nsd.toString(), "-d", "-c", configFile.toString()))
        .logFile(outputFile())
        .startTimeout(settings.startTimeout)
        .failureLog(() -> log() + LogFiles.read(outputFile()))
        .start(this::controlChannelListens);
  }

  /** Where nsd's stdout and stderr go (it logs to {@link #logFile()} itself). */
  private Path outputFile() {
    return directory().resolve("nsd.out");
  }

  private boolean controlChannelListens() {
    return settings.control == Control.UNIX
        ? ReadinessProbes.unixSocketAccepts(controlSocket())
        : ReadinessProbes.tcpListens(controlPort);
  }

  private void waitGone(long pid) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      boolean socketGone = settings.control != Control.UNIX || !controlChannelListens();
      if (!alive && socketGone) {
        return;
      }
      ServerProcess.sleep(20);
    }
  }
}
