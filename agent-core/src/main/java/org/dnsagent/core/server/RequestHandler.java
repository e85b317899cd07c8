// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.dnsagent.core.agent.ServedZones;
import org.dnsagent.core.agent.Target;
import org.dnsagent.core.agent.TargetSelector;
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
import org.dnsagent.spi.AddressAcl;
import org.dnsagent.spi.ZoneNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * Turns one request into its reply: decode, verify TSIG, check the sender, then act. CREATE and
 * DELETE are answered once the backend has applied them (what Designate's controller expects), or
 * SERVFAIL if that takes longer than {@code reply_timeout} (the operation goes on, and the
 * controller's repeat joins it); NOTIFY is answered as soon as the update is journaled (RFC 1996);
 * SOA queries with what the backend serves.
 *
 * <p>No backend is called on a request thread: whether a zone is held and its SOA come from the
 * zone catalog and {@link ServedZones}, which the zone workers keep; a zone not known there is
 * looked up on {@link ServedZones}' own threads, so a slow backend delays only replies about that
 * zone.
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
  private final ServedZones served;
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
      ServedZones served,
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
    this.served = served;
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
    Decoded decoded = decoder.decode(wire);
    if (decoded instanceof Decoded.Dropped dropped) {
      metrics.request(AgentMetrics.UNKNOWN, "dropped");
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
      metrics.request(kind(what), "rejected_tsig");
      rejections.warn(
          "{} for {} from {} rejected: {}", kind(what), what.zone(), addr(peer), bad.reason());
      return done(bad.reply());
    }
    if (!allowNotify.allows(peer.getAddress())) {
      metrics.request(kind(what), "rejected_acl");
      rejections.warn(
          "{} for {} from {} refused: not in allow_notify", kind(what), what.zone(), addr(peer));
      return done(signed(Replies.to(message, Rcode.REFUSED, false), verdict));
    }
    Optional<String> problem = ZoneNames.problem(what.zone());
    if (problem.isPresent()) {
      metrics.request(kind(what), "rejected_name");
      rejections.warn(
          "{} for {} from {} refused: {}", kind(what), what.zone(), addr(peer), problem.get());
      return done(signed(Replies.to(message, Rcode.REFUSED, false), verdict));
    }
    Optional<String> keyName =
        verdict instanceof TsigAuthenticator.Verdict.Verified v
            ? Optional.of(configuredName(v))
            : Optional.empty();
    TargetSelector.Route route = targets.route(keyName, use(what), peer.getAddress(), local);
    if (route instanceof TargetSelector.Route.Refused refused) {
      metrics.increment("requests.rejected.key");
      rejections.warn(
          "{} for {} from {} refused: {}", kind(what), what.zone(), addr(peer), refused.reason());
      return done(signed(Replies.to(message, Rcode.REFUSED, false), verdict));
    }
    Target target = ((TargetSelector.Route.To) route).target();
    ZoneKey key = new ZoneKey(target.name(), what.zone());
    String who = addr(peer) + keyName.map(k -> " key " + k).orElse("");
    if (what instanceof AgentRequest.Create) {
      return control(message, verdict, OperationKind.CREATE, key, who);
    }
    if (what instanceof AgentRequest.Delete) {
      return control(message, verdict, OperationKind.DELETE, key, who);
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
        metrics.request(AgentMetrics.UNKNOWN, "rejected_tsig");
        rejections.warn("request from {} rejected: {}", addr(peer), bad.reason());
        return done(bad.reply());
      }
      authenticator.sign(rejected.reply(), verdict);
    }
    metrics.request(
        AgentMetrics.UNKNOWN,
        "rejected_" + Rcode.string(rejected.reply().getRcode()).toLowerCase(java.util.Locale.ROOT));
    log.debug("rejected request from {}: {}", peer, rejected.reason());
    return done(rejected.reply());
  }

  private CompletableFuture<Optional<Message>> control(
      Message message,
      TsigAuthenticator.Verdict verdict,
      OperationKind kind,
      ZoneKey key,
      String who) {
    Operation op;
    try {
      op = queue.submitAsync(kind, key, Optional.empty(), who);
    } catch (OperationRejectedException e) {
      return notAccepted(message, verdict, kind.name(), key, e);
    }
    metrics.request(kind.name(), "accepted");
    CompletableFuture<Optional<Message>> reply =
        op.accepted()
            .thenCompose(journaled -> op.completion())
            .handle(
                (result, error) -> {
                  boolean ok = error == null;
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
      metrics.request("notify", "rate_limited");
      rejections.warn("NOTIFY for {} from {} answered SERVFAIL: rate limited", key, addr(peer));
      return done(signed(Replies.to(message, Rcode.SERVFAIL, false), verdict));
    }
    if (catalogs.notified(notify.zone())) {
      // A catalog zone: its follower transfers it at its next tick; nothing to queue here.
      metrics.request("notify", "accepted");
      log.debug("NOTIFY for catalog {} from {}", notify.zone(), addr(peer));
      return done(signed(Replies.to(message, Rcode.NOERROR, true), verdict));
    }
    String who =
        addr(peer)
            + (verdict instanceof TsigAuthenticator.Verdict.Verified v
                ? " key " + configuredName(v)
                : "");
    // The target the request selects, and every other target fed by the sender (split horizon:
    // each view holding the zone must follow the master, not only the first).
    List<ZoneKey> candidates = new ArrayList<>();
    candidates.add(key);
    for (Target t : targets.fedBy(peer.getAddress())) {
      if (!t.name().equals(target.name())) {
        candidates.add(new ZoneKey(t.name(), key.zone()));
      }
    }
    List<CompletableFuture<Boolean>> held = new ArrayList<>();
    for (ZoneKey k : candidates) {
      held.add(holds(k, k != key));
    }
    return CompletableFuture.allOf(held.toArray(new CompletableFuture<?>[0]))
        .handle((ignored, error) -> error)
        .thenCompose(
            error -> {
              if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                metrics.request("notify", "servfail");
                log.warn("NOTIFY for {}: backend unavailable: {}", key, cause.getMessage());
                return done(signed(Replies.to(message, Rcode.SERVFAIL, false), verdict));
              }
              List<ZoneKey> holders = new ArrayList<>();
              for (int i = 0; i < candidates.size(); i++) {
                if (held.get(i).join()) {
                  holders.add(candidates.get(i));
                }
              }
              if (holders.isEmpty()) {
                // Designate's agent answers REFUSED for a zone it does not serve; so do we.
                metrics.request("notify", "refused");
                log.info(
                    "NOTIFY for {} refused: zone not served by target {}",
                    key.zone(),
                    target.name());
                return done(signed(Replies.to(message, Rcode.REFUSED, false), verdict));
              }
              return update(message, verdict, holders, notify, who);
            });
  }

  /**
   * Whether the target holds the zone: in the catalog, being created, or served by its backend (as
   * known, else looked up off this thread). For a target other than the one the request selected, a
   * failed lookup counts as "no".
   */
  private CompletableFuture<Boolean> holds(ZoneKey key, boolean other) {
    if (catalog.contains(key) || queue.hasCreate(key)) {
      return CompletableFuture.completedFuture(true);
    }
    CompletableFuture<Boolean> found = served.lookup(key).thenApply(Optional::isPresent);
    return other ? found.exceptionally(e -> false) : found;
  }

  /** Queues the update on every holder; answered once all are journaled. */
  private CompletableFuture<Optional<Message>> update(
      Message message,
      TsigAuthenticator.Verdict verdict,
      List<ZoneKey> holders,
      AgentRequest.Notify notify,
      String who) {
    List<CompletableFuture<?>> accepted = new ArrayList<>();
    for (ZoneKey holder : holders) {
      try {
        accepted.add(queue.submitAsync(OperationKind.UPDATE, holder, notify.soa(), who).accepted());
      } catch (OperationRejectedException e) {
        return notAccepted(message, verdict, "NOTIFY", holder, e);
      }
    }
    metrics.request("notify", "accepted");
    // Answered once the updates are journaled: a NOERROR is never for a NOTIFY that is lost.
    return CompletableFuture.allOf(accepted.toArray(new CompletableFuture<?>[0]))
        .handle(
            (journaled, error) -> {
              int rcode = error == null ? Rcode.NOERROR : Rcode.SERVFAIL;
              return Optional.of(signed(Replies.to(message, rcode, error == null), verdict));
            });
  }

  private CompletableFuture<Optional<Message>> notAccepted(
      Message message,
      TsigAuthenticator.Verdict verdict,
      String kind,
      ZoneKey key,
      OperationRejectedException e) {
    metrics.request(kind, "not_accepted");
    rejections.warn("{} for {} answered SERVFAIL: {}", kind, key, e.getMessage());
    return done(signed(Replies.to(message, Rcode.SERVFAIL, false), verdict));
  }

  private CompletableFuture<Optional<Message>> soa(
      Message message, TsigAuthenticator.Verdict verdict, Target target, AgentRequest.SoaQuery q) {
    CompletableFuture<Optional<Message>> reply =
        served
            .lookup(new ZoneKey(target.name(), q.zone()))
            .handle(
                (soa, error) -> {
                  if (error != null) {
                    metrics.request("soa", "servfail");
                    return Optional.of(signed(Replies.to(message, Rcode.SERVFAIL, false), verdict));
                  }
                  if (soa.isEmpty()) {
                    metrics.request("soa", "refused");
                    return Optional.of(signed(Replies.to(message, Rcode.REFUSED, false), verdict));
                  }
                  metrics.request("soa", "answered");
                  Message answer = Replies.to(message, Rcode.NOERROR, true);
                  answer.addRecord(soa.get(), Section.ANSWER);
                  answer.getHeader().unsetFlag(Flags.RD);
                  if (message.getHeader().getFlag(Flags.RD)) {
                    answer.getHeader().setFlag(Flags.RD);
                  }
                  return Optional.of(signed(answer, verdict));
                });
    if (reply.isDone()) {
      return reply; // known: no backend asked
    }
    return reply.completeOnTimeout(
        Optional.of(signed(Replies.to(message, Rcode.SERVFAIL, false), verdict)),
        replyTimeout.toMillis(),
        TimeUnit.MILLISECONDS);
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

  private static TargetSelector.Use use(AgentRequest r) {
    if (r instanceof AgentRequest.Create || r instanceof AgentRequest.Delete) {
      return TargetSelector.Use.CONTROL;
    }
    return r instanceof AgentRequest.Notify ? TargetSelector.Use.NOTIFY : TargetSelector.Use.QUERY;
  }

  private static String addr(InetSocketAddress peer) {
    return peer.getAddress().getHostAddress() + "#" + peer.getPort();
  }
}
