// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one nameserver answered to the last SOA poll.
 *
 * @param keyName the TSIG key the poll was signed with, if any
 * @param state whether it answered, and with what
 * @param serial the served serial when {@code state} is {@link State#SERVES}
 * @param met whether the answer meets the expectation
 * @param detail the rcode or the error, for people
 */
public record NameserverResult(
    Pool.Nameserver nameserver,
    Optional<String> keyName,
    State state,
    OptionalLong serial,
    boolean met,
    String detail) {

  /** The kinds of answer (Designate: a serial, 0 for "no zone", None for no answer). */
  public enum State {
    /** Answered with the zone's SOA. */
    SERVES,
    /** Answered without an SOA: the zone is not served there. */
    NO_ZONE,
    /** No usable answer: timeout, network error, or a reply that failed TSIG verification. */
    NO_ANSWER
  }

  public NameserverResult {
    requireNonNull(nameserver, "nameserver is null");
    requireNonNull(keyName, "keyName is null");
    requireNonNull(state, "state is null");
    requireNonNull(serial, "serial is null");
    requireNonNull(detail, "detail is null");
  }
}
