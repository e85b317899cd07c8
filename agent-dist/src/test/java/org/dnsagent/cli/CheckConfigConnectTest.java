// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.master.MasterEvents;
import org.dnsagent.spi.HostPort;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 item 1: {@code check-config --connect} against a real named and a real master. */
class CheckConfigConnectTest {
  @TempDir Path dir;

  @Test
  void connectReachesTheControlChannelTheQueryDestinationAndTheMasters() throws Exception {
    Path zones = Files.createDirectories(dir.resolve("master"));
    try (NamedServer named = NamedServer.builder().start();
        LocalMaster master =
            new LocalMaster(
                LocalMasterOptions.builder(zones)
                    .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                    .build(),
                MasterEvents.NONE)) {
      master.start();
      Path conf =
          Files.writeString(
              dir.resolve("agent.conf"),
              """
              [DEFAULT]
              state_path = %s
              [service:agent]
              masters = %s
              backend_driver = bind9
              [backend:agent:bind9]
              rndc_key_file = %s
              rndc_port = %d
              query_destination = 127.0.0.1:%d
              zone_file_path = %s
              """
                  .formatted(
                      dir.resolve("state"),
                      HostPort.format(master.address()),
                      named.keyFile(),
                      named.rndcPort(),
                      named.dnsPort(),
                      dir.resolve("zones")));
      CliRun run = CliRun.of("check-config", "--connect", "--config-file", conf.toString());
      assertEquals(0, run.exitCode(), run.err() + run.out());
      assertTrue(run.out().contains("# target default (bind9): started, named answers"), run.out());
      assertTrue(run.out().contains("answers queries"), run.out());
      assertTrue(
          run.out().contains("# master " + HostPort.format(master.address()) + ": answers"),
          run.out());

      named.stop();
      CliRun down = CliRun.of("check-config", "--connect", "--config-file", conf.toString());
      assertEquals(2, down.exitCode(), down.out());
      assertTrue(down.err().contains("target default (bind9): "), down.err());
    }
  }
}
