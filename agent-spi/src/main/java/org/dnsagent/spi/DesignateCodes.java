// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

/**
 * Designate's private command-and-control codes (designate/backend/private_codes.py): opcode 14
 * carries CREATE and DELETE in the question's type, with class 65280. The one definition, for the
 * agent that decodes them and the client that sends them (not for backends).
 */
public final class DesignateCodes {
  /** Header opcode of CREATE and DELETE (unassigned by IANA). */
  public static final int OPCODE_CC = 14;

  /** Question class of control messages (0xFF00). */
  public static final int CLASS_CC = 65280;

  /** Question type: create the zone named in the question (0xFF02). */
  public static final int TYPE_CREATE = 65282;

  /** Question type: delete the zone named in the question (0xFF03). */
  public static final int TYPE_DELETE = 65283;

  private DesignateCodes() {}
}
