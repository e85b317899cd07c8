// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.servers.KnotServer;
import org.dnsagent.testing.servers.NamedServer;
import org.dnsagent.testing.servers.NsdServer;
import org.dnsagent.testing.servers.PdnsDatabase;
import org.dnsagent.testing.servers.PdnsServer;
import org.dnsagent.testing.servers.ServerFixture;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;

/**
 * The backend an agent run provisions, and how the bench checks what it serves: the {@code files}
 * backend by reading its zone files, {@code bind9} and {@code knot} by SOA queries to a throwaway
 * named or knotd.
 */
abstract class Target implements AutoCloseable {
  private final String name;
  private final Path zoneDirectory;

  Target(String name, Path zoneDirectory) {
    this.name = name;
    this.zoneDirectory = zoneDirectory;
  }

  static Target start(String backend, Path directory) throws IOException {
    Path zones = Files.createDirectories(directory.resolve("zones"));
    return switch (backend) {
      case "files" -> new FilesTarget(zones);
      case "bind9" -> new Bind9Target(zones, directory);
      case "knot" -> new KnotTarget(zones);
      case "nsd" -> new NsdTarget(zones);
      case "pdns-sqlite", "pdns-mariadb" -> PdnsTarget.start(backend, zones, directory);
      default -> throw new IllegalArgumentException(backend);
    };
  }

  String name() {
    return name;
  }

  /** Where the backend keeps zone files. */
  Path zoneDirectory() {
    return zoneDirectory;
  }

  /** The zone's file, as the backend names it. */
  Path zoneFile(Name zone) {
    return ZoneFiles.pathFor(zoneDirectory, zone, ".zone");
  }

  /** The DNS server's process, if the backend drives one. */
  java.util.Optional<Long> serverPid() {
    return java.util.Optional.empty();
  }

  /** The agent configuration that selects and configures this backend. */
  abstract String agentConfig();

  /** The serial the backend serves for the zone, if any. Thread-safe. */
  abstract OptionalLong servedSerial(Name zone) throws IOException;

  /**
   * Waits until every zone is served at {@code serial} or later, polling with {@code threads}
   * threads.
   *
   * @return how many zones were still not served when {@code timeout} ran out (0: all served)
   */
  int awaitServed(List<Name> zones, long serial, Duration timeout, int threads)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    AtomicInteger missing = new AtomicInteger();
    Senders.run(
        threads,
        zones,
        zone -> {
          while (true) {
            OptionalLong s = servedSerial(zone);
            if (s.isPresent() && Serial.compare(s.getAsLong(), serial) >= 0) {
              return true;
            }
            if (System.nanoTime() > deadline) {
              missing.incrementAndGet();
              return false;
            }
            Thread.sleep(5);
          }
        });
    return missing.get();
  }

  @Override
  public abstract void close();

  /** The {@code files} backend: zone files in a directory, read back by the bench. */
  static final class FilesTarget extends Target {
    FilesTarget(Path zones) {
      super("files", zones);
    }

    @Override
    String agentConfig() {
      return "backend_driver = files\n\n[backend:agent:files]\nzone_file_path = "
          + zoneDirectory()
          + "\n";
    }

    @Override
    OptionalLong servedSerial(Name zone) throws IOException {
      return ZoneFiles.readSoa(zoneFile(zone), zone)
          .map(SOARecord::getSerial)
          .map(OptionalLong::of)
          .orElse(OptionalLong.empty());
    }

    @Override
    public void close() {}
  }

  /** A backend that drives a throwaway DNS server, which the bench asks by SOA queries. */
  abstract static class ServerTarget<S extends ServerFixture> extends Target {
    private final S server;
    private final ThreadLocal<DnsProbe> probes;

    ServerTarget(String name, Path zones, S server, Function<S, InetSocketAddress> dnsAddress) {
      super(name, zones);
      this.server = server;
      InetSocketAddress dns = dnsAddress.apply(server);
      this.probes = ThreadLocal.withInitial(() -> new DnsProbe(dns, Duration.ofSeconds(2)));
    }

    /** The throwaway server the backend drives. */
    S server() {
      return server;
    }

    @Override
    OptionalLong servedSerial(Name zone) throws IOException {
      return probes.get().soaSerial(zone);
    }

    @Override
    java.util.Optional<Long> serverPid() {
      return java.util.Optional.of(server.pid());
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /**
   * The {@code pdns} backend in database mode: a throwaway pdns_server on SQLite or on a throwaway
   * MariaDB, asked by SOA queries.
   */
  static final class PdnsTarget extends ServerTarget<PdnsServer> {
    private final PdnsDatabase db;

    private PdnsTarget(String backend, Path zones, PdnsDatabase db, PdnsServer pdns) {
      super(backend, zones, pdns, PdnsServer::dnsAddress);
      this.db = db;
    }

    static PdnsTarget start(String backend, Path zones, Path directory) throws IOException {
      Path dbDir = Files.createDirectories(directory.resolve("db"));
      PdnsDatabase db =
          backend.equals("pdns-sqlite") ? PdnsDatabase.sqlite(dbDir) : PdnsDatabase.mariadb(dbDir);
      PdnsServer.Builder builder = PdnsServer.builder();
      db.pdnsSettings().forEach(builder::set);
      try {
        return new PdnsTarget(backend, zones, db, builder.start());
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
    }

    PdnsDatabase database() {
      return db;
    }

    @Override
    String agentConfig() {
      StringBuilder sb = new StringBuilder("backend_driver = pdns\n\n[backend:agent:pdns]\n");
      db.agentSettings().forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
      sb.append("pdns_control_socket_dir = ").append(server().socketDirectory()).append('\n');
      sb.append("query_destination = 127.0.0.1:").append(server().dnsPort()).append('\n');
      return sb.toString();
    }

    @Override
    public void close() {
      super.close();
      db.close();
    }
  }

  /** The {@code bind9} backend: a throwaway named, asked by SOA queries. */
  static final class Bind9Target extends ServerTarget<NamedServer> {
    Bind9Target(Path zones, Path directory) throws IOException {
      super(
          "bind9",
          zones,
          NamedServer.builder()
              .parentDirectory(Files.createDirectories(directory.resolve("named")))
              .start(),
          NamedServer::dnsAddress);
    }

    @Override
    String agentConfig() {
      NamedServer named = server();
      return "backend_driver = bind9\n\n[backend:agent:bind9]\nrndc_host = 127.0.0.1\nrndc_port = "
          + named.rndcPort()
          + "\nrndc_key_file = "
          + named.keyFile()
          + "\nzone_file_path = "
          + zoneDirectory()
          + "\nquery_destination = 127.0.0.1:"
          + named.dnsPort()
          + "\n";
    }
  }

  /** The {@code knot} backend: a throwaway knotd from a confdb, asked by SOA queries. */
  static final class KnotTarget extends ServerTarget<KnotServer> {
    KnotTarget(Path zones) {
      super("knot", zones, KnotServer.builder().start(), KnotServer::dnsAddress);
    }

    @Override
    String agentConfig() {
      return "backend_driver = knot\n\n[backend:agent:knot]\nknot_socket = "
          + server().socket()
          + "\nknot_transport = native\nzone_file_path = "
          + zoneDirectory()
          + "\nquery_destination = 127.0.0.1:"
          + server().dnsPort()
          + "\n";
    }
  }

  /**
   * The {@code nsd} backend in primary mode: a throwaway nsd with a UNIX control socket and the
   * agent's pattern, asked by SOA queries.
   */
  static final class NsdTarget extends ServerTarget<NsdServer> {
    NsdTarget(Path zones) {
      super(
          "nsd",
          zones,
          NsdServer.builder()
              .control(NsdServer.Control.UNIX)
              .config("pattern:\n  name: \"dns-agent\"\n  zonefile: \"" + zones + "/%s.zone\"\n")
              .start(),
          NsdServer::dnsAddress);
    }

    @Override
    String agentConfig() {
      NsdServer nsd = server();
      return "backend_driver = nsd\n\n[backend:agent:nsd]\nnsd_control = "
          + nsd.controlSocket()
          + "\nnsd_conf_file = "
          + nsd.configFile()
          + "\nzone_file_path = "
          + zoneDirectory()
          + "\npattern = dns-agent\nquery_destination = 127.0.0.1:"
          + nsd.dnsPort()
          + "\ntimeout = 60\n";
    }
  }
}
