// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The TSIG keys a pool's entries refer to, found by Designate id or, failing that, by name. */
public final class PoolKeyring {
  private final Map<String, PoolTsigKey> byId = new LinkedHashMap<>();
  private final Map<String, PoolTsigKey> byName = new LinkedHashMap<>();

  /**
   * @throws IllegalArgumentException if two keys share an id or a name
   */
  public PoolKeyring(List<PoolTsigKey> keys) {
    for (PoolTsigKey key : keys) {
      if (byId.putIfAbsent(key.id(), key) != null) {
        throw new IllegalArgumentException("two TSIG keys have the id '" + key.id() + "'");
      }
      if (byName.putIfAbsent(key.name(), key) != null) {
        throw new IllegalArgumentException("two TSIG keys have the name '" + key.name() + "'");
      }
    }
  }

  /** A keyring without keys, for pools whose entries name none. */
  public static PoolKeyring empty() {
    return new PoolKeyring(List.of());
  }

  /** The key with this id, else the key with this name. */
  public Optional<PoolTsigKey> find(String idOrName) {
    PoolTsigKey key = byId.get(idOrName);
    return Optional.ofNullable(key != null ? key : byName.get(idOrName));
  }

  /**
   * The key a pool entry refers to, if it refers to one.
   *
   * @throws IllegalArgumentException if the entry names a key the keyring lacks
   */
  public Optional<PoolTsigKey> resolve(Optional<String> idOrName, String entry) {
    if (idOrName.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        find(idOrName.get())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        entry
                            + ": tsigkey_id '"
                            + idOrName.get()
                            + "' is not in the TSIG keys file ("
                            + byId.size()
                            + " keys)")));
  }

  /** How many keys the keyring holds. */
  public int size() {
    return byId.size();
  }
}
