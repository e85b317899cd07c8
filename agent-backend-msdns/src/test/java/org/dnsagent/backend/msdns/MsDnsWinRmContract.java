// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.testing.contract.BackendContract;
import org.dnsagent.testing.contract.ContractContext;
import org.xbill.DNS.Name;

/**
 * The backend contract through WinRM4j against {@link FakeWsMan} and {@link FakeWindowsDns}. The
 * contract's primary listens on a high port; the backend is told the masters are on port 53 (as
 * Microsoft DNS requires) and the fake routes port 53 to the primary.
 */
abstract class MsDnsWinRmContract extends BackendContract {
  static final String USER = "dnsagent";
  static final String PASSWORD = "s3cret-'pass\"word";
  static final Name HAND = TestNames.name("conf.example.");

  FakeWindowsDns dns;
  FakeWsMan wsman;
  Path passwordFile;

  abstract String api();

  @Override
  protected void startServer() throws Exception {
    dns = new FakeWindowsDns();
    dns.seedHandZone("conf.example", 777);
    MasterServer master = context().masters().get(0);
    dns.route(master.address(), master.key().orElseThrow());
    wsman = new FakeWsMan(dns, USER, PASSWORD);
    wsman.start();
    passwordFile = directory().resolve("winrm-password");
    Files.writeString(passwordFile, PASSWORD + "\n");
  }

  @Override
  protected void stopServer() {
    if (wsman != null) {
      wsman.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  Map<String, String> settings() {
    return new java.util.HashMap<>(
        Map.of(
            "msdns_transport",
            "winrm",
            "msdns_api",
            api(),
            "winrm_endpoint",
            wsman.endpoint(),
            "winrm_auth",
            "basic",
            "winrm_user",
            USER,
            "winrm_password_file",
            passwordFile.toString(),
            "script_timeout",
            "5",
            "winrm_connect_timeout",
            "3"));
  }

  /** The contract's context with its masters moved to port 53, where MS DNS looks. */
  static ContractContext onPort53(ContractContext context) {
    List<MasterServer> masters =
        context.masters().stream()
            .map(
                m -> new MasterServer(new InetSocketAddress(m.address().getAddress(), 53), m.key()))
            .toList();
    return context.withMasters(masters);
  }

  @Override
  protected Backend createBackend(BackendContext context) {
    return new MsDnsBackendFactory()
        .create(
            new BackendSettings("backend:agent:msdns", settings()),
            onPort53((ContractContext) context));
  }

  @Override
  protected Optional<InetSocketAddress> dnsAddress() {
    return Optional.empty(); // the fake answers no DNS: findSoa and the inventory are checked
  }

  @Override
  protected Name handConfiguredZone() {
    return HAND;
  }

  @Override
  protected void makeUnavailable() {
    wsman.stop();
  }

  @Override
  protected void makeAvailable() throws Exception {
    wsman.start();
  }

  /**
   * The fake only asks the master for the SOA (it does not transfer records), so a big zone costs
   * the contract's primary and nothing here: a small one keeps the test quick.
   */
  @Override
  protected int bigZoneHosts() {
    return 1000;
  }

  @Override
  protected Duration backendTimeout() {
    return Duration.ofSeconds(5);
  }

  /** Minimal name helper for the test. */
  static final class TestNames {
    static Name name(String text) {
      return org.dnsagent.testing.TestZones.name(text);
    }
  }
}
