// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dnsagent.core.config.TransferLimits;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.SoaQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;

/**
 * Talks to the masters: asks them for a zone's SOA and transfers the zone, trying the masters in
 * the configured order until one succeeds.
 */
public final class MasterClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MasterClient.class);

  private final List<MasterServer> masters;
  private final Optional<InetAddress> source;
  private final Duration soaTimeout;
  private final ZoneTransferClient transfers;

  public MasterClient(
      List<MasterServer> masters,
      Optional<InetAddress> source,
      Duration soaTimeout,
      TransferLimits limits,
      Path spoolDirectory) {
    this(masters, source, soaTimeout, limits, spoolDirectory, TransferObserver.NONE);
  }

  public MasterClient(
      List<MasterServer> masters,
      Optional<InetAddress> source,
      Duration soaTimeout,
      TransferLimits limits,
      Path spoolDirectory,
      TransferObserver observer) {
    this.masters = List.copyOf(masters);
    this.source = source;
    this.soaTimeout = soaTimeout;
    this.transfers = new ZoneTransferClient(limits, soaTimeout, source, spoolDirectory, observer);
  }

  public List<MasterServer> masters() {
    return masters;
  }

  /**
   * The zone's SOA from the first master that answers authoritatively.
   *
   * @throws TransferException listing what each master said
   */
  public MasterSoa querySoa(Name zone) throws TransferException {
    if (masters.isEmpty()) {
      throw new TransferException("no masters configured ([service:agent] masters)", false);
    }
    List<String> failures = new ArrayList<>();
    boolean retryable = false;
    for (MasterServer master : masters) {
      try {
        SOARecord soa = querySoa(zone, master);
        return new MasterSoa(master, soa);
      } catch (IOException e) {
        retryable = true;
        failures.add(
            master
                + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      } catch (TransferException e) {
        retryable |= e.retryable();
        failures.add(master + ": " + e.getMessage());
      }
    }
    // Worth retrying only if a master did not answer (or answered SERVFAIL): one that answers
    // that it lacks the zone is not down, and the controller repeats a CREATE itself.
    throw new TransferException(
        "no master served the SOA of " + zone + " (" + String.join("; ", failures) + ")",
        retryable);
  }

  private SOARecord querySoa(Name zone, MasterServer master) throws IOException, TransferException {
    SoaQuery.Answer answer =
        SoaQuery.to(master.address())
            .timeout(soaTimeout)
            .source(source)
            .key(master.key())
            .recursionDesired(true)
            .ask(zone);
    if (answer.rcode() != Rcode.NOERROR) {
      throw new TransferException(answer.describe(), answer.rcode() == Rcode.SERVFAIL);
    }
    if (answer.soa().isEmpty()) {
      throw new TransferException("no SOA in the answer", false);
    }
    if (!answer.authoritative()) {
      throw new TransferException("answer not authoritative", false);
    }
    return answer.soa().get();
  }

  /**
   * Transfers the zone, from {@code preferred} first and then the other masters. Asks for IXFR when
   * {@code current} is given (the backend's SOA) and the backend can apply changes.
   */
  public TransferResult transfer(Name zone, MasterServer preferred, Optional<SOARecord> current)
      throws TransferException {
    List<MasterServer> order = new ArrayList<>();
    order.add(preferred);
    masters.stream().filter(m -> !m.equals(preferred)).forEach(order::add);
    List<String> failures = new ArrayList<>();
    boolean retryable = false;
    for (MasterServer master : order) {
      try {
        return transfers.transfer(zone, master, current);
      } catch (TransferException e) {
        log.warn("{}", e.getMessage());
        failures.add(e.getMessage());
        retryable |= e.retryable();
      }
    }
    throw new TransferException(String.join("; ", failures), retryable);
  }

  /**
   * Transfers the whole zone from the first master that serves it, trying them in the configured
   * order: a new zone needs no SOA query first, its transfer starts with the SOA.
   *
   * @throws TransferException listing what each master said; retryable unless every master answered
   *     that it does not have the zone
   */
  public TransferResult.Full transferNew(Name zone) throws TransferException {
    if (masters.isEmpty()) {
      throw new TransferException("no masters configured ([service:agent] masters)", false);
    }
    List<String> failures = new ArrayList<>();
    boolean retryable = false;
    for (MasterServer master : masters) {
      try {
        TransferResult result = transfers.transfer(zone, master, Optional.empty());
        if (result instanceof TransferResult.Full full) {
          return full;
        }
        throw new TransferException("AXFR answered with " + result, true);
      } catch (ZoneTransferClient.RefusedException e) {
        failures.add(master + ": " + Rcode.string(e.rcode()));
        retryable |= e.retryable();
      } catch (TransferException e) {
        log.warn("{}", e.getMessage());
        failures.add(e.getMessage());
        retryable |= e.retryable();
      }
    }
    // As for the SOA query: retrying helps only if a master did not answer or failed midway.
    throw new TransferException(
        "no master served the zone " + zone + " (" + String.join("; ", failures) + ")", retryable);
  }

  @Override
  public void close() {
    // Transfers hold no shared resources: each has its own connection.
  }
}
