// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.wire;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.TsigKeySpec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Verifies TSIG (RFC 8945) on incoming requests and signs the replies to signed ones. Unknown key →
 * NOTAUTH/BADKEY, bad MAC → NOTAUTH/BADSIG, time outside the fudge → NOTAUTH/BADTIME with the
 * server's time; a MAC longer than the hash or shorter than the RFC minimum (the larger of 10
 * octets and half the hash, §5.2.2.1) → FORMERR; a valid MAC truncated within the RFC's range →
 * NOTAUTH/BADTRUNC, since we accept no truncation (BIND's default); unsigned requests when a key is
 * required → REFUSED. A request signed with a MAC accepted before, or signed well before the latest
 * one accepted with its key (in this process, or before the restart: {@link ReplayMarks}), is a
 * replay: NOTAUTH/BADTIME ({@link ReplayGuard}). BADTIME replies are signed with Other Data in the
 * MAC ({@link TsigErrorSigner}).
 */
public final class TsigAuthenticator {
  /** Full HMAC output length in octets, by algorithm. */
  private static final Map<Name, Integer> MAC_LENGTHS =
      Map.of(
          TSIG.HMAC_MD5, 16,
          TSIG.HMAC_SHA1, 20,
          TSIG.HMAC_SHA224, 28,
          TSIG.HMAC_SHA256, 32,
          TSIG.HMAC_SHA384, 48,
          TSIG.HMAC_SHA512, 64);

  private final Map<Name, TsigKeySpec> keys;
  private final boolean required;
  private final ReplayGuard replays;
  private final Clock clock;

  /**
   * @param accepted keys whose signatures are accepted, by configured name
   * @param required whether unsigned requests are refused
   */
  public TsigAuthenticator(Map<String, TsigKeySpec> accepted, boolean required) {
    this(accepted, required, Clock.systemUTC());
  }

  /** As above, reading the time from {@code clock} for replay protection and BADTIME. */
  public TsigAuthenticator(Map<String, TsigKeySpec> accepted, boolean required, Clock clock) {
    this(accepted, required, clock, ReplayMarks.inMemory());
  }

  /**
   * As above, refusing requests signed at or before the marks {@code marks} had at start (requests
   * from before a restart), and recording the latest accepted in them.
   */
  public TsigAuthenticator(
      Map<String, TsigKeySpec> accepted, boolean required, Clock clock, ReplayMarks marks) {
    this.clock = clock;
    this.replays = new ReplayGuard(marks);
    Map<Name, TsigKeySpec> byName = new HashMap<>();
    accepted.values().forEach(k -> byName.put(k.keyName(), k));
    this.keys = Map.copyOf(byName);
    this.required = required;
  }

  /** The outcome of checking one request. */
  public sealed interface Verdict {
    /** No TSIG record, and none required. */
    record Unsigned() implements Verdict {}

    /** Signed with {@code key}; replies must be signed with {@code signer}. */
    record Verified(TsigKeySpec key, TSIG signer, TSIGRecord requestTsig) implements Verdict {
      public Verified {
        requireNonNull(key, "key is null");
      }
    }

    /** Rejected; {@code reply} is the error to send, {@code reason} what to log. */
    record Rejected(Message reply, String reason) implements Verdict {}
  }

  public Verdict check(Message request, byte[] wire) {
    TSIGRecord tsig = request.getTSIG();
    if (tsig == null) {
      if (required) {
        return new Verdict.Rejected(
            Replies.to(request, Rcode.REFUSED, false), "unsigned, and a TSIG key is required");
      }
      return new Verdict.Unsigned();
    }
    TsigKeySpec key = keys.get(tsig.getName());
    if (key == null || !key.algorithmName().equals(tsig.getAlgorithm())) {
      return unsignedError(request, tsig, Rcode.BADKEY, "unknown TSIG key " + tsig.getName());
    }
    int macLength = tsig.getSignature().length;
    int full = MAC_LENGTHS.get(key.algorithmName());
    int minimum = Math.max(10, full / 2);
    if (macLength > full || macLength < minimum) {
      // Checked before the MAC itself: RFC 8945 5.2.2.1 calls for FORMERR, unsigned.
      return new Verdict.Rejected(
          Replies.to(request, Rcode.FORMERR, false),
          "TSIG MAC of " + macLength + " octets, outside " + minimum + ".." + full + " (FORMERR)");
    }
    TSIG signer = key.toTsig();
    int result = signer.verify(request, wire, null);
    if (result == Rcode.NOERROR && macLength < full) {
      Message reply = Replies.to(request, Rcode.NOTAUTH, false);
      reply.setTSIG(signer, Rcode.BADTRUNC, tsig);
      return new Verdict.Rejected(
          reply, "TSIG MAC truncated to " + macLength + " octets; not accepted (BADTRUNC)");
    }
    if (result == Rcode.NOERROR) {
      Instant now = clock.instant();
      Optional<String> replay = replays.admit(tsig, now.getEpochSecond());
      if (replay.isPresent()) {
        return new Verdict.Rejected(
            TsigErrorSigner.badTime(Replies.to(request, Rcode.NOTAUTH, false), key, tsig, now),
            "TSIG " + replay.get());
      }
      return new Verdict.Verified(key, signer, tsig);
    }
    if (result == Rcode.BADTIME) {
      Message reply =
          TsigErrorSigner.badTime(
              Replies.to(request, Rcode.NOTAUTH, false), key, tsig, clock.instant());
      return new Verdict.Rejected(
          reply, "TSIG time " + tsig.getTimeSigned() + " outside the fudge (BADTIME)");
    }
    if (result == Rcode.FORMERR) {
      return new Verdict.Rejected(Replies.to(request, Rcode.FORMERR, false), "malformed TSIG");
    }
    return unsignedError(request, tsig, result, "TSIG " + Rcode.TSIGstring(result));
  }

  /** Signs {@code reply} if the request was signed. */
  public void sign(Message reply, Verdict verdict) {
    if (verdict instanceof Verdict.Verified v) {
      reply.setTSIG(v.signer(), Rcode.NOERROR, v.requestTsig());
    }
  }

  /**
   * BADKEY and BADSIG replies carry a TSIG record with the error and an empty MAC (RFC 8945 5.3.2).
   * It is set through {@link Message#setTSIG} so that dnsjava writes it after any OPT record: added
   * as a plain record it would precede the OPT, and clients reject a TSIG that is not last.
   */
  private static Verdict unsignedError(Message request, TSIGRecord tsig, int error, String reason) {
    Message reply = Replies.to(request, Rcode.NOTAUTH, false);
    try {
      // For BADKEY and BADSIG dnsjava computes no MAC, so these key bytes are never used.
      reply.setTSIG(new TSIG(tsig.getAlgorithm(), tsig.getName(), new byte[32]), error, tsig);
    } catch (IllegalArgumentException unknownAlgorithm) {
      // An algorithm dnsjava cannot name: add the record by hand, without OPT so it stays last.
      reply.removeAllRecords(Section.ADDITIONAL);
      reply.addRecord(
          new TSIGRecord(
              tsig.getName(),
              DClass.ANY,
              0,
              tsig.getAlgorithm(),
              Instant.now(),
              TSIG.FUDGE,
              new byte[0],
              request.getHeader().getID(),
              error,
              null),
          Section.ADDITIONAL);
    }
    return new Verdict.Rejected(reply, reason);
  }
}
