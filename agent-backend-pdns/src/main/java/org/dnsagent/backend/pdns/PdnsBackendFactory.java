// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.util.List;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.OptionSpec;

/**
 * {@code backend_driver = pdns}: zones on PowerDNS Authoritative, in its SQL database or through
 * its HTTP API, as primary (NATIVE) or secondary (SLAVE) zones.
 */
public final class PdnsBackendFactory implements BackendFactory {

  @Override
  public String name() {
    return "pdns";
  }

  @Override
  public List<OptionSpec> options() {
    return PdnsConfig.OPTIONS;
  }

  @Override
  public Backend create(BackendSettings settings, BackendContext context) {
    PdnsConfig config = PdnsConfig.from(settings, context);
    if (config.mode() == PdnsConfig.Mode.API) {
      PdnsApi api;
      try {
        api = new PdnsApi(config);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            settings.section(),
            "api_ca_file",
            config.apiCaFile().map(Object::toString).orElse(""),
            e.getMessage());
      }
      return config.zoneMode() == PdnsConfig.ZoneMode.PRIMARY
          ? new ApiPrimaryBackend(config, api)
          : new ApiSecondaryBackend(config, api, context.masters());
    }
    PdnsControl control =
        config.controlTransport() == PdnsConfig.ControlTransport.NATIVE
            ? new NativePdnsControl(config.controlSocketDir(), config.timeout())
            : new ExecPdnsControl(
                config.controlPath(),
                config.controlSocketDir(),
                config.timeout(),
                context.host().commands());
    SqlStore store = new SqlStore(config);
    return config.zoneMode() == PdnsConfig.ZoneMode.PRIMARY
        ? new SqlPrimaryBackend(config, store, control)
        : new SqlSecondaryBackend(config, store, control, context.masters());
  }
}
