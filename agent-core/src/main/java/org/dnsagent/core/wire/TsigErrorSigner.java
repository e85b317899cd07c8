// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.wire;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dnsagent.spi.TsigKeySpec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Signs BADTIME replies as RFC 8945 (5.2.3, 4.3.3) says: Time Signed copied from the request, the
 * server's time in Other Data, and the MAC over the request's MAC, the reply and every TSIG
 * variable, Other Data included (dnsjava leaves Other Data out of the MAC, so standard clients
 * cannot verify its BADTIME replies).
 */
final class TsigErrorSigner {
  private TsigErrorSigner() {}

  /** {@code reply} (not yet signed) with a BADTIME TSIG record signed with {@code key}. */
  static Message badTime(Message reply, TsigKeySpec key, TSIGRecord request, Instant now) {
    byte[] body = reply.toWire();
    DNSOutput otherOut = new DNSOutput(6);
    writeTime(now.getEpochSecond(), otherOut);
    byte[] other = otherOut.toByteArray();
    Duration fudge = TSIG.FUDGE;

    DNSOutput vars = new DNSOutput();
    key.keyName().toWireCanonical(vars);
    vars.writeU16(DClass.ANY);
    vars.writeU32(0);
    key.algorithmName().toWireCanonical(vars);
    writeTime(request.getTimeSigned().getEpochSecond(), vars);
    vars.writeU16((int) fudge.getSeconds());
    vars.writeU16(Rcode.BADTIME);
    vars.writeU16(other.length);
    vars.writeByteArray(other);

    byte[] mac;
    try {
      Mac hmac = Mac.getInstance(javaName(key));
      hmac.init(new SecretKeySpec(Base64.getDecoder().decode(key.secret().trim()), javaName(key)));
      byte[] requestMac = request.getSignature();
      hmac.update(new byte[] {(byte) (requestMac.length >>> 8), (byte) requestMac.length});
      hmac.update(requestMac);
      hmac.update(body);
      mac = hmac.doFinal(vars.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC " + key.algorithm() + " unavailable", e);
    }
    reply.addRecord(
        new TSIGRecord(
            key.keyName(),
            DClass.ANY,
            0,
            key.algorithmName(),
            request.getTimeSigned(),
            fudge,
            mac,
            reply.getHeader().getID(),
            Rcode.BADTIME,
            other),
        Section.ADDITIONAL);
    return reply;
  }

  private static String javaName(TsigKeySpec key) {
    return "Hmac" + key.algorithm().substring("hmac-".length()).toUpperCase(Locale.ROOT);
  }

  private static void writeTime(long seconds, DNSOutput out) {
    out.writeU16((int) (seconds >>> 32) & 0xFFFF);
    out.writeU32(seconds & 0xFFFFFFFFL);
  }
}
