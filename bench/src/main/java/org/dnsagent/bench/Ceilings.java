// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.dnsagent.backend.bind9.NativeRndcTransport;
import org.dnsagent.backend.bind9.RndcAlgorithm;
import org.dnsagent.backend.bind9.RndcKey;
import org.dnsagent.backend.bind9.RndcResponse;
import org.dnsagent.backend.knot.CtlItem;
import org.dnsagent.backend.knot.CtlReply;
import org.dnsagent.backend.knot.CtlRequest;
import org.dnsagent.backend.knot.CtlUnit;
import org.dnsagent.backend.knot.NativeKnotControl;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.KnotServer;
import org.dnsagent.testing.servers.NamedServer;
import org.xbill.DNS.Name;

/**
 * What the backends do on their own, with no agent: the ceilings the agent's figures are compared
 * with.
 */
final class Ceilings {
  private Ceilings() {}

  /**
   * The files backend's ceiling: atomic zone-file writes as the backend does them (temporary file,
   * fsync, rename, directory fsync), of the same ten-record zones, from 1 and 32 threads.
   */
  static void fsync(Run run, int files) throws Exception {
    for (int threads : new int[] {1, 32}) {
      Path dir = Files.createDirectories(run.directory().resolve("fsync-" + threads));
      List<Name> zones = Run.names("f%06d.fsync.test.", files);
      Senders.Outcome o =
          Senders.run(
              threads,
              zones,
              zone -> {
                ZoneFiles.writeAtomically(
                    ZoneFiles.pathFor(dir, zone, ".zone"),
                    ZoneContent.of(zone, TestZones.records(zone, 1, Master.HOSTS_FOR_TEN_RECORDS)));
                return true;
              });
      run.ceiling(
          "ceiling: atomic zone-file writes, " + threads + (threads == 1 ? " thread" : " threads"),
          o.perSecond(files),
          "files/s",
          "no agent");
    }
  }

  /**
   * PowerDNS's ceiling: the same zones (SOA, NS, A records) inserted straight into its database in
   * one transaction, then {@code pdns_control rediscover}, timed until pdns_server serves them all.
   */
  static void pdnsInsert(Run run, int count) throws Exception {
    Path dir = Files.createDirectories(run.directory().resolve("ceiling-pdns"));
    try (Target.PdnsTarget target =
            Target.PdnsTarget.start(run.backend(), dir.resolve("zones"), dir);
        DnsProbe dns = new DnsProbe(target.server().dnsAddress(), Duration.ofSeconds(2))) {
      List<Name> zones = Run.names("c%06d.ceiling.test.", count);
      long start = System.nanoTime();
      try (Connection c = target.database().admin()) {
        c.setAutoCommit(false);
        try (PreparedStatement domain =
            c.prepareStatement(
                "INSERT INTO domains (name, type, account) VALUES (?, 'NATIVE', 'x')")) {
          for (Name zone : zones) {
            domain.setString(1, zone.toString(true));
            domain.addBatch();
          }
          domain.executeBatch();
        }
        java.util.Map<String, Long> ids = new java.util.HashMap<>();
        try (PreparedStatement select =
                c.prepareStatement("SELECT id, name FROM domains WHERE account = 'x'");
            java.sql.ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            ids.put(rs.getString(2), rs.getLong(1));
          }
        }
        try (PreparedStatement record =
            c.prepareStatement(
                "INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, auth)"
                    + " VALUES (?, ?, ?, ?, 300, 0, ?, ?)")) {
          for (Name zone : zones) {
            for (org.xbill.DNS.Record r :
                TestZones.records(zone, 1, Master.HOSTS_FOR_TEN_RECORDS)) {
              record.setLong(1, ids.get(zone.toString(true)));
              record.setString(2, r.getName().toString(true));
              record.setString(3, org.xbill.DNS.Type.string(r.getType()));
              record.setString(4, r.rdataToString());
              record.setBoolean(5, false);
              record.setBoolean(6, true);
              record.addBatch();
            }
          }
          record.executeBatch();
        }
        c.commit();
      }
      long inserted = System.nanoTime();
      target.server().control("rediscover");
      for (Name zone : zones) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (dns.soaSerial(zone).isEmpty()) {
          if (System.nanoTime() > deadline) {
            throw new IOException(zone + " not served 60 s after the insert and rediscover");
          }
          Thread.sleep(1);
        }
      }
      long served = System.nanoTime();
      run.ceiling(
          "ceiling: SQL insert in 1 transaction",
          count / ((inserted - start) / 1e9),
          "zones/s",
          "no agent, " + count + " zones");
      run.ceiling(
          "ceiling: insert + rediscover until all served",
          count / ((served - start) / 1e9),
          "zones/s",
          "no agent, " + count + " zones");
    }
  }

  /** A native control connection to {@code named}, as the bind9 backend opens it. */
  static NativeRndcTransport rndc(NamedServer named) {
    RndcKey key =
        new RndcKey(
            NamedServer.RNDC_KEY_NAME,
            RndcAlgorithm.fromBindName(named.rndcAlgorithm()).orElseThrow(),
            Base64.getDecoder().decode(named.rndcSecret()));
    return new NativeRndcTransport(named.rndcAddress(), key, Duration.ofSeconds(30));
  }

  /** {@code addzone} of a primary zone with the definition the bind9 backend gives it. */
  static void addzone(NativeRndcTransport rndc, Name zone, Path file) throws Exception {
    RndcResponse r =
        rndc.execute(
            List.of(
                "addzone",
                "\"" + zone + "\"",
                "IN",
                "_default",
                "{ type primary; file \"" + file + "\"; };"));
    if (!r.ok()) {
      throw new IOException("addzone " + zone + ": " + r.describe());
    }
  }

  /**
   * BIND's ceiling: a tight loop of {@code addzone} over one native control connection, of zone
   * files written beforehand, timed until named serves them all.
   */
  static void addzoneLoop(Run run, int count) throws Exception {
    Path parent = Files.createDirectories(run.directory().resolve("ceiling-named"));
    try (NamedServer named = NamedServer.builder().parentDirectory(parent).start()) {
      Path dir = Files.createDirectories(parent.resolve("zones"));
      List<Name> zones = Run.names("c%06d.ceiling.test.", count);
      for (Name zone : zones) {
        TestZones.writeZoneFile(
            dir, ZoneFiles.pathFor(dir, zone, ".zone").getFileName().toString(), zone, 1, 6);
      }
      try (NativeRndcTransport rndc = rndc(named);
          DnsProbe dns = new DnsProbe(named.dnsAddress(), Duration.ofSeconds(2))) {
        long start = System.nanoTime();
        for (Name zone : zones) {
          addzone(rndc, zone, ZoneFiles.pathFor(dir, zone, ".zone"));
        }
        long added = System.nanoTime();
        for (Name zone : zones) {
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (dns.soaSerial(zone).isEmpty()) {
            if (System.nanoTime() > deadline) {
              throw new IOException(zone + " not served 60 s after addzone");
            }
            Thread.sleep(1);
          }
        }
        long served = System.nanoTime();
        run.ceiling(
            "ceiling: native addzone loop, 1 connection",
            count / ((added - start) / 1e9),
            "zones/s",
            "no agent, " + count + " zones");
        run.ceiling(
            "ceiling: addzone loop until all served",
            count / ((served - start) / 1e9),
            "zones/s",
            "no agent, " + count + " zones");
      }
    }
  }

  /**
   * Knot's ceiling over one native control connection, without the agent: the zone files are
   * written beforehand; then one confdb transaction per zone ({@code conf-begin}, {@code conf-set}
   * of the zone and its file, {@code conf-commit}), and, on a second knotd, all zones in one
   * transaction; each timed until knotd serves every zone.
   */
  static void knotTransactions(Run run, int count) throws Exception {
    for (boolean oneTransaction : new boolean[] {false, true}) {
      try (KnotServer knot = KnotServer.builder().start();
          NativeKnotControl control =
              new NativeKnotControl(knot.socket(), Duration.ofSeconds(120));
          DnsProbe dns = new DnsProbe(knot.dnsAddress(), Duration.ofSeconds(2))) {
        Path dir =
            Files.createDirectories(run.directory().resolve("ceiling-knot-" + oneTransaction));
        List<Name> zones = Run.names("c%06d.ceiling.test.", count);
        for (Name zone : zones) {
          TestZones.writeZoneFile(
              dir, ZoneFiles.pathFor(dir, zone, ".zone").getFileName().toString(), zone, 1, 6);
        }
        long start = System.nanoTime();
        if (oneTransaction) {
          knotCall(control, CtlRequest.of("conf-begin"));
        }
        for (Name zone : zones) {
          if (!oneTransaction) {
            knotCall(control, CtlRequest.of("conf-begin"));
          }
          CtlUnit base =
              CtlUnit.of().with(CtlItem.SECTION, "zone").with(CtlItem.ID, zone.toString());
          knotCall(
              control,
              CtlRequest.conf(
                  "conf-set",
                  List.of(
                      base,
                      base.with(CtlItem.ITEM, "file")
                          .with(CtlItem.DATA, ZoneFiles.pathFor(dir, zone, ".zone").toString()))));
          if (!oneTransaction) {
            knotCall(control, CtlRequest.of("conf-commit"));
          }
        }
        if (oneTransaction) {
          knotCall(control, CtlRequest.of("conf-commit"));
        }
        long added = System.nanoTime();
        for (Name zone : zones) {
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (dns.soaSerial(zone).isEmpty()) {
            if (System.nanoTime() > deadline) {
              throw new IOException(zone + " not served 60 s after its commit");
            }
            Thread.sleep(1);
          }
        }
        long served = System.nanoTime();
        String what = oneTransaction ? "one transaction for all" : "one transaction per zone";
        run.ceiling(
            "ceiling: knot native control, " + what,
            count / ((added - start) / 1e9),
            "zones/s",
            "no agent, " + count + " zones");
        run.ceiling(
            "ceiling: knot " + what + ", until all served",
            count / ((served - start) / 1e9),
            "zones/s",
            "no agent, " + count + " zones");
      }
    }
  }

  private static void knotCall(NativeKnotControl control, CtlRequest request) throws Exception {
    CtlReply reply = control.call(request);
    if (!reply.ok()) {
      throw new IOException("knotd " + request.command() + ": " + reply.firstError().orElse(""));
    }
  }
}
