// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.wire;

import static java.util.Objects.requireNonNull;

import org.xbill.DNS.Message;

/** The outcome of decoding one datagram or TCP frame. */
public sealed interface Decoded {

  /** A request to act on (after authentication and access checks). */
  record Request(Message message, AgentRequest request) implements Decoded {
    public Request {
      requireNonNull(message, "message is null");
      requireNonNull(request, "request is null");
    }
  }

  /** A request answered at once with an error; {@code reply} is ready to send. */
  record Rejected(Message message, Message reply, String reason) implements Decoded {
    public Rejected {
      requireNonNull(reply, "reply is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /** Nothing to answer: too short to echo an id, or a response (QR set) that must not loop. */
  record Dropped(String reason) implements Decoded {
    public Dropped {
      requireNonNull(reason, "reason is null");
    }
  }
}
