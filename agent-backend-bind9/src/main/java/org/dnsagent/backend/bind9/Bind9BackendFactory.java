// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import java.nio.file.Path;
import java.util.List;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.OptionSpec;

/** {@code backend_driver = bind9}: zones on BIND 9 through its control channel. */
public final class Bind9BackendFactory implements BackendFactory {
  /** Where Debian installs rndc; the exec transport runs it. */
  static final Path RNDC = Path.of("/usr/sbin/rndc");

  @Override
  public String name() {
    return "bind9";
  }

  @Override
  public List<OptionSpec> options() {
    return Bind9Config.OPTIONS;
  }

  @Override
  public Backend create(BackendSettings settings, BackendContext context) {
    Bind9Config config = Bind9Config.from(settings, context);
    return Bind9Backend.create(
        config, transport(config, context), context.masters(), context.host().files());
  }

  static RndcTransport transport(Bind9Config config, BackendContext context) {
    return switch (config.rndcTransport()) {
      case NATIVE ->
          new NativeRndcTransport(config.rndcAddress(), config.rndcKey(), config.rndcTimeout());
      case EXEC ->
          new ExecRndcTransport(
              RNDC,
              config.rndcAddress(),
              config.rndcKeySource(),
              config.rndcKey(),
              config.rndcTimeout(),
              config.maxRndcProcesses(),
              context.host().commands());
    };
  }
}
