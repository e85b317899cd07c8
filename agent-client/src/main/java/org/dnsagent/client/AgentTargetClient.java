// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * Drives one agent the way Designate's worker drives a pool target of type {@code agent}
 * (designate/worker/tasks/zone.py, {@code ZoneActionOnTarget}): CREATE then NOTIFY, DELETE alone,
 * an update as NOTIFY alone; the whole step retried up to {@code maxAttempts} times with {@code
 * retryInterval} between attempts. A CREATE or DELETE succeeds when answered NOERROR+AA, and the
 * NOTIFY that follows a CREATE when answered at all (Designate's SendNotify). An update's NOTIFY
 * must be answered NOERROR: Designate accepts any reply there because it polls the nameservers
 * anyway, but a REFUSED or a TSIG error means the agent did not take the change, and a pool target
 * should say so (and retry).
 */
public final class AgentTargetClient {
  private static final Logger log = LoggerFactory.getLogger(AgentTargetClient.class);

  private final InetSocketAddress agent;
  private final Optional<TSIG> key;
  private final RetryPolicy policy;
  private final boolean tcp;
  private final AttemptListener listener;

  public AgentTargetClient(
      InetSocketAddress agent, Optional<TSIG> key, RetryPolicy policy, boolean tcp) {
    this(agent, key, policy, tcp, AttemptListener.NONE);
  }

  /** As above; {@code listener} is told of each failed attempt as it happens. */
  public AgentTargetClient(
      InetSocketAddress agent,
      Optional<TSIG> key,
      RetryPolicy policy,
      boolean tcp,
      AttemptListener listener) {
    this.listener = requireNonNull(listener, "listener is null");
    this.agent = requireNonNull(agent, "agent is null");
    this.key = requireNonNull(key, "key is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.tcp = tcp;
  }

  /** Runs the step; never throws for network trouble, the outcome says what happened. */
  public TargetOutcome run(AgentCommand command, Name zone) throws InterruptedException {
    long start = System.nanoTime();
    AgentClient commands = new AgentClient(agent, key, policy.timeout(), tcp);
    AgentClient notifier = new AgentClient(agent, key, policy.notifyTimeout(), tcp);
    List<String> errors = new ArrayList<>();
    Optional<AgentResponse> last = Optional.empty();
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      try {
        AgentResponse response =
            command == AgentCommand.NOTIFY ? notifier.notify(zone) : commands.send(command, zone);
        last = Optional.of(response);
        boolean ok =
            command == AgentCommand.NOTIFY
                ? response.rcode() == org.xbill.DNS.Rcode.NOERROR
                : response.succeeded();
        if (ok && command == AgentCommand.CREATE) {
          notifier.notify(zone); // any reply counts, as in Designate's SendNotify
        }
        if (ok) {
          return new TargetOutcome(agent, command, true, attempt, since(start), last, errors);
        }
        errors.add("attempt " + attempt + ": " + response.describe());
      } catch (IOException e) {
        errors.add("attempt " + attempt + ": " + describe(e));
      }
      String error = errors.get(errors.size() - 1);
      log.info("{} {} on {}: {}", command, zone, agent, error);
      listener.failed(
          command,
          zone,
          agent,
          attempt,
          policy.maxAttempts(),
          error.substring(error.indexOf(": ") + 2));
      if (attempt < policy.maxAttempts()) {
        Thread.sleep(policy.retryInterval().toMillis());
      }
    }
    return new TargetOutcome(
        agent, command, false, policy.maxAttempts(), since(start), last, errors);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    if (e instanceof java.net.PortUnreachableException) {
      return "port unreachable (nothing listens there)";
    }
    if (e instanceof java.net.SocketTimeoutException || (m != null && m.contains("Timed out"))) {
      return "timed out";
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
