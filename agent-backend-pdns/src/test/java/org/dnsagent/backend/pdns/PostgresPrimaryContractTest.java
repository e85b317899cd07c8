// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.nio.file.Path;
import org.dnsagent.testing.servers.PdnsDatabase;

/** The backend contract: database mode on Postgres, zone_mode = primary. */
class PostgresPrimaryContractTest extends PdnsKitContract {
  @Override
  PdnsDatabase database(Path dir) {
    return PdnsDatabase.postgres(dir);
  }

  @Override
  String zoneMode() {
    return "primary";
  }
}
