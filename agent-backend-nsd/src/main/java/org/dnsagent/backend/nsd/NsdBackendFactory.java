// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.OptionSpec;

/** {@code backend_driver = nsd}: zones on NSD 4 through nsd-control. */
public final class NsdBackendFactory implements BackendFactory {

  @Override
  public String name() {
    return "nsd";
  }

  @Override
  public List<OptionSpec> options() {
    return NsdConfig.OPTIONS;
  }

  @Override
  public Backend create(BackendSettings settings, BackendContext context) {
    NsdConfig config = NsdConfig.from(settings, context);
    HostAccess host = context.host();
    ControlTransport control = transport(config, settings, host);
    return switch (config.zoneMode()) {
      case PRIMARY -> new NsdPrimaryBackend(config, control, host);
      case SECONDARY -> new NsdSecondaryBackend(config, control, host, context.masters());
    };
  }

  static ControlTransport transport(NsdConfig config, BackendSettings settings, HostAccess host) {
    if (config.transport() == NsdConfig.Transport.EXEC) {
      return new ExecControlTransport(
          config.nsdControlPath(),
          config.nsdConfFile(),
          Optional.of(config.control()),
          config.timeout(),
          host.commands());
    }
    if (config.controlSocket().isPresent()) {
      return new NativeControlTransport(
          new NativeControlTransport.UnixEndpoint(config.controlSocket().get()), config.timeout());
    }
    PemTls.Material tls;
    try {
      tls = PemTls.load(config.controlCertFile(), config.controlKeyFile(), config.serverCertFile());
    } catch (IOException | GeneralSecurityException e) {
      throw settings.invalid(
          "nsd_control_cert_file",
          config.controlCertFile().toString(),
          "cannot load the TLS files for nsd-control ("
              + config.controlCertFile()
              + ", "
              + config.controlKeyFile()
              + ", "
              + config.serverCertFile()
              + "): "
              + e.getMessage()
              + "; run nsd-control-setup, or use a UNIX socket (nsd_control = /path)");
    }
    return new NativeControlTransport(
        new NativeControlTransport.TlsEndpoint(config.controlAddress().orElseThrow(), tls),
        config.timeout());
  }
}
