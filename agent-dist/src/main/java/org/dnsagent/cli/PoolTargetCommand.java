// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.AgentTargetClient;
import org.dnsagent.client.RetryPolicy;
import org.dnsagent.client.TargetOutcome;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.TsigKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dns-agent pool-target}: the controller side. Sends what Designate's agent pool backend
 * sends, with its timeouts and retries, and exits non-zero if any agent failed.
 */
@Command(
    name = "pool-target",
    mixinStandardHelpOptions = true,
    description = "Send CREATE, DELETE or NOTIFY to agents as Designate's worker does.")
final class PoolTargetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ACTION", description = "create, delete or notify")
  AgentCommand action;

  @Parameters(index = "1", paramLabel = "ZONE", description = "zone name, e.g. example.org.")
  String zone;

  @Option(
      names = "--agent",
      paramLabel = "HOST:PORT",
      required = true,
      split = ",",
      description = "agent to drive (repeatable); port defaults to 5358")
  List<String> agents = new ArrayList<>();

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "reply timeout (default: ${DEFAULT-VALUE})")
  double timeout = 30;

  @Option(
      names = "--retries",
      paramLabel = "N",
      description = "attempts before giving up (default: ${DEFAULT-VALUE})")
  int retries = 10;

  @Option(
      names = "--retry-interval",
      paramLabel = "SECONDS",
      description = "wait between attempts (default: ${DEFAULT-VALUE})")
  double retryInterval = 15;

  @Option(names = "--tcp", description = "use TCP, as [service:worker] all_tcp = True does")
  boolean tcp;

  @Option(
      names = "--tsig-key",
      paramLabel = "NAME:ALGORITHM:SECRET",
      description = "sign requests with this TSIG key (e.g. ctl:hmac-sha256:BASE64)")
  String tsigKey;

  @Override
  public Integer call() throws Exception {
    Logging.quiet();
    Name name;
    try {
      name = Name.fromString(zone, Name.root);
    } catch (TextParseException e) {
      spec.commandLine()
          .getErr()
          .println("dns-agent: '" + zone + "' is not a zone name: " + e.getMessage());
      return 2;
    }
    Optional<TSIG> key = Optional.empty();
    if (tsigKey != null) {
      String[] parts = tsigKey.split(":", 3);
      if (parts.length != 3) {
        spec.commandLine().getErr().println("dns-agent: --tsig-key must be NAME:ALGORITHM:SECRET");
        return 2;
      }
      key = Optional.of(new TsigKeySpec(parts[0], parts[1], parts[2]).toTsig());
    }
    RetryPolicy policy =
        new RetryPolicy(
            retries,
            Duration.ofMillis((long) (retryInterval * 1000)),
            Duration.ofMillis((long) (timeout * 1000)),
            Duration.ofSeconds(10));
    boolean allOk = true;
    for (String item : agents) {
      InetSocketAddress agent = HostPort.parse(item, 5358);
      TargetOutcome outcome = new AgentTargetClient(agent, key, policy, tcp).run(action, name);
      allOk &= outcome.succeeded();
      spec.commandLine().getOut().println(format(outcome, name));
      spec.commandLine().getOut().flush();
    }
    return allOk ? 0 : 1;
  }

  static String format(TargetOutcome o, Name zone) {
    String result = o.succeeded() ? "OK" : "FAILED";
    String reply = o.lastResponse().map(r -> r.describe()).orElse("no reply");
    String text =
        String.format(
            "%s %s on %s: %s (%s, %d attempt%s, %d ms)",
            o.command(),
            zone,
            HostPort.format(o.agent()),
            result,
            reply,
            o.attempts(),
            o.attempts() == 1 ? "" : "s",
            o.elapsed().toMillis());
    if (!o.succeeded() && !o.errors().isEmpty()) {
      text += "\n  " + String.join("\n  ", o.errors());
    }
    return text;
  }
}
