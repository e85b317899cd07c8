// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.dnsagent.spi.TsigKeySpec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/** The TSIG keys a master accepts, and RFC 8945 verification of queries against them. */
final class TsigKeyRing {
  /**
   * The result of checking a query's signature.
   *
   * @param key the key that signed the query; null if unsigned or the key is unknown
   * @param queryTsig the query's TSIG record; null if unsigned
   * @param error {@link Rcode#NOERROR} or the TSIG error (BADKEY, BADSIG, BADTIME...)
   */
  record Verdict(TSIG key, TSIGRecord queryTsig, int error) {
    static final Verdict UNSIGNED = new Verdict(null, null, Rcode.NOERROR);

    boolean signed() {
      return queryTsig != null;
    }

    boolean failed() {
      return error != Rcode.NOERROR;
    }

    /** Arranges for {@code response} to be signed as the answer to a signed query. */
    void sign(Message response) {
      if (key != null) {
        response.setTSIG(key, error, queryTsig);
      } else if (queryTsig != null) {
        // Unknown key or bad MAC: RFC 8945 5.3.2 wants an unsigned TSIG record that names the
        // error. Set through setTSIG (dnsjava computes no MAC for BADKEY/BADSIG, so the key bytes
        // are unused) so that it is written after any OPT record; a plain record would precede
        // the OPT, and clients reject a TSIG that is not last.
        try {
          response.setTSIG(
              new TSIG(queryTsig.getAlgorithm(), queryTsig.getName(), new byte[32]),
              error,
              queryTsig);
        } catch (IllegalArgumentException unknownAlgorithm) {
          response.removeAllRecords(Section.ADDITIONAL);
          response.addRecord(
              new TSIGRecord(
                  queryTsig.getName(),
                  DClass.ANY,
                  0,
                  queryTsig.getAlgorithm(),
                  Instant.now(),
                  Duration.ofSeconds(300),
                  new byte[0],
                  response.getHeader().getID(),
                  error,
                  null),
              Section.ADDITIONAL);
        }
      }
    }
  }

  private final Map<Name, TSIG> keys = new HashMap<>();

  TsigKeyRing(Map<Name, TsigKeySpec> specs) {
    specs.forEach((name, spec) -> keys.put(name, spec.toTsig()));
  }

  /** Checks the query's TSIG record, if it has one. */
  Verdict verify(Message query, byte[] wire) {
    TSIGRecord tsig = query.getTSIG();
    if (tsig == null) {
      return Verdict.UNSIGNED;
    }
    TSIG key = keys.get(tsig.getName());
    if (key == null) {
      return new Verdict(null, tsig, Rcode.BADKEY);
    }
    int error = key.verify(query, wire, null);
    // BADKEY (algorithm mismatch) and BADSIG responses must not be signed (RFC 8945 5.3.2).
    boolean unsigned = error == Rcode.BADKEY || error == Rcode.BADSIG;
    return new Verdict(unsigned ? null : key, tsig, error);
  }
}
