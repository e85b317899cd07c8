// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.files;

import java.util.List;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.OptionSpec;

/** {@code backend_driver = files}: zone files in a directory, no DNS server needed. */
public final class FilesBackendFactory implements BackendFactory {
  @Override
  public String name() {
    return "files";
  }

  @Override
  public List<OptionSpec> options() {
    return FilesConfig.OPTIONS;
  }

  @Override
  public Backend create(BackendSettings settings, BackendContext context) {
    return new FilesBackend(FilesConfig.from(settings, context), context.host());
  }
}
