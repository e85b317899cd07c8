// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.ControlMessages;
import org.dnsagent.core.wire.Decoded;
import org.dnsagent.core.wire.Replies;
import org.dnsagent.core.wire.RequestDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * The request codec: what every CREATE, DELETE and NOTIFY costs before it reaches the queue ({@link
 * RequestDecoder#decode}), and the reply encoded back to wire format. Run with {@code bench/run.sh
 * --only jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
  private final RequestDecoder decoder = new RequestDecoder();
  private byte[] create;
  private byte[] notify;

  @Setup
  public void prepare() {
    Name zone = Name.fromConstantString("www.example-customer-zone.example.org.");
    create = ControlMessages.request(AgentCommand.CREATE, zone, 4321).toWire();
    notify = ControlMessages.request(AgentCommand.NOTIFY, zone, 4322).toWire();
  }

  /** Decoding a CREATE: header, opcode, class, question. */
  @Benchmark
  public Decoded decodeCreate() {
    return decoder.decode(create);
  }

  /** A CREATE decoded and its NOERROR reply encoded: the codec's whole share of a request. */
  @Benchmark
  public byte[] createRoundTrip() {
    Decoded.Request request = (Decoded.Request) decoder.decode(create);
    return Replies.to(request.message(), Rcode.NOERROR, true).toWire(512);
  }

  /** The same for a NOTIFY. */
  @Benchmark
  public byte[] notifyRoundTrip() {
    Decoded.Request request = (Decoded.Request) decoder.decode(notify);
    return Replies.to(request.message(), Rcode.NOERROR, true).toWire(512);
  }
}
