// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.nio.file.Path;
import org.dnsagent.testing.servers.PdnsDatabase;

/** The backend contract: API mode (pdns on SQLite), zone_mode = primary. */
class ApiPrimaryContractTest extends PdnsKitContract {
  @Override
  PdnsDatabase database(Path dir) {
    return PdnsDatabase.sqlite(dir);
  }

  @Override
  String zoneMode() {
    return "primary";
  }

  @Override
  boolean api() {
    return true;
  }
}
