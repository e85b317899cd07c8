// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.Optional;
import org.dnsagent.core.config.TransferLimits;
import org.dnsagent.spi.MasterServer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Transfers one zone from one master with dnsjava's {@link ZoneTransferIn}, streaming an AXFR into
 * a spool file and folding an IXFR into net changes, within {@link TransferLimits}. A transfer that
 * fails or exceeds a limit leaves nothing behind (RFC 5936 §6: a partial zone is never used).
 */
final class ZoneTransferClient {
  private final TransferLimits limits;
  private final Optional<InetAddress> source;
  private final Path spoolDirectory;
  private final TransferWatchdog watchdog;

  ZoneTransferClient(
      TransferLimits limits,
      Optional<InetAddress> source,
      Path spoolDirectory,
      TransferWatchdog watchdog) {
    this.limits = limits;
    this.source = source;
    this.spoolDirectory = spoolDirectory;
    this.watchdog = watchdog;
  }

  /**
   * Transfers {@code zone}: IXFR from {@code current}'s serial when given, else AXFR.
   *
   * @throws TransferException on any failure; nothing partial is returned
   */
  TransferResult transfer(Name zone, MasterServer master, Optional<SOARecord> current)
      throws TransferException {
    TSIG tsig = master.key().map(k -> k.toTsig()).orElse(null);
    InetSocketAddress address = master.address();
    ZoneTransferIn xfr =
        current.isPresent()
            ? ZoneTransferIn.newIXFR(
                zone,
                current.get().getSerial(),
                true,
                address.getAddress().getHostAddress(),
                address.getPort(),
                tsig)
            : ZoneTransferIn.newAXFR(zone, address, tsig);
    xfr.setTimeout(limits.totalTimeout());
    source.ifPresent(s -> xfr.setLocalAddress(new InetSocketAddress(s, 0)));
    Handler handler = new Handler(zone);
    try (TransferWatchdog.Watch watch =
        watchdog.watch(limits.connectTimeout(), limits.idleTimeout())) {
      handler.watch = watch;
      try {
        xfr.run(handler);
      } catch (ClosedByInterruptException | InterruptedIOException e) {
        throw failure(zone, master, watch, e);
      } catch (IOException e) {
        if (watch.abortReason() != null) {
          throw failure(zone, master, watch, e);
        }
        throw new TransferException(
            "transfer of " + zone + " from " + master + " failed: " + describe(e), true, e);
      } catch (ZoneTransferException e) {
        if (watch.abortReason() != null) {
          throw failure(zone, master, watch, e);
        }
        throw new TransferException(
            "transfer of " + zone + " from " + master + " refused: " + e.getMessage(),
            !handler.limitExceeded,
            e);
      }
      return handler.result(current);
    } catch (IOException e) {
      throw new TransferException("cannot spool " + zone + ": " + e.getMessage(), true, e);
    } finally {
      handler.discard();
    }
  }

  private static TransferException failure(
      Name zone, MasterServer master, TransferWatchdog.Watch watch, Exception e) {
    String reason = watch.abortReason() != null ? watch.abortReason() : describe(e);
    return new TransferException(
        "transfer of " + zone + " from " + master + " aborted: " + reason, true, e);
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Receives the records; enforces size limits as they arrive. */
  private final class Handler implements ZoneTransferIn.ZoneTransferHandler {
    private final Name zone;
    private TransferWatchdog.Watch watch;
    private SpooledZone.Writer spool;
    private IxfrAccumulator ixfr;
    private SpooledZone finished;
    private boolean closingSoaSeen;
    private long records;
    private long outOfZone;
    private boolean limitExceeded;

    Handler(Name zone) {
      this.zone = zone;
    }

    @Override
    public void startAXFR() throws ZoneTransferException {
      try {
        spool = new SpooledZone.Writer(zone, spoolDirectory);
      } catch (IOException e) {
        throw new ZoneTransferException("cannot create spool file: " + e.getMessage());
      }
    }

    @Override
    public void startIXFR() {
      ixfr = new IxfrAccumulator(zone);
    }

    @Override
    public void startIXFRDeletes(Record soa) {
      ixfr.startDeletes((SOARecord) soa);
    }

    @Override
    public void startIXFRAdds(Record soa) {
      ixfr.startAdds((SOARecord) soa);
    }

    @Override
    public void handleRecord(Record r) throws ZoneTransferException {
      watch.progress();
      if (++records > limits.maxRecords()) {
        limitExceeded = true;
        throw new ZoneTransferException(
            "more than " + limits.maxRecords() + " records (transfer_max_records)");
      }
      if (!r.getName().subdomain(zone)) {
        outOfZone++;
        return;
      }
      if (ixfr != null) {
        ixfr.record(r);
        return;
      }
      if (spool.count() > 0 && r instanceof SOARecord && r.getName().equals(zone)) {
        closingSoaSeen = true; // the SOA that ends an AXFR is not part of the zone
        return;
      }
      try {
        spool.write(r);
      } catch (IOException e) {
        throw new ZoneTransferException("cannot write spool file: " + e.getMessage());
      }
      if (spool.bytes() > limits.maxBytes()) {
        limitExceeded = true;
        throw new ZoneTransferException(
            "more than " + limits.maxBytes() + " bytes (transfer_max_bytes)");
      }
    }

    TransferResult result(Optional<SOARecord> current) throws IOException, TransferException {
      if (spool != null) {
        if (!closingSoaSeen) {
          throw new TransferException(
              "transfer of " + zone + " ended without its closing SOA", true);
        }
        finished = spool.finish();
        spool = null;
        SpooledZone done = finished;
        finished = null;
        if (outOfZone > 0) {
          org.slf4j.LoggerFactory.getLogger(ZoneTransferClient.class)
              .warn("{}: ignored {} records outside the zone", zone, outOfZone);
        }
        return new TransferResult.Full(done);
      }
      if (ixfr != null) {
        return new TransferResult.Incremental(ixfr.result());
      }
      return new TransferResult.UpToDate(current.map(SOARecord::getSerial).orElse(0L));
    }

    void discard() {
      if (spool != null) {
        spool.close();
      }
      if (finished != null) {
        finished.close();
      }
    }
  }
}
