// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.nio.file.Path;
import org.dnsagent.testing.servers.PdnsDatabase;

/** Database mode on SQLite (gsqlite3), both zone modes, native control socket. */
class SqlitePdnsTest extends PdnsContract {
  @Override
  PdnsDatabase database(Path dir) {
    return PdnsDatabase.sqlite(dir);
  }
}
