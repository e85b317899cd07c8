// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnsagent.testing.RequiredBinaries;

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
public final class NamedServer extends ServerFixture {
  /** The name of the generated control key in {@link #keyFile()}. */
  public static final String RNDC_KEY_NAME = "rndc-key";

  private final Builder settings;
  private final Path named;
  private final Path keyFile;
  private final Path configFile;
  private final String rndcSecret;
  private int dnsPort;
  private int rndcPort;

  private NamedServer(Builder settings, Path named, Path directory) {
    super("named", directory);
    this.settings = settings;
    this.named = named;
    this.keyFile = directory.resolve("rndc.key");
    this.configFile = directory.resolve("named.conf");
    this.rndcSecret = newSecret();
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
      ServerFiles.add(files, relativeName, content);
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
      Path directory =
          parentDirectory != null
              ? TempDirectories.create(parentDirectory, "named-")
              : TempDirectories.create("named-");
      NamedServer server = new NamedServer(this, named, directory);
      server.firstStart(server::prepare, server::pickPorts);
      return server;
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
  @Override
  public Path directory() {
    return super.directory();
  }

  public Path configFile() {
    return configFile;
  }

  public Path logFile() {
    return directory().resolve("named.log");
  }

  /** What named has logged so far. */
  public String log() {
    return LogFiles.read(logFile());
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

  private void prepare() throws IOException {
    Files.writeString(keyFile, keyStatement(RNDC_KEY_NAME, settings.rndcAlgorithm, rndcSecret));
    ServerFiles.writeAll(directory(), settings.files);
  }

  private void pickPorts() {
    dnsPort = settings.listenPort != 0 ? settings.listenPort : FreePorts.tcpAndUdp();
    rndcPort = FreePorts.tcp();
  }

  @Override
  ServerProcess launch() {
    try {
      Files.writeString(
          configFile,
          NamedConfig.render(
              directory(),
              keyFile,
              dnsPort,
              rndcPort,
              settings.allowNewZones,
              settings.extraOptions,
              settings.extraConfig));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write named.conf", e);
    }
    return ServerProcess.builder(
            "named", List.of(named.toString(), "-g", "-c", configFile.toString()))
        .logFile(logFile())
        .startTimeout(settings.startTimeout)
        .stopTimeout(Duration.ofSeconds(5))
        .start(() -> ReadinessProbes.tcpListens(rndcPort));
  }
}
