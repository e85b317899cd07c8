// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.nio.file.Path;
import org.dnsagent.testing.servers.PdnsDatabase;

/** The backend contract: database mode on MariaDb, zone_mode = secondary. */
class MariaDbSecondaryContractTest extends PdnsKitContract {
  @Override
  PdnsDatabase database(Path dir) {
    return PdnsDatabase.mariadb(dir);
  }

  @Override
  String zoneMode() {
    return "secondary";
  }
}
