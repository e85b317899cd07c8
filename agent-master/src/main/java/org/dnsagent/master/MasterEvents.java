// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Callbacks about what a {@link LocalMaster} or a {@link ZoneServer} does, for a user interface.
 * Every method has an empty default; they are called from the master's own threads and must return
 * quickly.
 */
public interface MasterEvents {
  /** No-op listener. */
  MasterEvents NONE = new MasterEvents() {};

  /** A zone was loaded for the first time, or a new version of it replaced the previous one. */
  default void zoneLoaded(ZoneInfo zone) {}

  /** A zone was dropped because its file disappeared (or now holds another zone). */
  default void zoneRemoved(Name zone) {}

  /** A zone file failed to load; a previous version of its zone, if any, is still served. */
  default void loadFailed(LoadError error) {}

  /** A NOTIFY was sent; {@code attempt} is 1 for the first transmission. */
  default void notifySent(Name zone, long serial, InetSocketAddress target, int attempt) {}

  /**
   * A zone transfer was sent: the whole zone ({@code incremental} false: AXFR, or IXFR answered in
   * full) or its differences up to {@code serial}. An IXFR answered with the SOA alone (the client
   * is current) is not a transfer.
   */
  default void transferSent(Name zone, long serial, boolean incremental) {}

  /** {@link #transferSent(Name, long, boolean)}, with the client that asked for it. */
  default void transferSent(Name zone, long serial, boolean incremental, InetAddress client) {
    transferSent(zone, serial, incremental);
  }

  /** A query from a client outside the allow list was answered REFUSED. */
  default void queryRefused(Record question, InetAddress client) {}
}
