// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.nio.file.Path;
import org.dnsagent.testing.servers.PdnsDatabase;

/** The backend contract: database mode on Sqlite, zone_mode = secondary. */
class SqliteSecondaryContractTest extends PdnsKitContract {
  @Override
  PdnsDatabase database(Path dir) {
    return PdnsDatabase.sqlite(dir);
  }

  @Override
  String zoneMode() {
    return "secondary";
  }
}
