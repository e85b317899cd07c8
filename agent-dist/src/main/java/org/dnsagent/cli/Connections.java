// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.dnsagent.core.config.Causes;
import org.dnsagent.core.config.OptionCheck;
import org.dnsagent.spi.DnsExchange;
import org.dnsagent.spi.MasterServer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The servers {@code check-config --connect} tries. */
final class Connections {
  /** A zone no server holds: asking a backend for it reaches its query destination. */
  static final Name PROBE_ZONE = Name.fromConstantString("dns-agent-check-config.invalid.");

  private Connections() {}

  /**
   * Sends an SOA query to a master (signed with its key, if it has one).
   *
   * @return the problem, in one line; empty if the master answered
   */
  static Optional<String> master(
      MasterServer master, Duration timeout, Optional<InetAddress> source) {
    try {
      SimpleResolver resolver = new SimpleResolver(master.address());
      resolver.setTimeout(timeout);
      source.ifPresent(s -> resolver.setLocalAddress(new InetSocketAddress(s, 0)));
      master.key().ifPresent(k -> resolver.setTSIGKey(k.toTsig()));
      Message reply =
          DnsExchange.send(
              resolver, Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN)));
      if (master.key().isPresent() && !reply.isVerified()) {
        return Optional.of(
            "master "
                + master
                + ": the reply is not signed with key "
                + master.key().get().name()
                + " ("
                + Rcode.string(reply.getRcode())
                + "): check that the master knows this key");
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(
          "master "
              + master
              + ": no answer to an SOA query within "
              + OptionCheck.seconds(timeout)
              + " s ("
              + Causes.describe(e)
              + "); check masters and soa_query_timeout");
    }
  }
}
