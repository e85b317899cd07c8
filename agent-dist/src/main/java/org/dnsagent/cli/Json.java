// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

/** A minimal streaming JSON writer for the CLI's reports (no library needed for one object). */
final class Json {
  private final StringBuilder out = new StringBuilder();
  private boolean needComma;

  Json open(char bracket) {
    separate();
    out.append(bracket);
    needComma = false;
    return this;
  }

  Json close(char bracket) {
    out.append(bracket);
    needComma = true;
    return this;
  }

  /** Starts a member of an object; the value follows. */
  Json field(String name) {
    separate();
    quote(name);
    out.append(':');
    needComma = false;
    return this;
  }

  Json string(String value) {
    separate();
    quote(value);
    needComma = true;
    return this;
  }

  Json stringOrNull(String value) {
    return value == null ? nullValue() : string(value);
  }

  Json value(long value) {
    separate();
    out.append(value);
    needComma = true;
    return this;
  }

  Json value(boolean value) {
    separate();
    out.append(value);
    needComma = true;
    return this;
  }

  Json nullValue() {
    separate();
    out.append("null");
    needComma = true;
    return this;
  }

  private void separate() {
    if (needComma) {
      out.append(',');
      needComma = false;
    }
  }

  private void quote(String s) {
    org.dnsagent.core.admin.Json.quote(s, out);
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
