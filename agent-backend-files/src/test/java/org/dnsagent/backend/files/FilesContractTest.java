// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.files;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ZoneNames;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.contract.BackendContract;
import org.xbill.DNS.Name;

/**
 * The backend contract for {@code files}. There is no server: the "server" is the zone directory,
 * checked through the backend; it is unavailable while the directory is gone (an unmounted volume),
 * and a zone file without dns-agent's header line is one the operator placed by hand.
 */
class FilesContractTest extends BackendContract {
  private static final Name HAND = TestZones.name("hand.example.");

  private Path zones;
  private Path away;

  @Override
  protected void startServer() throws Exception {
    zones = Files.createDirectories(context().stateDirectory().resolve("zones"));
    away = context().stateDirectory().resolve("zones.away");
    Files.writeString(zones.resolve(ZoneNames.fileName(HAND, ".zone")), handZoneText(HAND));
  }

  @Override
  protected void stopServer() {}

  @Override
  protected Backend createBackend(BackendContext context) {
    return new FilesBackendFactory()
        .create(
            new BackendSettings("backend:agent:files", Map.of("zone_file_path", zones.toString())),
            context);
  }

  @Override
  protected Optional<InetSocketAddress> dnsAddress() {
    return Optional.empty();
  }

  @Override
  protected Name handConfiguredZone() {
    return HAND;
  }

  @Override
  protected void makeUnavailable() throws Exception {
    Files.move(zones, away);
  }

  @Override
  protected void makeAvailable() throws Exception {
    Files.move(away, zones);
  }

  @Override
  protected Duration backendTimeout() {
    return Duration.ofSeconds(1);
  }
}
