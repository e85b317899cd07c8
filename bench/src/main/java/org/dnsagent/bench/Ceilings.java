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
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
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
            new Target.PdnsTarget(run.backend(), dir.resolve("zones"), dir);
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
}
