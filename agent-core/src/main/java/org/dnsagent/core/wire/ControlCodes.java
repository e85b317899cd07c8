// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.wire;

/**
 * Designate's private command-and-control codes (designate/backend/private_codes.py): opcode 14
 * carries CREATE and DELETE in the question's type, with class 65280.
 */
public final class ControlCodes {
  /** Header opcode of CREATE and DELETE (unassigned by IANA). */
  public static final int OPCODE_CC = 14;

  /** Question class of control messages (0xFF00). */
  public static final int CLASS_CC = 65280;

  /** Defined by Designate for replies; never sent by it (nor by us). */
  public static final int TYPE_SUCCESS = 65280;

  public static final int TYPE_FAILURE = 65281;

  /** Question type: create the zone named in the question (0xFF02). */
  public static final int TYPE_CREATE = 65282;

  /** Question type: delete the zone named in the question (0xFF03). */
  public static final int TYPE_DELETE = 65283;

  private ControlCodes() {}
}
