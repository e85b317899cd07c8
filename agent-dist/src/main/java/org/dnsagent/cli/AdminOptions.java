// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.core.admin.AdminClient;
import org.dnsagent.core.admin.AdminEndpoint;
import org.dnsagent.core.admin.AdminServer;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.OperationsConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How {@code status} and {@code ops} reach the running agent: {@code --admin}, else the admin
 * endpoint the configuration names ({@code state_path/admin.sock}, or {@code admin_listen}).
 */
final class AdminOptions {
  /** Exit codes beyond picocli's 0 (fine) and 2 (bad usage). */
  static final int REFUSED = 1;

  static final int UNREACHABLE = 3;

  @Mixin ConfigOptions config = new ConfigOptions();

  @Option(
      names = "--admin",
      paramLabel = "PATH|HOST:PORT",
      description =
          "the agent's admin endpoint: its unix socket or a loopback HOST:PORT"
              + " (default: from the configuration)")
  String admin;

  @Option(
      names = "--admin-token-file",
      paramLabel = "PATH",
      description =
          "the token file a TCP admin endpoint wants (default: admin.token in the state_path)")
  Path adminTokenFile;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "how long to wait for the agent (default: ${DEFAULT-VALUE})")
  double timeout = 10;

  AdminEndpoint endpoint() {
    if (admin != null) {
      return AdminEndpoint.parse(admin);
    }
    OperationsConfig ops = config.load(BackendRegistry.discover()).config().operations();
    if (ops.adminSocket().isPresent()
        && (Files.exists(ops.adminSocket().get()) || ops.adminListen().isEmpty())) {
      return new AdminEndpoint.Unix(ops.adminSocket().get());
    }
    if (ops.adminListen().isPresent()) {
      return new AdminEndpoint.Tcp(ops.adminListen().get());
    }
    throw new IllegalArgumentException(
        "the admin endpoint is off in the configuration (admin_socket, admin_listen)");
  }

  Object call(Map<String, Object> request) throws Exception {
    AdminEndpoint endpoint = endpoint();
    Optional<Path> token = Optional.empty();
    if (endpoint instanceof AdminEndpoint.Tcp) {
      token =
          Optional.of(
              adminTokenFile != null
                  ? adminTokenFile
                  : config
                      .load(BackendRegistry.discover())
                      .config()
                      .statePath()
                      .resolve(AdminServer.TOKEN_FILE));
    }
    return new AdminClient(endpoint, Duration.ofMillis((long) (timeout * 1000)), token)
        .call(request);
  }
}
