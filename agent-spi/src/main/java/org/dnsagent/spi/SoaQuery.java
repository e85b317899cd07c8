// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * One SOA query to one server, the same everywhere the project asks one (the agent asking its
 * masters, a backend asking its server what it serves, the pool tools asking an agent): optionally
 * signed, and when signed, a reply that does not verify with the same key is no answer at all.
 *
 * <pre>{@code
 * SoaQuery.Answer a = SoaQuery.to(server).timeout(Duration.ofSeconds(2)).key(tsig).ask(zone);
 * Optional<SOARecord> served = a.servedSoa();
 * }</pre>
 */
public final class SoaQuery {
  /**
   * What the server answered.
   *
   * @param rcode the reply's RCODE
   * @param authoritative the AA flag
   * @param soa the zone's own SOA from the answer section, if there was one
   * @param tsigError the TSIG error the server reported ({@link Rcode#NOERROR} if none)
   */
  public record Answer(int rcode, boolean authoritative, Optional<SOARecord> soa, int tsigError) {
    public Answer {
      requireNonNull(soa, "soa is null");
    }

    /** The SOA when the server serves the zone: NOERROR, authoritative, with the zone's SOA. */
    public Optional<SOARecord> servedSoa() {
      return rcode == Rcode.NOERROR && authoritative ? soa : Optional.empty();
    }

    /** The RCODE as text, with the TSIG error if any ({@code NOTAUTH (BADSIG)}). */
    public String describe() {
      String text = Rcode.string(rcode);
      return tsigError == Rcode.NOERROR ? text : text + " (" + Rcode.TSIGstring(tsigError) + ")";
    }
  }

  private final InetSocketAddress server;
  private Duration timeout = Duration.ofSeconds(5);
  private Optional<TSIG> key = Optional.empty();
  private Optional<String> keyName = Optional.empty();
  private Optional<InetAddress> source = Optional.empty();
  private boolean tcp;
  private boolean recursionDesired;
  private boolean edns = true;

  private SoaQuery(InetSocketAddress server) {
    this.server = requireNonNull(server, "server is null");
  }

  /** A query to {@code server}: 5 s timeout, unsigned, UDP, RD clear, EDNS as dnsjava sends it. */
  public static SoaQuery to(InetSocketAddress server) {
    return new SoaQuery(server);
  }

  public SoaQuery timeout(Duration newTimeout) {
    this.timeout = requireNonNull(newTimeout, "timeout is null");
    return this;
  }

  /** Signs with {@code newKey}; the reply must verify with it. */
  public SoaQuery key(Optional<TsigKeySpec> newKey) {
    this.key = newKey.map(TsigKeySpec::toTsig);
    this.keyName = newKey.map(TsigKeySpec::name);
    return this;
  }

  /** Signs with a dnsjava key (named {@code name} in messages); the reply must verify with it. */
  public SoaQuery key(TSIG newKey, String name) {
    this.key = Optional.of(newKey);
    this.keyName = Optional.of(name);
    return this;
  }

  /** Sends from this local address. */
  public SoaQuery source(Optional<InetAddress> address) {
    this.source = requireNonNull(address, "address is null");
    return this;
  }

  public SoaQuery tcp(boolean useTcp) {
    this.tcp = useTcp;
    return this;
  }

  /** Sets RD, as Designate's {@code get_serial} does. */
  public SoaQuery recursionDesired(boolean rd) {
    this.recursionDesired = rd;
    return this;
  }

  /** Sends without EDNS when false (Designate sends none). */
  public SoaQuery edns(boolean useEdns) {
    this.edns = useEdns;
    return this;
  }

  public InetSocketAddress server() {
    return server;
  }

  /**
   * Sends the query and returns what the server answered.
   *
   * @throws IOException on timeout or network error, a reply that does not match the query, or
   *     (with a key) a reply that is not signed with the key
   */
  public Answer ask(Name zone) throws IOException {
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTimeout(timeout);
    resolver.setTCP(tcp);
    if (!edns) {
      resolver.setEDNS(-1);
    }
    source.ifPresent(s -> resolver.setLocalAddress(new InetSocketAddress(s, 0)));
    key.ifPresent(resolver::setTSIGKey);
    Message query = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
    if (!recursionDesired) {
      query.getHeader().unsetFlag(Flags.RD);
    }
    Message reply = DnsExchange.send(resolver, query);
    int tsigError = reply.getTSIG() != null ? reply.getTSIG().getError() : Rcode.NOERROR;
    if (key.isPresent() && !reply.isVerified()) {
      String rcode = Rcode.string(reply.getRcode());
      if (tsigError != Rcode.NOERROR) {
        rcode += " (" + Rcode.TSIGstring(tsigError) + ")";
      }
      throw new IOException(
          HostPort.format(server)
              + " answered "
              + rcode
              + ", a reply not signed with key "
              + keyName.orElse("?"));
    }
    Optional<SOARecord> soa = Optional.empty();
    for (Record r : reply.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord s && s.getName().equals(zone)) {
        soa = Optional.of(s);
        break;
      }
    }
    return new Answer(reply.getRcode(), reply.getHeader().getFlag(Flags.AA), soa, tsigError);
  }
}
