#!/bin/sh
# Installs dns-agent from a built distribution (agent-dist/target/dns-agent.tar.gz) as a
# systemd service: /opt/dns-agent, /etc/dns-agent/dns-agent.conf, user dns-agent.
#   sudo installers/install-linux.sh [path/to/dns-agent.tar.gz]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tarball=${1:-$here/../agent-dist/target/dns-agent.tar.gz}
[ -f "$tarball" ] || { echo "no $tarball: build with 'mvn -DskipTests package' first" >&2; exit 1; }
id dns-agent >/dev/null 2>&1 || useradd --system --home-dir /var/lib/dns-agent --shell /usr/sbin/nologin dns-agent
# BIND's rndc key is readable by group bind; let the agent read it when BIND is local.
getent group bind >/dev/null 2>&1 && usermod -a -G bind dns-agent || true
rm -rf /opt/dns-agent.new
mkdir -p /opt/dns-agent.new
tar -xzf "$tarball" -C /opt/dns-agent.new --strip-components=1
rm -rf /opt/dns-agent
mv /opt/dns-agent.new /opt/dns-agent
install -d -m 0750 -o root -g dns-agent /etc/dns-agent
[ -f /etc/dns-agent/dns-agent.conf ] || install -m 0640 -o root -g dns-agent /opt/dns-agent/etc/dns-agent.conf.sample /etc/dns-agent/dns-agent.conf
install -d -m 0750 -o dns-agent -g dns-agent /var/lib/dns-agent
install -m 0644 "$here/systemd/dns-agent.service" /etc/systemd/system/dns-agent.service
systemctl daemon-reload
echo "Installed. Edit /etc/dns-agent/dns-agent.conf, check it with"
echo "  /opt/dns-agent/bin/dns-agent check-config --config-file /etc/dns-agent/dns-agent.conf"
echo "then: systemctl enable --now dns-agent"
