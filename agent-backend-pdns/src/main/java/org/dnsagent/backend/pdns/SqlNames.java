// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.util.Locale;
import org.xbill.DNS.Name;

/** Names as PowerDNS's SQL schemas hold them: lower case, no trailing dot. */
final class SqlNames {
  private SqlNames() {}

  static String of(Name name) {
    return name.toString(true).toLowerCase(Locale.ROOT);
  }
}
