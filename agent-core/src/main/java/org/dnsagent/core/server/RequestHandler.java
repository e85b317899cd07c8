// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dnsagent.core.agent.Target;
import org.dnsagent.core.agent.TargetSelector;
import org.dnsagent.core.config.AddressAcl;
import org.dnsagent.core.ops.Operation;
import org.dnsagent.core.ops.OperationKind;
import org.dnsagent.core.ops.OperationRejectedException;
import org.dnsagent.core.ops.ZoneCatalog;
import org.dnsagent.core.ops.ZoneKey;
import org.dnsagent.core.ops.ZoneOperationQueue;
import org.dnsagent.core.wire.AgentRequest;
import org.dnsagent.core.wire.Decoded;
import org.dnsagent.core.wire.Replies;
import org.dnsagent.core.wire.RequestDecoder;
import org.dnsagent.core.wire.TsigAuthenticator;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.ZoneNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * Turns one request into its reply: decode, verify TSIG, check the sender, then act. CREATE and
 * DELETE are answered once the backend has applied them (what Designate's controller expects), or
 * SERVFAIL if that takes longer than {@code reply_timeout} (the operation goes on, and the
 * controller's repeat joins it); NOTIFY is answered as soon as the update is journaled (RFC 1996);
 * SOA queries from the backend.
 */
public final class RequestHandler {
  private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

  private final RequestDecoder decoder = new RequestDecoder();
  private final TsigAuthenticator authenticator;
  private final AddressAcl allowNotify;
  private final TargetSelector targets;
  private final ZoneOperationQueue queue;
  private final AgentMetrics metrics;
  private final ZoneCatalog catalog;
  private final NotifyRateLimiter notifyLimiter;
  private final Duration replyTimeout;
  private final org.dnsagent.core.catalog.Catalogs catalogs;
  private final LogLimiter rejections = new LogLimiter(log, 20);

  public RequestHandler(
      TsigAuthenticator authenticator,
      AddressAcl allowNotify,
      TargetSelector targets,
      ZoneOperationQueue queue,
      AgentMetrics metrics,
      ZoneCatalog catalog,
      NotifyRateLimiter notifyLimiter,
      Duration replyTimeout,
      org.dnsagent.core.catalog.Catalogs catalogs) {
    this.catalogs = catalogs;
    this.authenticator = authenticator;
    this.allowNotify = allowNotify;
    this.targets = targets;
    this.queue = queue;
    this.metrics = metrics;
    this.catalog = catalog;
    this.notifyLimiter = notifyLimiter;
    this.replyTimeout = replyTimeout;
  }

  /**
   * Handles one request.
   *
   * @return the reply, or an empty optional when nothing must be sent
   */
  public CompletableFuture<Optional<Message>> handle(
      byte[] wire, InetSocketAddress peer, InetSocketAddress local) {
    metrics.increment("requests.received");
    Decoded decoded = decoder.decode(wire);
    if (decoded instanceof Decoded.Dropped dropped) {
      metrics.increment("requests.dropped");
      log.debug("dropped {} bytes from {}: {}", wire.length, peer, dropped.reason());
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (decoded instanceof Decoded.Rejected rejected) {
      return rejectedEarly(rejected, wire, peer);
    }
    Decoded.Request request = (Decoded.Request) decoded;
    Message message = request.message();
    AgentRequest what = request.request();

    TsigAuthenticator.Verdict verdict = authenticator.check(message, wire);
    if (verdict instanceof TsigAuthenticator.Verdict.Rejected bad) {
      metrics.increment("requests.rejected.tsig");
      rejections.warn(
          "{} for {} from {} rejected: {}", kind(what), what.zone(), addr(peer), bad.reason());
      return done(bad.reply());
    }
    if (!allowNotify.allows(peer.getAddress())) {
      metrics.increment("requests.rejected.acl");
      rejections.warn(
          "{} for {} from {} refused: not in allow_notify", kind(what), what.zone(), addr(peer));
      return done(signed(Replies.to(message, Rcode.REFUSED, false), verdict));
    }
    Optional<String> problem = ZoneNames.problem(what.zone());
    if (problem.isPresent()) {
      metrics.increment("requests.rejected.name");
      rejections.warn(
          "{} for {} from {} refused: {}", kind(what), what.zone(), addr(peer), problem.get());
      return done(signed(Replies.to(message, Rcode.REFUSED, false), verdict));
    }
    Optional<String> keyName =
        verdict instanceof TsigAuthenticator.Verdict.Verified v
            ? Optional.of(configuredName(v))
            : Optional.empty();
    Target target = targets.select(keyName, local);
    ZoneKey key = new ZoneKey(target.name(), what.zone());
    metrics.increment("requests." + kind(what).toLowerCase(java.util.Locale.ROOT));
    if (what instanceof AgentRequest.Create) {
      return control(message, verdict, OperationKind.CREATE, key);
    }
    if (what instanceof AgentRequest.Delete) {
      return control(message, verdict, OperationKind.DELETE, key);
    }
    if (what instanceof AgentRequest.Notify n) {
      return notify(message, verdict, target, key, n, peer);
    }
    return soa(message, verdict, target, (AgentRequest.SoaQuery) what);
  }

  /**
   * A request the decoder answers at once (wrong class, opcode, ...). If it was signed, its TSIG is
   * still checked: a bad signature gets the TSIG error, a good one a signed reply (RFC 8945 5.3).
   */
  private CompletableFuture<Optional<Message>> rejectedEarly(
      Decoded.Rejected rejected, byte[] wire, InetSocketAddress peer) {
    Message message = rejected.message();
    if (message != null && message.getTSIG() != null) {
      TsigAuthenticator.Verdict verdict = authenticator.check(message, wire);
      if (verdict instanceof TsigAuthenticator.Verdict.Rejected bad) {
        metrics.increment("requests.rejected.tsig");
        rejections.warn("request from {} rejected: {}", addr(peer), bad.reason());
        return done(bad.reply());
      }
      authenticator.sign(rejected.reply(), verdict);
    }
    metrics.increment("requests.rejected.rcode." + Rcode.string(rejected.reply().getRcode()));
    log.debug("rejected request from {}: {}", peer, rejected.reason());
    return done(rejected.reply());
  }

  private CompletableFuture<Optional<Message>> control(
      Message message, TsigAuthenticator.Verdict verdict, OperationKind kind, ZoneKey key) {
    Operation op;
    try {
      op = queue.submitAsync(kind, key, Optional.empty());
    } catch (OperationRejectedException e) {
      return notAccepted(message, verdict, kind.name(), key, e);
    }
    CompletableFuture<Optional<Message>> reply =
        op.accepted()
            .thenCompose(journaled -> op.completion())
            .handle(
                (result, error) -> {
                  boolean ok = error == null;
                  metrics.increment(
                      "operations."
                          + kind.name().toLowerCase(java.util.Locale.ROOT)
                          + (ok ? ".ok" : ".failed"));
                  Message m = Replies.to(message, ok ? Rcode.NOERROR : Rcode.SERVFAIL, ok);
                  return Optional.of(signed(m, verdict));
                });
    // Still working (retrying): SERVFAIL now, so the controller repeats; the repeat joins op.
    Message late = Replies.to(message, Rcode.SERVFAIL, false);
    return reply.completeOnTimeout(
        Optional.of(signed(late, verdict)), replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<Optional<Message>> notify(
      Message message,
      TsigAuthenticator.Verdict verdict,
      Target target,
      ZoneKey key,
      AgentRequest.Notify notify,
      InetSocketAddress peer) {
    if (!notifyLimiter.tryAcquire(peer.getAddress())) {
      metrics.increment("requests.rejected.rate_limited");
      rejections.warn("NOTIFY for {} from {} answered SERVFAIL: rate limited", key, addr(peer));
      return done(signed(Replies.to(message, Rcode.SERVFAIL, false), verdict));
    }
    if (catalogs.notified(notify.zone())) {
      // A catalog zone: its follower transfers it at its next tick; nothing to queue here.
      log.debug("NOTIFY for catalog {} from {}", notify.zone(), addr(peer));
      return done(signed(Replies.to(message, Rcode.NOERROR, true), verdict));
    }
    try {
      boolean known =
          catalog.contains(key)
              || queue.hasCreate(key)
              || target.backend().findSoa(notify.zone()).isPresent();
      if (!known) {
        // Designate's agent answers REFUSED for a zone it does not serve; so do we.
        log.info("NOTIFY for {} refused: zone not served by target {}", key.zone(), target.name());
        return done(signed(Replies.to(message, Rcode.REFUSED, false), verdict));
      }
      Operation op = queue.submitAsync(OperationKind.UPDATE, key, notify.soa());
      // Answered once the update is journaled: a NOERROR is never for a NOTIFY that is lost.
      return op.accepted()
          .handle(
              (journaled, error) -> {
                int rcode = error == null ? Rcode.NOERROR : Rcode.SERVFAIL;
                return Optional.of(signed(Replies.to(message, rcode, error == null), verdict));
              });
    } catch (BackendException e) {
      log.warn("NOTIFY for {}: backend unavailable: {}", key, e.getMessage());
      return done(signed(Replies.to(message, Rcode.SERVFAIL, false), verdict));
    } catch (OperationRejectedException e) {
      return notAccepted(message, verdict, "NOTIFY", key, e);
    }
  }

  private CompletableFuture<Optional<Message>> notAccepted(
      Message message,
      TsigAuthenticator.Verdict verdict,
      String kind,
      ZoneKey key,
      OperationRejectedException e) {
    metrics.increment("requests.rejected.not_accepted");
    rejections.warn("{} for {} answered SERVFAIL: {}", kind, key, e.getMessage());
    return done(signed(Replies.to(message, Rcode.SERVFAIL, false), verdict));
  }

  private CompletableFuture<Optional<Message>> soa(
      Message message, TsigAuthenticator.Verdict verdict, Target target, AgentRequest.SoaQuery q) {
    try {
      Optional<SOARecord> soa = target.backend().findSoa(q.zone());
      if (soa.isEmpty()) {
        return done(signed(Replies.to(message, Rcode.REFUSED, false), verdict));
      }
      Message reply = Replies.to(message, Rcode.NOERROR, true);
      reply.addRecord(soa.get(), Section.ANSWER);
      reply.getHeader().unsetFlag(Flags.RD);
      if (message.getHeader().getFlag(Flags.RD)) {
        reply.getHeader().setFlag(Flags.RD);
      }
      return done(signed(reply, verdict));
    } catch (BackendException e) {
      return done(signed(Replies.to(message, Rcode.SERVFAIL, false), verdict));
    }
  }

  private String configuredName(TsigAuthenticator.Verdict.Verified v) {
    return v.key().name();
  }

  private Message signed(Message reply, TsigAuthenticator.Verdict verdict) {
    authenticator.sign(reply, verdict);
    return reply;
  }

  private static CompletableFuture<Optional<Message>> done(Message reply) {
    return CompletableFuture.completedFuture(Optional.of(reply));
  }

  private static String kind(AgentRequest r) {
    if (r instanceof AgentRequest.Create) {
      return "CREATE";
    }
    if (r instanceof AgentRequest.Delete) {
      return "DELETE";
    }
    return r instanceof AgentRequest.Notify ? "NOTIFY" : "SOA";
  }

  private static String addr(InetSocketAddress peer) {
    return peer.getAddress().getHostAddress() + "#" + peer.getPort();
  }
}
