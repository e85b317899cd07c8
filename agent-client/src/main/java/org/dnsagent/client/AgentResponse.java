// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * An agent's reply. Success is judged as Designate's controller judges it: rcode NOERROR with the
 * AA flag set.
 */
public record AgentResponse(int rcode, boolean authoritative, boolean verified, Message message) {

  static AgentResponse of(Message reply) {
    return new AgentResponse(
        reply.getRcode(), reply.getHeader().getFlag(Flags.AA), reply.isVerified(), reply);
  }

  public boolean succeeded() {
    return rcode == Rcode.NOERROR && authoritative;
  }

  /** {@code NOERROR+AA}, {@code SERVFAIL}, ... */
  public String describe() {
    String text = Rcode.string(rcode) + (authoritative ? "+AA" : "");
    if (message.getTSIG() != null && message.getTSIG().getError() != Rcode.NOERROR) {
      text += " (" + Rcode.TSIGstring(message.getTSIG().getError()) + ")";
    }
    return text;
  }
}
