// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import java.util.List;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.OptionSpec;

/** {@code backend_driver = knot}: zones on Knot DNS through its control socket. */
public final class KnotBackendFactory implements BackendFactory {

  @Override
  public String name() {
    return "knot";
  }

  @Override
  public List<OptionSpec> options() {
    return KnotConfig.OPTIONS;
  }

  @Override
  public Backend create(BackendSettings settings, BackendContext context) {
    KnotConfig config = KnotConfig.from(settings, context);
    KnotControl control = control(config, context);
    return switch (config.zoneMode()) {
      case PRIMARY -> new KnotPrimaryBackend(config, control, context.host());
      case SECONDARY ->
          new KnotSecondaryBackend(config, control, context.host(), context.masters());
    };
  }

  static KnotControl control(KnotConfig config, BackendContext context) {
    return switch (config.transport()) {
      case NATIVE -> new NativeKnotControl(config.socket(), config.timeout());
      case EXEC ->
          new ExecKnotControl(
              config.knotc(), config.socket(), config.timeout(), context.host().commands());
    };
  }
}
