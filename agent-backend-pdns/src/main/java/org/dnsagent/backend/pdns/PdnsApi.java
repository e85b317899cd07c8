// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.xbill.DNS.Name;

/**
 * The PowerDNS Authoritative HTTP API ({@code /api/v1/servers/{server_id}}), over one {@link
 * HttpClient} (keep-alive connections, TLS verified against the system's CAs plus {@code
 * api_ca_file}). Errors become {@link BackendException}s by status: 404 absent, 409 conflict and
 * 422 bad data are REJECTED with PowerDNS's own message, 401/403 MISCONFIGURED, 5xx and I/O
 * UNAVAILABLE.
 */
final class PdnsApi {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A reply: status and body (JSON, or null when empty). */
  record Reply(int status, JsonNode body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** PowerDNS's {@code error} text, else the status. */
    String error() {
      if (body != null && body.hasNonNull("error")) {
        return body.get("error").asText();
      }
      return "HTTP " + status;
    }
  }

  private final URI base;
  private final Secret key;
  private final Duration timeout;
  private final HttpClient client;
  private final java.util.concurrent.Semaphore writes;

  PdnsApi(PdnsConfig config) {
    this.base = URI.create(config.apiUrl() + "/api/v1/servers/" + config.serverId());
    this.key = config.apiKey().orElseThrow();
    this.timeout = requireNonNull(config.timeout(), "timeout is null");
    this.writes = new java.util.concurrent.Semaphore(config.apiMaxConcurrentWrites(), true);
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (config.apiCaFile().isPresent()) {
      builder.sslContext(sslContext(config.apiCaFile().get()));
    }
    this.client = builder.build();
  }

  /** The zone's id in URLs: its absolute name (agent zone names need no escaping). */
  static String zoneId(Name zone) {
    return SqlNames.of(zone) + ".";
  }

  Reply get(String path) throws BackendException {
    return send("GET", path, null);
  }

  /** One millisecond per record on top of {@code timeout}, for calls carrying a whole zone. */
  static Duration allowanceFor(long records) {
    return Duration.ofMillis(Math.max(0, records));
  }

  /**
   * Sends a request; a 5xx answer (pdns_server's SQLite backend answers 500 when its database is
   * locked by a concurrent write) is retried twice after a short pause. Every call the backends
   * make is idempotent or checked (POST answers 409 when repeated).
   */
  Reply send(String method, String path, Object body) throws BackendException {
    return send(method, path, body, Duration.ZERO);
  }

  /**
   * Like {@link #send(String, String, Object)}, allowing {@code extra} time on top of {@code
   * timeout} (a big zone takes pdns longer to store).
   */
  Reply send(String method, String path, Object body, Duration extra) throws BackendException {
    boolean write = !method.equals("GET");
    if (write) {
      try {
        if (!writes.tryAcquire(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          throw new BackendException(
              Kind.UNAVAILABLE, "PowerDNS API: no write slot free within " + timeout);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException(Kind.UNAVAILABLE, "interrupted waiting for the PowerDNS API", e);
      }
    }
    try {
      return sendRetrying(method, path, body, timeout.plus(extra));
    } finally {
      if (write) {
        writes.release();
      }
    }
  }

  private Reply sendRetrying(String method, String path, Object body, Duration limit)
      throws BackendException {
    BackendException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return sendOnce(method, path, body, limit);
      } catch (BackendException e) {
        if (e.kind() != Kind.UNAVAILABLE || e.getCause() != null) {
          throw e; // a refusal, or an I/O failure already covered by the client's timeouts
        }
        last = e;
        try {
          Thread.sleep(100L * (attempt + 1) + (long) (Math.random() * 100));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    throw last;
  }

  private Reply sendOnce(String method, String path, Object body, Duration limit)
      throws BackendException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(limit)
            .header("X-API-Key", key.reveal())
            .header("Accept", "application/json");
    try {
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json");
        request.method(
            method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      }
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json = null;
      byte[] bytes = response.body();
      if (bytes != null && bytes.length > 0) {
        try {
          json = JSON.readTree(bytes);
        } catch (IOException e) {
          json =
              JSON.createObjectNode()
                  .put("error", new String(bytes, java.nio.charset.StandardCharsets.UTF_8).trim());
        }
      }
      Reply reply = new Reply(response.statusCode(), json);
      if (reply.status() == 401 || reply.status() == 403) {
        throw new BackendException(
            Kind.MISCONFIGURED,
            "PowerDNS API at "
                + base
                + " refused the key from api_key_file ("
                + reply.error()
                + ")");
      }
      if (reply.status() >= 500) {
        throw new BackendException(
            Kind.UNAVAILABLE, "PowerDNS API " + method + " " + path + ": " + reply.error());
      }
      return reply;
    } catch (IOException e) {
      throw new BackendException(
          Kind.UNAVAILABLE, "PowerDNS API at " + base + " unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, "interrupted calling the PowerDNS API", e);
    }
  }

  /**
   * Drops what pdns_server's caches hold for the zone (its packet cache would otherwise keep
   * answering REFUSED for a zone just created, or NOERROR for one just deleted).
   */
  void flush(Name zone) throws BackendException {
    Reply reply = send("PUT", "/cache/flush?domain=" + zoneId(zone), null);
    if (!reply.ok()) {
      throw failure("flush the cache of " + zone, reply);
    }
  }

  /** A zone with or without its rrsets; empty on 404. */
  Optional<JsonNode> zone(Name zone, boolean rrsets) throws BackendException {
    return zone(zone, rrsets, Duration.ZERO);
  }

  /** A zone, allowing {@code extra} time to read a big one. */
  Optional<JsonNode> zone(Name zone, boolean rrsets, Duration extra) throws BackendException {
    Reply reply =
        send("GET", "/zones/" + zoneId(zone) + (rrsets ? "" : "?rrsets=false"), null, extra);
    if (reply.status() == 404
        || reply.status() == 422 && reply.error().contains("Could not find")) {
      return Optional.empty();
    }
    if (!reply.ok()) {
      throw failure("read zone " + zone, reply);
    }
    return Optional.of(reply.body());
  }

  static BackendException failure(String what, Reply reply) {
    Kind kind =
        switch (reply.status()) {
          case 404, 409, 422, 400 -> Kind.REJECTED;
          default -> reply.status() >= 500 ? Kind.UNAVAILABLE : Kind.INTERNAL;
        };
    String why =
        switch (reply.status()) {
          case 404 -> "not found";
          case 409 -> "conflict";
          case 422 -> "rejected as unprocessable";
          default -> "HTTP " + reply.status();
        };
    return new BackendException(
        kind, "PowerDNS API: cannot " + what + ": " + why + " (" + reply.error() + ")");
  }

  private static SSLContext sslContext(Path caFile) {
    try {
      List<X509TrustManager> managers = new ArrayList<>();
      KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
      extra.load(null, null);
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      try (InputStream in = Files.newInputStream(caFile)) {
        int i = 0;
        for (var cert : cf.generateCertificates(in)) {
          extra.setCertificateEntry("ca" + i++, cert);
        }
        if (i == 0) {
          throw new IllegalArgumentException("api_ca_file " + caFile + " holds no certificate");
        }
      }
      managers.add(trustManager(extra));
      managers.add(trustManager(null));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AnyOf(managers)}, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read api_ca_file " + caFile + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager");
  }

  /** Trusts a server chain that any of the managers trusts (the CA file, else the system's). */
  private static final class AnyOf implements X509TrustManager {
    private final List<X509TrustManager> managers;

    AnyOf(List<X509TrustManager> managers) {
      this.managers = List.copyOf(managers);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client certificates are not checked here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      CertificateException last = null;
      for (X509TrustManager m : managers) {
        try {
          m.checkServerTrusted(chain, authType);
          return;
        } catch (CertificateException e) {
          last = e;
        }
      }
      throw last;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      List<X509Certificate> all = new ArrayList<>();
      for (X509TrustManager m : managers) {
        all.addAll(List.of(m.getAcceptedIssuers()));
      }
      return all.toArray(new X509Certificate[0]);
    }
  }
}
