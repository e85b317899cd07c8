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
import org.dnsagent.testing.RequiredBinaries;

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
public final class KnotServer extends ServerFixture {
  private final Builder settings;
  private final Path knotd;
  private final Path knotc;
  private int dnsPort;

  private KnotServer(Builder settings, Path knotd, Path knotc, Path directory) {
    super("knotd", directory);
    this.settings = settings;
    this.knotd = knotd;
    this.knotc = knotc;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for one knotd; {@link #start()} launches it. */
  public static final class Builder {
    private String extraConfig = "";
    private boolean confdb = true;
    private int listenPort;
    private Duration startTimeout = Duration.ofSeconds(15);
    private final Map<String, String> files = new LinkedHashMap<>();

    private Builder() {}

    /** A file written into the server's directory before knotd starts (a zone file, say). */
    public Builder file(String relativeName, String content) {
      ServerFiles.add(files, relativeName, content);
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

    /**
     * A fixed DNS port (default: a free one), for a server that others must know before it starts
     * (a secondary that its primary notifies).
     */
    public Builder listenPort(int port) {
      this.listenPort = port;
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
      // Short: a UNIX socket path must stay under 108 bytes.
      Path directory = TempDirectories.create(Path.of("/tmp"), "knot-");
      KnotServer server = new KnotServer(this, knotd, knotc, directory);
      server.firstStart(server::prepare, server::pickPortAndConfigure);
      return server;
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
    return directory().resolve("knot.sock");
  }

  /** The server's directory: knot.conf, confdb, db, zones, knotd.log. */
  @Override
  public Path directory() {
    return super.directory();
  }

  /** Where the default template puts zone files ({@code %s.zone}). */
  public Path zonesDirectory() {
    return directory().resolve("zones");
  }

  public Path configFile() {
    return directory().resolve("knot.conf");
  }

  public Path confdbDirectory() {
    return directory().resolve("confdb");
  }

  public Path logFile() {
    return directory().resolve("knotd.log");
  }

  /** What knotd has logged so far. */
  public String log() {
    return LogFiles.read(logFile());
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

  private void prepare() throws IOException {
    Files.createDirectories(directory().resolve("db"));
    Files.createDirectories(zonesDirectory());
    ServerFiles.writeAll(directory(), settings.files);
  }

  private void pickPortAndConfigure() {
    dnsPort = settings.listenPort != 0 ? settings.listenPort : FreePorts.tcpAndUdp();
    writeConfig();
  }

  private void writeConfig() {
    String dir = directory().toString();
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
      TempDirectories.delete(confdbDirectory());
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

  @Override
  ServerProcess launch() {
    List<String> command = new ArrayList<>(List.of(knotd.toString()));
    if (settings.confdb) {
      command.addAll(List.of("-C", confdbDirectory().toString()));
    } else {
      command.addAll(List.of("-c", configFile().toString()));
    }
    try {
      // A stale one from before a restart must not pass for this knotd's.
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ServerProcess.builder("knotd", command)
        .logFile(logFile())
        .startTimeout(settings.startTimeout)
        .start(
            () -> ReadinessProbes.unixSocketAccepts(socket()) && pidFileWritten() && dnsAnswers());
  }

  private Path pidFile() {
    return directory().resolve("knot.pid");
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

  private boolean pidFileWritten() {
    try {
      return Files.exists(pidFile()) && !Files.readString(pidFile()).isBlank();
    } catch (IOException e) {
      return false;
    }
  }
}
