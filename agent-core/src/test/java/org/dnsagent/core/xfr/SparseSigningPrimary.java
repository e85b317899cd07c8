// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.IntPredicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dnsagent.spi.TsigKeySpec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * An AXFR primary for one zone that answers with one record per message and signs only the messages
 * a predicate picks, computing the running MAC itself as RFC 8945 5.3.1 describes (dnsjava signs
 * every message and offers no public way to do otherwise). Serves one transfer at a time on
 * 127.0.0.1 (a {@link ScriptedPrimary}); hmac-sha256 keys only.
 */
final class SparseSigningPrimary implements AutoCloseable {
  private final TsigKeySpec key;
  private final List<Record> messages;
  private final IntPredicate signed;
  private final int corruptedMessage;
  private final ScriptedPrimary primary;

  /**
   * @param records the transfer's records (SOA, ..., SOA), one per message
   * @param signed which message indexes (0-based) carry a TSIG record
   * @param corruptedMessage index of a signed message whose MAC is flipped, or -1
   */
  SparseSigningPrimary(
      TsigKeySpec key, List<Record> records, IntPredicate signed, int corruptedMessage)
      throws IOException {
    if (!key.algorithm().equals("hmac-sha256")) {
      throw new IllegalArgumentException("hmac-sha256 only");
    }
    this.key = key;
    this.messages = List.copyOf(records);
    this.signed = signed;
    this.corruptedMessage = corruptedMessage;
    this.primary =
        new ScriptedPrimary(
            (query, connection) -> {
              for (byte[] reply : answer(query, connection.lastRequestWire())) {
                connection.sendWire(reply);
              }
            });
  }

  InetSocketAddress address() {
    return primary.address();
  }

  private List<byte[]> answer(Message query, byte[] queryWire)
      throws java.security.GeneralSecurityException {
    TSIGRecord queryTsig = query.getTSIG();
    if (queryTsig == null || key.toTsig().verify(query, queryWire, null) != Rcode.NOERROR) {
      Message refused = ScriptedPrimary.reply(query, true);
      refused.getHeader().setRcode(Rcode.NOTAUTH);
      return List.of(refused.toWire());
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(key.secret()), "HmacSHA256"));
    addMac(mac, queryTsig.getSignature());
    java.util.ArrayList<byte[]> out = new java.util.ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i < messages.size(); i++) {
      Message m = ScriptedPrimary.reply(query, i == 0);
      m.addRecord(messages.get(i), Section.ANSWER);
      byte[] unsigned = m.toWire();
      mac.update(unsigned);
      if (!signed.test(i)) {
        out.add(unsigned);
        continue;
      }
      mac.update(variables(i == 0, now));
      byte[] signature = mac.doFinal();
      if (i == corruptedMessage) {
        signature[0] ^= 1;
      }
      addMac(mac, signature);
      m.addRecord(
          new TSIGRecord(
              key.keyName(),
              DClass.ANY,
              0,
              TSIG.HMAC_SHA256,
              now,
              TSIG.FUDGE,
              signature,
              query.getHeader().getID(),
              Rcode.NOERROR,
              null),
          Section.ADDITIONAL);
      out.add(m.toWire());
    }
    return out;
  }

  /** TSIG variables: all of them on the first message, only the timers afterwards. */
  private byte[] variables(boolean first, Instant time) {
    DNSOutput out = new DNSOutput();
    if (first) {
      key.keyName().toWireCanonical(out);
      out.writeU16(DClass.ANY);
      out.writeU32(0);
      TSIG.HMAC_SHA256.toWireCanonical(out);
    }
    long seconds = time.getEpochSecond();
    out.writeU16((int) (seconds >> 32));
    out.writeU32(seconds & 0xFFFFFFFFL);
    out.writeU16((int) TSIG.FUDGE.getSeconds());
    if (first) {
      out.writeU16(Rcode.NOERROR);
      out.writeU16(0);
    }
    return out.toByteArray();
  }

  private static void addMac(Mac mac, byte[] signature) {
    mac.update(new byte[] {(byte) (signature.length >> 8), (byte) signature.length});
    mac.update(signature);
  }

  @Override
  public void close() throws IOException {
    primary.close();
  }
}
