// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

class BackendModeTest {
  private static class Base implements Backend {
    @Override
    public Optional<SOARecord> findSoa(Name zone) {
      return Optional.empty();
    }

    @Override
    public void deleteZone(Name zone) {}
  }

  private static class Content extends Base implements ContentBackend {
    @Override
    public void createZone(ZoneContent zone) {}

    @Override
    public void updateZone(ZoneContent zone) {}
  }

  private static final class Both extends Content implements SecondaryBackend {
    @Override
    public void createSecondaryZone(Name zone, SOARecord masterSoa) {}

    @Override
    public void refreshSecondaryZone(Name zone, SOARecord masterSoa) {}
  }

  @Test
  void aBackendMustBeExactlyOneOfContentAndSecondary() {
    assertDoesNotThrow(() -> Backend.requireOneMode(new Content()));
    IllegalArgumentException neither =
        assertThrows(IllegalArgumentException.class, () -> Backend.requireOneMode(new Base()));
    assertTrue(neither.getMessage().contains("neither"), neither.getMessage());
    IllegalArgumentException both =
        assertThrows(IllegalArgumentException.class, () -> Backend.requireOneMode(new Both()));
    assertTrue(both.getMessage().contains("both"), both.getMessage());
  }
}
