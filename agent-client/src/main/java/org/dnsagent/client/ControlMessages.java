// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client;

import org.dnsagent.spi.DesignateCodes;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Builds requests byte for byte as Designate 15 does. CREATE/DELETE: {@code
 * dns.message.make_query(zone, type, rdclass=65280)}, flags cleared, opcode 14, AA set: header
 * flags {@code 0x7400}, no EDNS. NOTIFY: {@code make_query(zone, SOA)} with opcode 4, so RD stays
 * set: flags {@code 0x2100}, no EDNS.
 */
public final class ControlMessages {
  private ControlMessages() {}

  /** The request for {@code command} on {@code zone}, with message id {@code id}. */
  public static Message request(AgentCommand command, Name zone, int id) {
    Message m = new Message(id);
    switch (command) {
      case CREATE, DELETE -> {
        m.getHeader().setOpcode(DesignateCodes.OPCODE_CC);
        m.getHeader().setFlag(Flags.AA);
        int type =
            command == AgentCommand.CREATE
                ? DesignateCodes.TYPE_CREATE
                : DesignateCodes.TYPE_DELETE;
        m.addRecord(Record.newRecord(zone, type, DesignateCodes.CLASS_CC), Section.QUESTION);
      }
      case NOTIFY -> {
        m.getHeader().setOpcode(Opcode.NOTIFY);
        m.getHeader().setFlag(Flags.RD);
        m.addRecord(Record.newRecord(zone, Type.SOA, DClass.IN), Section.QUESTION);
      }
    }
    return m;
  }
}
