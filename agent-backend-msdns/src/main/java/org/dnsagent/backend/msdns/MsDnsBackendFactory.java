// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import java.io.IOException;
import java.io.InputStream;
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
            List.of("secondary"),
            "secondary: Microsoft DNS transfers the zones from the masters itself (port 53 only)"),
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
    if (!mode.equals("secondary")) {
      throw settings.invalid("zone_mode", mode, "msdns supports secondary");
    }
    PowerShellScripts.Api api;
    try {
      api = PowerShellScripts.Api.of(settings.get("msdns_api", "dnsserver"));
    } catch (IllegalArgumentException e) {
      throw settings.invalid("msdns_api", settings.get("msdns_api", ""), "use dnsserver or wmi");
    }
    List<java.net.InetAddress> masters = port53Masters(section, context.masters());
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
    return new MsDnsSecondaryBackend(new PowerShellScripts(api), runner, masters, timeout, batch);
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
