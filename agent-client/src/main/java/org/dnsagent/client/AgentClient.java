// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.dnsagent.spi.DnsExchange;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;

/**
 * Sends one command to one agent and waits for its reply; one attempt, no retry ({@link
 * AgentTargetClient} retries as Designate does). The reply must echo the request's id and question,
 * and, when the request was signed, carry a valid signature. Thread-safe.
 */
public final class AgentClient {
  /** Designate's {@code [service:worker] poll_timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final SecureRandom IDS = new SecureRandom();

  private final InetSocketAddress agent;
  private final Optional<TSIG> key;
  private final Duration timeout;
  private final boolean tcp;

  /**
   * @param agent where the agent listens
   * @param key signs requests and verifies replies when present
   * @param timeout how long to wait for the reply
   * @param tcp send over TCP instead of UDP ({@code [service:worker] all_tcp})
   */
  public AgentClient(InetSocketAddress agent, Optional<TSIG> key, Duration timeout, boolean tcp) {
    this.agent = requireNonNull(agent, "agent is null");
    this.key = requireNonNull(key, "key is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.tcp = tcp;
  }

  public AgentClient(InetSocketAddress agent) {
    this(agent, Optional.empty(), DEFAULT_TIMEOUT, false);
  }

  public InetSocketAddress agent() {
    return agent;
  }

  /**
   * Sends {@code command} for {@code zone}.
   *
   * @throws IOException on timeout, on a reply that does not match the request, or on a reply whose
   *     TSIG signature does not verify
   */
  public AgentResponse send(AgentCommand command, Name zone) throws IOException {
    Message request = ControlMessages.request(command, zone, IDS.nextInt(0x10000));
    SimpleResolver resolver = new SimpleResolver(agent);
    resolver.setEDNS(-1); // Designate sends no EDNS; neither do we, so the bytes match.
    resolver.setTimeout(timeout);
    resolver.setTCP(tcp);
    resolver.setIgnoreTruncation(false);
    key.ifPresent(resolver::setTSIGKey);
    Message reply = DnsExchange.send(resolver, request);
    if (key.isPresent() && !reply.isVerified() && reply.getRcode() == org.xbill.DNS.Rcode.NOERROR) {
      // A success we cannot authenticate is no success; an unsigned error is still an answer.
      throw new IOException("reply from " + agent + " is not signed with the expected key");
    }
    return AgentResponse.of(reply);
  }

  public AgentResponse create(Name zone) throws IOException {
    return send(AgentCommand.CREATE, zone);
  }

  public AgentResponse delete(Name zone) throws IOException {
    return send(AgentCommand.DELETE, zone);
  }

  public AgentResponse notify(Name zone) throws IOException {
    return send(AgentCommand.NOTIFY, zone);
  }
}
