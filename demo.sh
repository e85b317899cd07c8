#!/bin/bash
# The dns-agent loop on one machine, no DNS server needed:
#   a local master serves zones from files  ->  the agent (files backend) transfers them
#   <-  pool-target drives the agent the way Designate's worker does.
# It builds the launcher, then creates, updates (via the master's NOTIFY) and deletes a zone,
# printing what the agent wrote at each step. Everything runs on 127.0.0.1 and is stopped at
# the end.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
scripts/install-deps.sh build

echo "== building dns-agent"
mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip=true package -pl agent-dist -am
agent="$root/agent-dist/target/dns-agent/dns-agent/bin/dns-agent"

work="$root/demo-work"
rm -rf "$work"
mkdir -p "$work/master-zones" "$work/state"
master_port=${DEMO_MASTER_PORT:-5354}
agent_port=${DEMO_AGENT_PORT:-5358}
zone=example.org
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

write_zone() { # serial, extra record
  cat > "$work/master-zones/.$zone.tmp" <<ZONE
\$ORIGIN $zone.
\$TTL 300
@    IN SOA ns1 hostmaster $1 3600 600 86400 300
@    IN NS  ns1
ns1  IN A   192.0.2.53
www  IN A   192.0.2.80
$2
ZONE
  mv "$work/master-zones/.$zone.tmp" "$work/master-zones/$zone.zone"
}
show() {
  echo "-- agent's zone file $work/state/zones/$zone.zone:"
  if [ -f "$work/state/zones/$zone.zone" ]; then sed 's/^/   /' "$work/state/zones/$zone.zone"; else echo "   (none)"; fi
}
wait_for() { # description, command...
  local what=$1; shift
  for _ in $(seq 1 100); do "$@" && return 0; sleep 0.1; done
  echo "timed out waiting for $what" >&2; exit 1
}

cat > "$work/agent.conf" <<CONF
[DEFAULT]
state_path = $work/state

[service:agent]
listen = 127.0.0.1:$agent_port
masters = 127.0.0.1:$master_port
allow_notify = 127.0.0.1
backend_driver = files

[backend:agent:files]
zone_file_path = \$state_path/zones
CONF

write_zone 2026112201 "mail IN A   192.0.2.25"

echo "== starting the local master on 127.0.0.1:$master_port (log: $work/master.log)"
"$agent" master --zones-dir "$work/master-zones" --listen "127.0.0.1:$master_port" \
  --notify "127.0.0.1:$agent_port" --poll-interval 0.2 > "$work/master.log" 2>&1 &
pids+=($!)
echo "== starting the agent on 127.0.0.1:$agent_port (log: $work/agent.log)"
"$agent" --config-file "$work/agent.conf" > "$work/agent.log" 2>&1 &
pids+=($!)
wait_for "the agent" grep -q "ready" "$work/agent.log"
wait_for "the master" grep -q "$zone" "$work/master.log"

echo
echo "== 1. pool-target create $zone (CREATE, then NOTIFY, as Designate's worker sends)"
"$agent" pool-target create "$zone." --agent "127.0.0.1:$agent_port"
show

echo
echo "== 2. the zone changes on the master (serial 2026112202, new record); the master NOTIFYs the agent"
write_zone 2026112202 "mail IN A   192.0.2.25
shop IN A   192.0.2.44"
wait_for "serial 2026112202" grep -q "2026112202" "$work/state/zones/$zone.zone"
show

echo
echo "== 3. pool-target delete $zone"
"$agent" pool-target delete "$zone." --agent "127.0.0.1:$agent_port"
show

echo
echo "== 4. what the agent did, from its journal (dns-agent ops list / status)"
"$agent" ops list --config-file "$work/agent.conf" | sed 's/^/   /'
"$agent" status --config-file "$work/agent.conf" | sed 's/^/   /'

echo
echo "== what the agent logged"
sed 's/^/   /' "$work/agent.log"
echo
echo "Demo complete: the zone was created, updated and deleted through the agent."
