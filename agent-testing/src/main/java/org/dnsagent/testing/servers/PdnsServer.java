// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnsagent.testing.RequiredBinaries;

/**
 * A throwaway PowerDNS Authoritative server: its own directory holding {@code pdns.conf} and the
 * control socket, DNS on a free loopback port, optionally the webserver and HTTP API on another,
 * and whatever backend the caller configures ({@code launch=gsqlite3} and its settings). Runs in
 * the foreground ({@code daemon=no}, {@code guardian=no}) and only its own process is ever stopped.
 * Caches are left at pdns's defaults, so tests see what an operator's server would serve.
 */
public final class PdnsServer extends ServerFixture {
  private final Builder settings;
  private final Path pdnsServer;
  private int dnsPort;
  private int apiPort;

  private PdnsServer(Builder settings, Path pdnsServer, Path directory) {
    super("pdns_server", directory);
    this.settings = settings;
    this.pdnsServer = pdnsServer;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for one pdns_server; {@link #start()} launches it. */
  public static final class Builder {
    private final Map<String, String> backend = new LinkedHashMap<>();
    private String apiKey;
    private Duration startTimeout = Duration.ofSeconds(20);

    private Builder() {}

    /** A pdns.conf setting of the backend, for example {@code launch} = {@code gsqlite3}. */
    public Builder set(String option, String value) {
      backend.put(requireNonNull(option, "option is null"), requireNonNull(value, "value is null"));
      return this;
    }

    /** Turns on the webserver and HTTP API on a loopback port with this key. */
    public Builder api(String key) {
      this.apiKey = requireNonNull(key, "key is null");
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = requireNonNull(timeout, "timeout is null");
      return this;
    }

    /**
     * Starts pdns_server and waits until its control socket answers. Skips the calling test if
     * pdns_server is not installed (fails it under {@code CI=true}).
     */
    public PdnsServer start() {
      Path binary = RequiredBinaries.require("pdns_server", "pdns-server");
      PdnsServer server = new PdnsServer(this, binary, TempDirectories.create("pdns-"));
      server.firstStart(() -> {}, server::pickPorts);
      return server;
    }
  }

  public int dnsPort() {
    return dnsPort;
  }

  public InetSocketAddress dnsAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsPort);
  }

  /** The directory holding {@code pdns.conf}; also pdns's {@code socket-dir}. */
  @Override
  public Path directory() {
    return super.directory();
  }

  /** The {@code socket-dir}: {@code pdns.controlsocket} is in it. */
  public Path socketDirectory() {
    return directory();
  }

  /** {@code http://127.0.0.1:PORT}, when {@link Builder#api} was set. */
  public String apiUrl() {
    if (settings.apiKey == null) {
      throw new IllegalStateException("the API is not enabled");
    }
    return "http://127.0.0.1:" + apiPort;
  }

  /** Runs {@code pdns_control} against this server, for checks in tests. */
  public NamedServer.RndcOutput control(String... args) {
    Path control = RequiredBinaries.require("pdns_control", "pdns-server");
    List<String> command =
        new ArrayList<>(List.of(control.toString(), "--socket-dir=" + directory()));
    command.addAll(List.of(args));
    return Processes.run(command, Duration.ofSeconds(30));
  }

  private void pickPorts() {
    dnsPort = FreePorts.tcpAndUdp();
    apiPort = FreePorts.tcp();
  }

  @Override
  ServerProcess launch() {
    StringBuilder conf = new StringBuilder();
    conf.append("local-address=127.0.0.1:").append(dnsPort).append('\n');
    conf.append("socket-dir=").append(directory()).append('\n');
    conf.append("guardian=no\ndaemon=no\ndisable-syslog=yes\nloglevel=4\n");
    conf.append("security-poll-suffix=\n");
    conf.append("secondary=yes\nxfr-cycle-interval=1\nretrieval-threads=4\n");
    if (settings.apiKey != null) {
      conf.append("api=yes\napi-key=").append(settings.apiKey).append('\n');
      conf.append("webserver=yes\nwebserver-address=127.0.0.1\n");
      conf.append("webserver-port=").append(apiPort).append('\n');
      conf.append("webserver-allow-from=127.0.0.0/8\n");
    }
    settings.backend.forEach((k, v) -> conf.append(k).append('=').append(v).append('\n'));
    Path socket = directory().resolve("pdns.controlsocket");
    try {
      Files.writeString(directory().resolve("pdns.conf"), conf.toString());
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ServerProcess.start(
        "pdns_server",
        List.of(pdnsServer.toString(), "--config-dir=" + directory()),
        directory().resolve("pdns.log"),
        settings.startTimeout,
        () -> answers(socket) && (settings.apiKey == null || ReadinessProbes.tcpListens(apiPort)));
  }

  private static boolean answers(Path socket) {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      channel.write(
          java.nio.ByteBuffer.wrap("ping\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(64);
      return channel.read(in) > 0;
    } catch (IOException e) {
      return false;
    }
  }
}
