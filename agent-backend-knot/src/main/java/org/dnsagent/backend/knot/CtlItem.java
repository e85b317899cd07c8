// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

/**
 * The data items of a Knot control unit, in wire order: item {@code i} is sent with code {@code 16
 * + i}, a 16-bit big-endian length and that many bytes of text.
 */
public enum CtlItem {
  CMD,
  FLAGS,
  ERROR,
  SECTION,
  ITEM,
  ID,
  ZONE,
  OWNER,
  TTL,
  TYPE,
  DATA,
  FILTER;

  /** The code of the first item on the wire; lower codes are unit types. */
  static final int CODE_OFFSET = 16;

  private static final CtlItem[] VALUES = values();

  /** This item's code on the wire. */
  int code() {
    return CODE_OFFSET + ordinal();
  }

  /** The item with this wire code, or null if the code is not an item. */
  static CtlItem fromCode(int code) {
    int index = code - CODE_OFFSET;
    return index >= 0 && index < VALUES.length ? VALUES[index] : null;
  }
}
