// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import static org.dnsagent.spi.OptionSpec.Type.BOOLEAN;
import static org.dnsagent.spi.OptionSpec.Type.DURATION;
import static org.dnsagent.spi.OptionSpec.Type.HOST_PORT;
import static org.dnsagent.spi.OptionSpec.Type.INTEGER;
import static org.dnsagent.spi.OptionSpec.Type.LIST;
import static org.dnsagent.spi.OptionSpec.Type.PATH;
import static org.dnsagent.spi.OptionSpec.Type.STRING;

import java.util.List;
import java.util.Set;
import org.dnsagent.spi.OptionSpec;

/**
 * Every option the agent itself reads, declared once. {@link AgentConfigLoader} rejects any other
 * option in these sections; {@code check-config}, {@code docs/configuration.md} and {@code
 * etc/dns-agent.conf.sample} are generated from these lists (see {@link ConfigDocs}).
 */
public final class CoreOptions {
  private CoreOptions() {}

  /** {@code [DEFAULT]}: the agent's own options. */
  public static final List<OptionSpec> DEFAULTS =
      List.of(
          OptionSpec.of(
              "state_path",
              PATH,
              AgentConfig.DEFAULT_STATE_PATH,
              "agent state: journal, spool, admin socket, TSIG replay marks, the files backend's zones"
                  + " and the msdns relay's zones"),
          OptionSpec.of("debug", BOOLEAN, "false", "debug logging"));

  /**
   * Designate's and oslo's {@code [DEFAULT]} options, accepted (and ignored) so that the agent can
   * read Designate's own designate.conf. Any other unknown option is an error.
   */
  public static final Set<String> DESIGNATE_DEFAULTS =
      Set.of(
          // designate/conf/base.py
          "host",
          "pybasedir",
          "allowed_remote_exmods",
          "default_ttl",
          "default_soa_refresh_min",
          "default_soa_refresh_max",
          "default_soa_retry",
          "default_soa_expire",
          "default_soa_minimum",
          "supported_record_type",
          "backlog",
          "tcp_keepidle",
          "root_helper",
          "network_api",
          "notify_api_faults",
          "notification_plugin",
          "quota_driver",
          "quota_zones",
          "quota_zone_recordsets",
          "quota_zone_records",
          "quota_recordset_records",
          "quota_api_export_size",
          // oslo.log
          "verbose",
          "log_file",
          "log_dir",
          "use_stderr",
          "use_syslog",
          "use_journal",
          "use_json",
          "syslog_log_facility",
          "log_config_append",
          "log_date_format",
          "watch_log_file",
          "default_log_levels",
          "logging_context_format_string",
          "logging_default_format_string",
          "logging_debug_format_suffix",
          "logging_exception_prefix",
          "publish_errors",
          "instance_format",
          "instance_uuid_format",
          // oslo.messaging, oslo.service
          "transport_url",
          "control_exchange",
          "rpc_response_timeout",
          "executor_thread_pool_size",
          "my_ip");

  /**
   * Sections of Designate's own services that may share the file; the agent does not read them and
   * says nothing about them. Prefixes end with {@code :}.
   */
  public static final List<String> DESIGNATE_SECTIONS =
      List.of(
          "service:",
          "storage:",
          "handler:",
          "network_api:",
          "backend:",
          "pool_manager_cache:",
          "keystone_authtoken",
          "coordination",
          "cors",
          "database",
          "heartbeat_emitter",
          "monasca:statsd",
          "oslo_concurrency",
          "oslo_messaging_amqp",
          "oslo_messaging_kafka",
          "oslo_messaging_notifications",
          "oslo_messaging_rabbit",
          "oslo_middleware",
          "oslo_policy",
          "oslo_reports",
          "proxy",
          "ssl");

  /** {@code [service:agent]}. */
  public static final List<OptionSpec> AGENT =
      List.of(
          OptionSpec.of(
              "listen",
              LIST,
              "0.0.0.0:5358",
              "addresses (host:port) where controllers send CREATE, DELETE and NOTIFY, UDP and"
                  + " TCP"),
          OptionSpec.of("host", STRING, null, "Designate's older spelling of listen: the address"),
          OptionSpec.of("port", INTEGER, null, "Designate's older spelling of listen: the port"),
          OptionSpec.of(
              "masters",
              LIST,
              null,
              "where zones are transferred from, in order of preference: host:port [key=NAME];"
                  + " default port 53"),
          OptionSpec.of(
              "allow_notify",
              LIST,
              null,
              "addresses or prefixes allowed to send CREATE, DELETE, NOTIFY and SOA queries;"
                  + " empty means the masters' addresses"),
          OptionSpec.of("backend_driver", STRING, "files", "the backend of the single target"),
          OptionSpec.of(
              "targets",
              LIST,
              null,
              "several backends (servers or views): names of [target:NAME] sections"),
          OptionSpec.of(
              "transfer_source", STRING, null, "source IP address of SOA queries and transfers"),
          OptionSpec.of(
              "notify_delay",
              DURATION,
              "0",
              "wait before acting on a NOTIFY; NOTIFYs meanwhile fold into it"),
          OptionSpec.of(
              "tsig_keys", LIST, null, "names of [tsigkey:NAME] keys accepted on requests"),
          OptionSpec.of(
              "require_tsig",
              BOOLEAN,
              null,
              "refuse unsigned CREATE, DELETE and NOTIFY; default: true once a tsig_keys lists a"
                  + " key"),
          OptionSpec.of("tcp_backlog", INTEGER, "100", "listen backlog of the TCP sockets"),
          OptionSpec.of(
              "tcp_recv_timeout",
              DURATION,
              "0.5",
              "a TCP request must arrive within this after its first byte"),
          OptionSpec.of(
              "tcp_idle_timeout", DURATION, "30", "idle TCP connections are closed after this"),
          OptionSpec.of(
              "max_tcp_connections", INTEGER, "200", "further TCP connections are closed at once"),
          OptionSpec.of(
              "max_request_size", INTEGER, "16384", "larger TCP requests close the connection"),
          OptionSpec.of(
              "workers",
              INTEGER,
              null,
              "threads decoding requests; default: twice the cores, at least 4"),
          OptionSpec.of(
              "threads", INTEGER, null, "Designate's greenthreads; accepted and not used"),
          OptionSpec.of(
              "operation_workers",
              INTEGER,
              "32",
              "threads transferring and provisioning zones, one zone each at a time"),
          OptionSpec.of(
              "max_pending_operations",
              INTEGER,
              "100000",
              "beyond this many queued operations, requests are answered SERVFAIL"),
          OptionSpec.of("soa_query_timeout", DURATION, "3", "bound on an SOA query to a master"),
          OptionSpec.of(
              "transfer_connect_timeout", DURATION, "10", "until the first message of a transfer"),
          OptionSpec.of(
              "transfer_idle_timeout", DURATION, "30", "longest silence during a transfer"),
          OptionSpec.of("transfer_timeout", DURATION, "600", "bound on a whole transfer"),
          OptionSpec.of(
              "transfer_max_records", INTEGER, "20000000", "most records in one transfer"),
          OptionSpec.of("transfer_max_bytes", INTEGER, "4294967296", "most bytes in one transfer"),
          OptionSpec.of(
              "reply_timeout",
              DURATION,
              "25",
              "a CREATE/DELETE reply waits this long for its operation, then answers SERVFAIL"
                  + " (the operation continues)"),
          OptionSpec.of(
              "retry_max_attempts", INTEGER, "10", "attempts in all before an operation fails"),
          OptionSpec.of(
              "retry_initial_delay",
              DURATION,
              "2",
              "wait after the first failed attempt (doubling, with jitter)"),
          OptionSpec.of("retry_max_delay", DURATION, "300", "longest wait between attempts"),
          OptionSpec.of(
              "operation_history_max_age",
              DURATION,
              "86400",
              "finished operations older than this are forgotten"),
          OptionSpec.of(
              "operation_history_max_count",
              INTEGER,
              "10000",
              "at most this many finished operations are kept"),
          OptionSpec.of(
              "journal_max_size",
              INTEGER,
              "16777216",
              "bytes; the journal is compacted beyond this"),
          OptionSpec.of(
              "health_check_interval",
              DURATION,
              "10",
              "how often each backend's health is checked"),
          OptionSpec.of(
              "health_failure_threshold",
              INTEGER,
              "3",
              "failed checks in a row that turn a backend from RETRY into FAILED"),
          OptionSpec.of(
              "reconcile_interval",
              DURATION,
              "600",
              "time between reconciliation sweeps (plus or minus 10 %); 0 turns them off"),
          OptionSpec.of("reconcile_rate", STRING, "20", "zones checked per second during a sweep"),
          OptionSpec.of(
              "admin_socket",
              PATH,
              "$state_path/admin.sock",
              "the admin endpoint's unix socket; none turns it off"),
          OptionSpec.of(
              "admin_listen",
              HOST_PORT,
              null,
              "a loopback host:port for the admin endpoint; off when empty"),
          OptionSpec.of(
              "notify_rate_limit",
              INTEGER,
              "500",
              "NOTIFYs per second accepted from one source; 0 turns the limit off"),
          OptionSpec.of(
              "notify_rate_burst", INTEGER, "5000", "NOTIFYs one source may send at once"),
          OptionSpec.of(
              "metrics_listen",
              HOST_PORT,
              null,
              "host:port serving Prometheus /metrics, /livez and /readyz over HTTP (e.g."
                  + " 127.0.0.1:9358); off when empty"));

  /** {@code [tsigkey:NAME]}: the section name is the key name. */
  public static final List<OptionSpec> TSIG_KEY =
      List.of(
          OptionSpec.of(
              "algorithm",
              STRING,
              "hmac-sha256",
              "hmac-sha256, hmac-sha1, -sha224, -sha384, -sha512 or hmac-md5; a key block in"
                  + " secret_file may name it instead"),
          OptionSpec.of("secret", STRING, null, "the base64 secret (prefer secret_file)")
              .asSecret(),
          OptionSpec.of(
              "secret_file",
              PATH,
              null,
              "file holding the secret: bare base64, or the key block tsig-keygen writes"));

  /** {@code [target:NAME]}: these, plus the options of the target's backend. */
  public static final List<OptionSpec> TARGET =
      List.of(
          OptionSpec.required(
              "backend_driver", STRING, "the backend of this target (files, bind9, ...)"),
          OptionSpec.of(
              "tsig_keys", LIST, null, "requests signed with one of these keys go to this target"),
          OptionSpec.of(
              "listen", LIST, null, "requests arriving on these addresses go to this target"),
          OptionSpec.of(
              "masters",
              LIST,
              null,
              "this target's own masters (split horizon); default: those of [service:agent]"));
}
