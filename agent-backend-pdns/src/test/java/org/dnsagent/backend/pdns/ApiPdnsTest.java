// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.testing.servers.PdnsDatabase;
import org.dnsagent.testing.servers.PdnsServer;
import org.junit.jupiter.api.Test;

/** API mode against pdns_server's HTTP API (its database: SQLite), both zone modes. */
class ApiPdnsTest extends PdnsContract {
  static final String KEY = "api-key-for-tests";

  @Override
  PdnsDatabase database(Path dir) {
    return PdnsDatabase.sqlite(dir);
  }

  @Override
  String apiKey() {
    return KEY;
  }

  @Override
  Map<String, String> modeSettings(PdnsServer server) {
    return Map.of(
        "pdns_mode", "api", "api_url", server.apiUrl(), "api_key_file", keyFile(KEY).toString());
  }

  private Path keyFile(String key) {
    try {
      Path file = dir.resolve("api-key-" + key.length());
      Files.writeString(file, key + "\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aWrongKeyIsAConfigurationErrorThatNamesTheOptionButNotTheKey() throws Exception {
    Map<String, String> s = new HashMap<>(settings("primary"));
    s.put("api_key_file", keyFile("wrong-key").toString());
    try (Backend wrong = backend(s)) {
      BackendException e = assertThrows(BackendException.class, wrong::start);
      assertEquals(Kind.MISCONFIGURED, e.kind());
      assertTrue(e.getMessage().contains("api_key_file"), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-key"), e.getMessage());
    }
  }

  @Test
  void anUnknownServerIdIsReported() throws Exception {
    Map<String, String> s = new HashMap<>(settings("primary"));
    s.put("server_id", "nosuchserver");
    try (Backend wrong = backend(s)) {
      BackendException e = assertThrows(BackendException.class, wrong::start);
      assertEquals(Kind.MISCONFIGURED, e.kind());
      assertTrue(e.getMessage().contains("nosuchserver"), e.getMessage());
    }
  }
}
