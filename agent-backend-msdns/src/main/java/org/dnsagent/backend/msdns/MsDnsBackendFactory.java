// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.dnsagent.master.ZoneServer;
import org.dnsagent.spi.AddressAcl;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.OptionSpec;
import org.dnsagent.spi.OptionSpec.Type;

/** {@code backend_driver = msdns}: Microsoft DNS through PowerShell, locally or over WinRM. */
public final class MsDnsBackendFactory implements BackendFactory {
  static final String AUTH_BASIC = "Basic";
  static final String AUTH_NTLM = "NTLM";
  static final String AUTH_KERBEROS = "Kerberos";

  @Override
  public String name() {
    return "msdns";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.choice(
            "zone_mode",
            List.of("secondary", "relay"),
            "secondary: Microsoft DNS transfers the zones from the masters itself (port 53 only);"
                + " relay: the agent transfers them (any port, TSIG, IXFR) and serves them to"
                + " Microsoft DNS from relay_listen"),
        OptionSpec.of(
            "relay_listen",
            Type.HOST_PORT,
            null,
            "relay: address:port the relay serves the zones on (AXFR, IXFR, SOA), for example"
                + " 192.0.2.53:53; Microsoft DNS transfers from port 53 only"),
        OptionSpec.of(
            "relay_allow",
            Type.LIST,
            null,
            "relay: Microsoft DNS's addresses or CIDR prefixes; the relay answers REFUSED to"
                + " anyone else"),
        OptionSpec.of(
            "relay_master_address",
            Type.STRING,
            null,
            "relay: the IP address Microsoft DNS's zones name as their master (default:"
                + " relay_listen's address; required when that is a wildcard)"),
        OptionSpec.of(
            "relay_notify",
            Type.LIST,
            null,
            "relay: where NOTIFYs go on every change, host[:port] (default: the single addresses"
                + " of relay_allow, port 53)"),
        OptionSpec.of(
            "relay_ixfr_history",
            Type.INTEGER,
            "10",
            "relay: serial-to-serial differences kept per zone for IXFR (in memory; AXFR after a"
                + " restart)"),
        OptionSpec.choice(
            "msdns_api",
            List.of("dnsserver", "wmi"),
            "dnsserver: the DnsServer PowerShell module; wmi: the root\\MicrosoftDNS WMI classes"),
        OptionSpec.choice(
            "msdns_transport",
            List.of("local", "winrm"),
            "local: PowerShell on this host (agent on the DNS server); winrm: over WS-Management"),
        OptionSpec.of(
            "powershell_path", Type.STRING, "powershell.exe", "the local PowerShell program"),
        OptionSpec.of(
            "powershell_reuse",
            Type.BOOLEAN,
            "true",
            "local: one long-lived PowerShell for every script rather than one per script"),
        OptionSpec.of("script_timeout", Type.DURATION, "60", "longest one script may run"),
        OptionSpec.of(
            "batch_size", Type.INTEGER, "50", "most zones in one script (calls queued together)"),
        OptionSpec.of(
            "winrm_endpoint",
            Type.STRING,
            null,
            "winrm: the server's WS-Management URL, for example https://dns1.example.net:5986/wsman"),
        OptionSpec.of(
            "winrm_user", Type.STRING, null, "winrm: account (DOMAIN\\user or user@REALM)"),
        OptionSpec.of(
                "winrm_password_file",
                Type.PATH,
                null,
                "winrm: file holding the account's password (one line)")
            .asSecret(),
        OptionSpec.choice(
            "winrm_auth", List.of("ntlm", "kerberos", "basic"), "winrm: authentication scheme"),
        OptionSpec.of(
            "winrm_ca_file",
            Type.PATH,
            null,
            "winrm: PEM file of the CA(s) that signed the server's certificate (default: the JVM's)"),
        OptionSpec.of(
            "winrm_connect_timeout", Type.DURATION, "10", "winrm: longest wait for a connection"),
        OptionSpec.of(
            "winrm_max_shells", Type.INTEGER, "4", "winrm: most remote shells open at once"));
  }

  @Override
  public Backend create(BackendSettings settings, BackendContext context) {
    String section = settings.section();
    String mode = settings.get("zone_mode", "secondary");
    if (!mode.equals("secondary") && !mode.equals("relay")) {
      throw settings.invalid("zone_mode", mode, "use secondary or relay");
    }
    RelaySettings relay = null;
    if (mode.equals("relay")) {
      relay = relaySettings(settings);
    } else {
      for (String option : RELAY_OPTIONS) {
        if (settings.get(option).isPresent()) {
          throw settings.invalid(
              option, settings.get(option).get(), "only for zone_mode = relay (mode is secondary)");
        }
      }
    }
    PowerShellScripts.Api api;
    try {
      api = PowerShellScripts.Api.of(settings.get("msdns_api", "dnsserver"));
    } catch (IllegalArgumentException e) {
      throw settings.invalid("msdns_api", settings.get("msdns_api", ""), "use dnsserver or wmi");
    }
    List<java.net.InetAddress> masters =
        relay != null ? List.of(relay.masterAddress()) : port53Masters(section, context.masters());
    Duration timeout = settings.getDuration("script_timeout", Duration.ofSeconds(60));
    int batch = settings.getInt("batch_size", 50, 1, 1000);
    String transport = settings.get("msdns_transport", "local");
    ScriptRunner runner =
        switch (transport) {
          case "local" ->
              new LocalScriptRunner(
                  settings.get("powershell_path", "powershell.exe"),
                  settings.getBoolean("powershell_reuse", true));
          case "winrm" -> new WinRmScriptRunner(winRm(settings));
          default -> throw settings.invalid("msdns_transport", transport, "use local or winrm");
        };
    MsDnsSecondaryBackend msdns =
        new MsDnsSecondaryBackend(new PowerShellScripts(api), runner, masters, timeout, batch);
    if (relay == null) {
      return msdns;
    }
    RelayZones zones =
        new RelayZones(
            context.stateDirectory().resolve("relay"),
            ZoneServer.Options.builder(relay.listen())
                .allow(relay.allow())
                .notifyTargets(relay.notifyTargets())
                .maxDiffsPerZone(relay.ixfrHistory())
                .threadPrefix("msdns-relay-" + context.targetName())
                .build());
    return new MsDnsRelayBackend(
        msdns, zones, relay.listen(), relay.masterAddress().getHostAddress());
  }

  static final List<String> RELAY_OPTIONS =
      List.of(
          "relay_listen",
          "relay_allow",
          "relay_master_address",
          "relay_notify",
          "relay_ixfr_history");

  /** The relay's settings, checked. */
  record RelaySettings(
      InetSocketAddress listen,
      AddressAcl allow,
      InetAddress masterAddress,
      List<InetSocketAddress> notifyTargets,
      int ixfrHistory) {}

  static RelaySettings relaySettings(BackendSettings settings) {
    String section = settings.section();
    String listenText =
        settings
            .get("relay_listen")
            .orElseThrow(
                () ->
                    new ConfigException(
                        section,
                        "relay_listen",
                        "zone_mode = relay needs relay_listen: the address:port Microsoft DNS"
                            + " transfers from, for example 192.0.2.53:53"));
    InetSocketAddress listen = ipAndPort(settings, "relay_listen", listenText);
    List<String> allowItems = settings.getList("relay_allow");
    if (allowItems.isEmpty()) {
      throw new ConfigException(
          section,
          "relay_allow",
          "zone_mode = relay needs relay_allow: Microsoft DNS's addresses (the relay answers"
              + " nobody else)");
    }
    AddressAcl allow;
    try {
      allow = AddressAcl.parse(allowItems);
    } catch (IllegalArgumentException e) {
      throw settings.invalid("relay_allow", String.join(", ", allowItems), e.getMessage());
    }
    InetAddress master;
    Optional<String> masterText = settings.get("relay_master_address");
    if (masterText.isPresent()) {
      master = ipAndPort(settings, "relay_master_address", masterText.get()).getAddress();
      if (masterText.get().contains("]:") || masterText.get().matches("[^:]*:[0-9]+")) {
        throw settings.invalid(
            "relay_master_address",
            masterText.get(),
            "an IP address without a port (Microsoft DNS dials port 53)");
      }
      if (master.isAnyLocalAddress()) {
        throw settings.invalid(
            "relay_master_address", masterText.get(), "a wildcard cannot be dialled");
      }
    } else if (listen.getAddress().isAnyLocalAddress()) {
      throw new ConfigException(
          section,
          "relay_master_address",
          "relay_listen "
              + HostPort.format(listen)
              + " is a wildcard: set relay_master_address to the address Microsoft DNS should"
              + " transfer from");
    } else {
      master = listen.getAddress();
    }
    List<InetSocketAddress> notify = new ArrayList<>();
    for (String item : settings.getList("relay_notify")) {
      notify.add(ipAndPort(settings, "relay_notify", item));
    }
    if (settings.get("relay_notify").isEmpty()) {
      for (String item : allowItems) {
        String host = item.replaceAll("/(32|128)$", "");
        if (!host.contains("/")) {
          notify.add(ipAndPort(settings, "relay_allow", host));
        }
      }
      if (notify.isEmpty()) {
        throw new ConfigException(
            section,
            "relay_notify",
            "relay_allow has only prefixes: set relay_notify to Microsoft DNS's address(es)");
      }
    }
    int history = settings.getInt("relay_ixfr_history", 10, 0, 1000);
    return new RelaySettings(listen, allow, master, notify, history);
  }

  /** An IP literal with an optional port (53 by default): never a name to resolve. */
  private static InetSocketAddress ipAndPort(BackendSettings settings, String option, String text) {
    String host = text.strip();
    if (host.startsWith("[")) {
      host = host.substring(1, Math.max(1, host.indexOf(']')));
    } else if (host.indexOf(':') == host.lastIndexOf(':') && host.contains(":")) {
      host = host.substring(0, host.indexOf(':'));
    }
    if (!host.matches("[0-9a-fA-F:.]+") || !(host.contains(".") || host.contains(":"))) {
      throw settings.invalid(option, text, "not an IP address (host:port, [v6]:port)");
    }
    try {
      return HostPort.parse(text, 53);
    } catch (IllegalArgumentException e) {
      throw settings.invalid(option, text, e.getMessage());
    }
  }

  /** Microsoft DNS transfers only from port 53: every master must be there. */
  static List<java.net.InetAddress> port53Masters(String section, List<MasterServer> masters) {
    if (masters.isEmpty()) {
      throw new ConfigException(
          section,
          "masters",
          "zone_mode = secondary needs masters for Microsoft DNS to transfer from");
    }
    List<java.net.InetAddress> addresses = new ArrayList<>();
    for (MasterServer m : masters) {
      if (m.address().getPort() != 53) {
        throw new ConfigException(
            section,
            "masters",
            HostPort.format(m.address()),
            "Microsoft DNS transfers secondary zones only from port 53; serve the zones on port"
                + " 53 for it, or have the agent relay them");
      }
      if (m.address().isUnresolved()) {
        throw new ConfigException(
            section, "masters", HostPort.format(m.address()), "Microsoft DNS needs an IP address");
      }
      addresses.add(m.address().getAddress());
    }
    return addresses;
  }

  static WinRmScriptRunner.Settings winRm(BackendSettings settings) {
    String endpoint =
        settings
            .get("winrm_endpoint")
            .orElseThrow(
                () ->
                    new ConfigException(
                        settings.section(),
                        "winrm_endpoint",
                        "msdns_transport = winrm needs winrm_endpoint (https://HOST:5986/wsman)"));
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw settings.invalid("winrm_endpoint", endpoint, "not a URL");
    }
    String scheme = String.valueOf(uri.getScheme());
    String auth = settings.get("winrm_auth", "ntlm");
    String authScheme =
        switch (auth) {
          case "ntlm" -> AUTH_NTLM;
          case "kerberos" -> AUTH_KERBEROS;
          case "basic" -> AUTH_BASIC;
          default -> throw settings.invalid("winrm_auth", auth, "use ntlm, kerberos or basic");
        };
    if (!scheme.equals("https")) {
      boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
      if (!scheme.equals("http") || !loopback || !authScheme.equals(AUTH_BASIC)) {
        throw settings.invalid(
            "winrm_endpoint",
            endpoint,
            "use https:// (plain http is accepted only to 127.0.0.1 with basic auth, for tests)");
      }
    }
    String user =
        settings
            .get("winrm_user")
            .orElseThrow(
                () ->
                    new ConfigException(
                        settings.section(),
                        "winrm_user",
                        "msdns_transport = winrm needs winrm_user"));
    Optional<String> domain = Optional.empty();
    int slash = user.indexOf('\\');
    if (slash > 0 && !authScheme.equals(AUTH_BASIC)) {
      domain = Optional.of(user.substring(0, slash));
      user = user.substring(slash + 1);
    }
    Path passwordFile =
        settings
            .getPath("winrm_password_file")
            .orElseThrow(
                () ->
                    new ConfigException(
                        settings.section(),
                        "winrm_password_file",
                        "msdns_transport = winrm needs winrm_password_file"));
    String password;
    try {
      password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigException(
          settings.section(),
          "winrm_password_file",
          passwordFile.toString(),
          "cannot read it: " + e.getMessage());
    }
    if (password.isEmpty()) {
      throw new ConfigException(
          settings.section(), "winrm_password_file", passwordFile.toString(), "the file is empty");
    }
    Optional<SSLContext> ssl = Optional.empty();
    Optional<Path> ca = settings.getPath("winrm_ca_file");
    if (ca.isPresent()) {
      ssl = Optional.of(sslContextTrusting(settings.section(), ca.get()));
    }
    return new WinRmScriptRunner.Settings(
        endpoint,
        authScheme,
        domain,
        user,
        password,
        ssl,
        settings.getDuration("winrm_connect_timeout", Duration.ofSeconds(10)),
        settings.getInt("winrm_max_shells", 4, 1, 64));
  }

  /** An SSL context trusting exactly the certificates in a PEM file; host names still verified. */
  static SSLContext sslContextTrusting(String section, Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + n++, cert);
      }
      if (n == 0) {
        throw new ConfigException(section, "winrm_ca_file", pem.toString(), "no certificate in it");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(section, "winrm_ca_file", pem.toString(), e.getMessage());
    }
  }
}
