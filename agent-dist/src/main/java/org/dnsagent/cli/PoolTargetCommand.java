// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.dnsagent.client.RetryPolicy;
import org.dnsagent.client.pool.PollPolicy;
import org.dnsagent.client.pool.Pool;
import org.dnsagent.client.pool.PoolAction;
import org.dnsagent.client.pool.PoolClient;
import org.dnsagent.client.pool.PoolFileException;
import org.dnsagent.client.pool.PoolFiles;
import org.dnsagent.client.pool.PoolKeyring;
import org.dnsagent.client.pool.PoolOptions;
import org.dnsagent.client.pool.PoolResult;
import org.dnsagent.client.pool.PoolTsigKey;
import org.dnsagent.core.config.Causes;
import org.dnsagent.spi.HostPort;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dns-agent pool-target}: the controller side. Sends what Designate's worker sends to a pool
 * of agents (or to agents named on the command line), with its timeouts, retries and threshold,
 * then polls the pool's nameservers; the exit status tells the outcome.
 */
@Command(
    name = "pool-target",
    mixinStandardHelpOptions = true,
    description =
        "Create, delete, update or notify a zone on every agent of a pool, as Designate does.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:success",
      "1:fewer targets than the threshold succeeded",
      "2:bad arguments or files",
      "3:targets succeeded but the nameservers do not serve the change"
    })
final class PoolTargetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** The actions; {@code notify} is the single-agent name of {@code update}. */
  enum Action {
    CREATE,
    DELETE,
    UPDATE,
    NOTIFY;

    PoolAction poolAction() {
      return switch (this) {
        case CREATE -> PoolAction.CREATE;
        case DELETE -> PoolAction.DELETE;
        case UPDATE, NOTIFY -> PoolAction.UPDATE;
      };
    }
  }

  @Parameters(
      index = "0",
      paramLabel = "ACTION",
      description = "create, delete, update or notify (notify: update, for --agent)")
  Action action;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "ZONE",
      description =
          "zone name, e.g. example.org.; without it (and without --zones-file), zone names are"
              + " read from standard input, one a line")
  String zone;

  @Option(
      names = "--zones-file",
      paramLabel = "FILE",
      description =
          "many zones in one run: names one a line (# comments and blank lines skipped);"
              + " - for standard input")
  Path zonesFile;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "with many zones: zones in progress at once (default: ${DEFAULT-VALUE})")
  int concurrency = 16;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Destination destination;

  static final class Destination {
    @Option(
        names = "--pools",
        paramLabel = "FILE",
        description = "Designate pools file (designate-manage pool generate_file)")
    Path pools;

    @Option(
        names = "--agent",
        paramLabel = "HOST:PORT",
        split = ",",
        description = "drive these agents instead of a pool (repeatable; port defaults to 5358)")
    List<String> agents = new ArrayList<>();
  }

  @Option(
      names = "--pool",
      paramLabel = "NAME",
      description = "pool of the pools file (default: ${DEFAULT-VALUE})")
  String poolName = "default";

  @Option(
      names = "--keys",
      paramLabel = "FILE",
      description = "TSIG keys the pool's tsigkey_id fields refer to (id, name, algorithm, secret)")
  Path keys;

  @Option(
      names = "--tsig-key",
      paramLabel = "NAME:ALGORITHM:SECRET",
      description = "with --agent: sign requests with this key (e.g. ctl:hmac-sha256:BASE64)")
  String tsigKey;

  @Option(
      names = "--tsig-key-file",
      paramLabel = "FILE",
      description =
          "with --agent: sign requests with the key in this file, as tsig-keygen writes it"
              + " (no secret on the command line)")
  Path tsigKeyFile;

  @Option(
      names = "--threshold",
      paramLabel = "PERCENT",
      description =
          "share of targets and nameservers that must succeed (default: ${DEFAULT-VALUE})")
  int threshold = 100;

  @Option(
      names = "--serial",
      paramLabel = "N",
      description = "serial the nameservers must serve (default: asked from the targets' masters)")
  Long serial;

  @Option(names = "--no-poll", description = "do not poll the nameservers")
  boolean noPoll;

  @Option(names = "--json", description = "print the outcome as JSON")
  boolean json;

  @Option(names = "--tcp", description = "use TCP, as [service:worker] all_tcp = True does")
  boolean tcp;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "reply timeout per command (default: ${DEFAULT-VALUE})")
  double timeout = 30;

  @Option(
      names = "--retries",
      paramLabel = "N",
      description = "attempts per target before giving up (default: ${DEFAULT-VALUE})")
  int retries = 10;

  @Option(
      names = "--retry-interval",
      paramLabel = "SECONDS",
      description = "wait between attempts (default: ${DEFAULT-VALUE})")
  double retryInterval = 15;

  @Option(
      names = "--notify-timeout",
      paramLabel = "SECONDS",
      description = "reply timeout of the NOTIFY (default: ${DEFAULT-VALUE})")
  double notifyTimeout = 10;

  @Option(
      names = "--poll-delay",
      paramLabel = "SECONDS",
      description = "wait before the first poll (default: ${DEFAULT-VALUE})")
  double pollDelay = 5;

  @Option(
      names = "--poll-interval",
      paramLabel = "SECONDS",
      description = "wait between poll rounds (default: ${DEFAULT-VALUE})")
  double pollInterval = 15;

  @Option(
      names = "--poll-retries",
      paramLabel = "N",
      description = "poll rounds before giving up (default: ${DEFAULT-VALUE})")
  int pollRetries = 10;

  @Option(
      names = "--poll-timeout",
      paramLabel = "SECONDS",
      description = "reply timeout of each SOA poll (default: ${DEFAULT-VALUE})")
  double pollTimeout = 10;

  @Override
  public Integer call() throws InterruptedException {
    Logging.quiet();
    java.io.PrintWriter err = spec.commandLine().getErr();
    if (zone == null || zonesFile != null) {
      if (zone != null) {
        err.println("dns-agent: give ZONE or --zones-file, not both");
        return 2;
      }
      return bulk(err);
    }
    Name name;
    try {
      name = Name.fromString(zone, Name.root);
    } catch (TextParseException e) {
      err.println("dns-agent: '" + zone + "' is not a zone name: " + e.getMessage());
      return 2;
    }
    Optional<PoolClient> made = client(err);
    if (made.isEmpty()) {
      return 2;
    }
    PoolClient client = made.get();
    client.onFailedAttempt(BulkRun.printer(err));
    PoolAction what = action.poolAction();
    PoolResult result =
        serial != null
            ? client.apply(what, name, OptionalLong.of(serial))
            : client.apply(what, name);
    spec.commandLine().getOut().println(json ? PoolReport.json(result) : PoolReport.table(result));
    spec.commandLine().getOut().flush();
    return switch (result.status()) {
      case SUCCESS -> 0;
      case TARGETS_FAILED -> 1;
      case NO_ZONE, NAMESERVERS_BEHIND -> 3;
    };
  }

  /** Many zones in one run: from --zones-file, or standard input. */
  private int bulk(java.io.PrintWriter err) throws InterruptedException {
    List<String> names;
    try {
      names =
          zonesFile == null || zonesFile.toString().equals("-")
              ? BulkRun.readNames(System.in)
              : BulkRun.readNames(zonesFile);
    } catch (java.io.IOException e) {
      err.println("dns-agent: cannot read " + (zonesFile == null ? "stdin" : zonesFile) + ": " + e);
      return 2;
    }
    if (concurrency < 1 || concurrency > 1024) {
      err.println("dns-agent: --concurrency must be 1-1024");
      return 2;
    }
    Optional<PoolClient> made = client(err);
    if (made.isEmpty()) {
      return 2;
    }
    PoolClient client = made.get();
    BulkRun run =
        new BulkRun(
            client,
            action.poolAction(),
            serial == null ? OptionalLong.empty() : OptionalLong.of(serial),
            concurrency,
            spec.commandLine().getOut(),
            err,
            System.console() != null);
    return run.run(names, json);
  }

  /** The client for the pool and keys the options name; empty, with the error printed, if bad. */
  private Optional<PoolClient> client(java.io.PrintWriter err) {
    try {
      return Optional.of(new PoolClient(pool(), keyring(), options()));
    } catch (PoolFileException | IllegalArgumentException e) {
      err.println("dns-agent: " + e.getMessage());
      return Optional.empty();
    }
  }

  private Pool pool() {
    if (destination.pools != null) {
      return PoolFiles.readPool(destination.pools, poolName);
    }
    Optional<String> keyId =
        tsigKey == null && tsigKeyFile == null ? Optional.empty() : Optional.of("command-line");
    List<Pool.Target> targets = new ArrayList<>();
    for (String item : destination.agents) {
      InetSocketAddress address = HostPort.parse(item, 5358);
      String host = address.getAddress().getHostAddress();
      targets.add(new Pool.Target("", host, address.getPort(), List.of(), keyId));
    }
    return new Pool("command-line", "", List.of(), targets);
  }

  private PoolKeyring keyring() {
    if (tsigKeyFile != null) {
      if (tsigKey != null || destination.pools != null) {
        throw new IllegalArgumentException(
            "--tsig-key-file goes with --agent, without --tsig-key; use --keys with --pools");
      }
      org.dnsagent.spi.TsigKeyFile.Contents key;
      try {
        key = org.dnsagent.spi.TsigKeyFile.read(tsigKeyFile);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(
            "--tsig-key-file " + tsigKeyFile + ": cannot read: " + Causes.describe(e));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--tsig-key-file " + tsigKeyFile + ": " + e.getMessage());
      }
      if (key.name().isEmpty()) {
        throw new IllegalArgumentException(
            "--tsig-key-file "
                + tsigKeyFile
                + ": holds a bare secret, but the key needs a name: use the key block"
                + " tsig-keygen writes");
      }
      return new PoolKeyring(
          List.of(
              new PoolTsigKey(
                  "command-line", key.name().get(), key.algorithm().orElseThrow(), key.secret())));
    }
    if (tsigKey != null) {
      if (destination.pools != null) {
        throw new IllegalArgumentException("--tsig-key goes with --agent; use --keys with --pools");
      }
      String[] parts = tsigKey.split(":", 3);
      if (parts.length != 3) {
        throw new IllegalArgumentException("--tsig-key must be NAME:ALGORITHM:SECRET");
      }
      return new PoolKeyring(
          List.of(new PoolTsigKey("command-line", parts[0], parts[1], parts[2])));
    }
    return keys == null ? PoolKeyring.empty() : PoolFiles.readKeys(keys);
  }

  private PoolOptions options() {
    RetryPolicy retry =
        new RetryPolicy(retries, seconds(retryInterval), seconds(timeout), seconds(notifyTimeout));
    PollPolicy poll =
        noPoll
            ? PollPolicy.disabled()
            : new PollPolicy(
                true, seconds(pollDelay), seconds(pollInterval), pollRetries, seconds(pollTimeout));
    return new PoolOptions(threshold, retry, poll, tcp, 32);
  }

  private static Duration seconds(double value) {
    if (value < 0 || Double.isNaN(value)) {
      throw new IllegalArgumentException("durations must not be negative: " + value);
    }
    return Duration.ofMillis(Math.round(value * 1000));
  }
}
