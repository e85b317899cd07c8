// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.nio.file.Path;
import org.dnsagent.testing.servers.PdnsDatabase;

/**
 * Database mode on PostgreSQL (gpgsql; a throwaway cluster), both zone modes; the agent's database
 * user has only the README's grants.
 */
class PostgresPdnsTest extends PdnsContract {
  @Override
  PdnsDatabase database(Path dir) {
    return PdnsDatabase.postgres(dir);
  }
}
