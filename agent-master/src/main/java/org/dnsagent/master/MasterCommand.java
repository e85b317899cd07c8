// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.TsigKeyFile;
import org.dnsagent.spi.TsigKeySpec;
import org.xbill.DNS.Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dns-agent master}: runs a {@link LocalMaster} in the foreground until interrupted. Prints
 * one line per zone loaded or dropped, per load error and per NOTIFY sent.
 */
@Command(
    name = "master",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a directory's zone files as a DNS primary and NOTIFY secondaries when a serial"
          + " increases.",
      "Answers SOA, AXFR and IXFR over UDP and TCP, and reloads a file when it changes."
    })
public final class MasterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--zones-dir",
      required = true,
      paramLabel = "DIR",
      description = "Directory of zone files: every *.zone and *.db file is one zone.")
  Path zonesDir;

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:5354",
      paramLabel = "HOST:PORT",
      description = "UDP and TCP address to serve on (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--notify",
      split = ",",
      paramLabel = "HOST:PORT",
      description = "Secondary to NOTIFY (port 53 if omitted); repeatable or comma-separated.")
  List<String> notify = new ArrayList<>();

  @Option(
      names = "--poll-interval",
      defaultValue = "1",
      paramLabel = "SECONDS",
      description = "How often to check the directory for changes (default: ${DEFAULT-VALUE}).")
  BigDecimal pollInterval;

  @Option(
      names = "--tsig-key",
      paramLabel = "NAME:ALGORITHM:SECRET",
      description = {
        "TSIG key accepted on queries, e.g. xfr-key:hmac-sha256:c2VjcmV0; repeatable.",
        "The first one also signs outgoing NOTIFYs."
      })
  List<String> tsigKeys = new ArrayList<>();

  @Option(
      names = "--tsig-key-file",
      paramLabel = "FILE",
      description = {
        "TSIG key accepted on queries, from the file tsig-keygen writes (key \"name\" {"
            + " algorithm ...; secret \"...\"; };): no secret on the command line; repeatable.",
        "Keys of --tsig-key-file come after those of --tsig-key."
      })
  List<Path> tsigKeyFiles = new ArrayList<>();

  @Option(names = "--require-tsig", description = "Refuse unsigned SOA, AXFR and IXFR queries.")
  boolean requireTsig;

  /** Builds the master's options from the command line; bad values are parameter errors. */
  LocalMasterOptions toOptions() {
    LocalMasterOptions.Builder b = LocalMasterOptions.builder(zonesDir);
    b.listenAddress(address(listen, 5354, "--listen"));
    for (String target : notify) {
      if (!target.isBlank()) {
        b.notifyTarget(address(target, 53, "--notify"));
      }
    }
    if (pollInterval.signum() <= 0) {
      throw error("--poll-interval must be positive");
    }
    b.pollInterval(Duration.ofNanos(pollInterval.movePointRight(9).longValue()));
    List<TsigKeySpec> keys = new ArrayList<>();
    for (String text : tsigKeys) {
      keys.add(tsigKey(text));
    }
    for (Path file : tsigKeyFiles) {
      keys.add(tsigKeyFile(file));
    }
    for (int i = 0; i < keys.size(); i++) {
      b.tsigKey(keys.get(i));
      if (i == 0) {
        b.notifyKey(keys.get(i));
      }
    }
    b.requireTsig(requireTsig);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  private InetSocketAddress address(String text, int defaultPort, String option) {
    try {
      return HostPort.parse(text, defaultPort);
    } catch (IllegalArgumentException e) {
      throw error(option + " " + text + ": " + e.getMessage());
    }
  }

  private TsigKeySpec tsigKey(String text) {
    String[] parts = text.split(":", 3);
    if (parts.length != 3) {
      throw error("--tsig-key must be NAME:ALGORITHM:SECRET, got '" + text.split(":")[0] + ":...'");
    }
    try {
      TsigKeySpec key = new TsigKeySpec(parts[0], parts[1], parts[2]);
      key.keyName();
      return key;
    } catch (IllegalArgumentException e) {
      throw error("--tsig-key " + parts[0] + ": " + e.getMessage());
    }
  }

  private TsigKeySpec tsigKeyFile(Path file) {
    TsigKeyFile.Contents contents;
    try {
      contents = TsigKeyFile.read(file);
    } catch (IOException e) {
      throw error("--tsig-key-file " + file + ": cannot read: " + ioMessage(e));
    } catch (IllegalArgumentException e) {
      throw error("--tsig-key-file " + file + ": " + e.getMessage());
    }
    if (contents.name().isEmpty()) {
      throw error(
          "--tsig-key-file "
              + file
              + ": holds a bare secret, but the key needs a name: use the key block tsig-keygen"
              + " writes");
    }
    try {
      TsigKeySpec key =
          new TsigKeySpec(
              contents.name().get(), contents.algorithm().orElseThrow(), contents.secret());
      key.keyName();
      return key;
    } catch (IllegalArgumentException e) {
      throw error("--tsig-key-file " + file + ": " + e.getMessage());
    }
  }

  private static String ioMessage(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.net.BindException) {
      return "address already in use";
    }
    return e.getMessage() == null ? "I/O error" : e.getMessage();
  }

  private ParameterException error(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  @Override
  public Integer call() {
    LocalMasterOptions options = toOptions();
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stop = new CountDownLatch(1);
    LocalMaster master = new LocalMaster(options, new PrintingEvents(out));
    // Closed by the shutdown hook on Ctrl-C, or below when this thread is interrupted.
    Thread hook =
        new Thread(
            () -> {
              master.close();
              stop.countDown();
            },
            "dns-master-shutdown");
    try {
      master.start();
      out.println(
          "listening on "
              + HostPort.format(master.address())
              + " (UDP and TCP), zones from "
              + options.zonesDirectory());
      out.flush();
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        removeHook(hook);
      }
      return 0;
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println(
              "dns-agent master: cannot start: "
                  + ioMessage(e)
                  + " ("
                  + HostPort.format(options.listenAddress())
                  + ", UDP and TCP)");
      return 2;
    } finally {
      master.close();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  /** Prints what the master does, one line per event. */
  private static final class PrintingEvents implements MasterEvents {
    private final PrintWriter out;

    PrintingEvents(PrintWriter out) {
      this.out = out;
    }

    private void print(String line) {
      out.println(line);
      out.flush();
    }

    @Override
    public void zoneLoaded(ZoneInfo zone) {
      print(
          "zone "
              + zone.name()
              + " serial "
              + zone.serial()
              + ", "
              + zone.recordCount()
              + " records ("
              + zone.file().getFileName()
              + ")");
    }

    @Override
    public void zoneRemoved(Name zone) {
      print("zone " + zone + " removed");
    }

    @Override
    public void loadFailed(LoadError error) {
      print("error " + error);
    }

    @Override
    public void notifySent(Name zone, long serial, InetSocketAddress target, int attempt) {
      print(
          "notify "
              + zone
              + " serial "
              + serial
              + " -> "
              + HostPort.format(target)
              + (attempt > 1 ? " (retry " + (attempt - 1) + ")" : ""));
    }
  }
}
