#!/bin/sh
# Installs dns-agent from its distribution tarball (agent-dist/target/dns-agent.tar.gz):
#   tar -xzf dns-agent.tar.gz && sudo dns-agent/installers/install-linux.sh
# or, from a source checkout after `mvn -DskipTests package`:
#   sudo installers/install-linux.sh [path/to/dns-agent.tar.gz]
#
# Variables:
#   PREFIX   where the program goes (default /opt/dns-agent): bin/, lib/, docs, ...
#   DESTDIR  a staging root prefixed to every path (packaging); nothing outside it is touched,
#            no user is created and systemd is not told
#   JAVA     the java to check and use (default: java on PATH); Java 17 or newer is required
# Installs /etc/dns-agent/dns-agent.conf from the sample unless it exists, the state directory
# /var/lib/dns-agent, the user dns-agent, and the systemd unit; on a host without systemd it
# says what it skipped.
set -eu

PREFIX=${PREFIX:-/opt/dns-agent}
DESTDIR=${DESTDIR:-}
JAVA=${JAVA:-java}
here=$(cd "$(dirname "$0")" && pwd)

say() { printf '%s\n' "$*"; }
die() { printf 'install-linux.sh: %s\n' "$*" >&2; exit 1; }

case $PREFIX in
  /*) ;;
  *) die "PREFIX must be an absolute path, not '$PREFIX'" ;;
esac

# Java 17 or newer: `java -version` prints 'openjdk version "17.0.9"' (or "1.8.0_392" for 8).
command -v "$JAVA" >/dev/null 2>&1 || die "no Java found ('$JAVA'): install Java 17 or newer (apt-get install openjdk-17-jre-headless) or set JAVA"
version=$("$JAVA" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
major=${version%%.*}
[ "$major" = 1 ] && major=$(echo "$version" | cut -d. -f2)
case $major in
  ''|*[!0-9]*) die "cannot tell the Java version of '$JAVA' ($("$JAVA" -version 2>&1 | head -n 1))" ;;
esac
[ "$major" -ge 17 ] || die "Java $version found; dns-agent needs Java 17 or newer"
say "Java $version: fine"

# The distribution: the tarball this script came in, or a tarball to unpack.
if [ -d "$here/../lib" ] && [ -x "$here/../bin/dns-agent" ]; then
  dist=$(cd "$here/.." && pwd)
  unpacked=""
else
  tarball=${1:-$here/../agent-dist/target/dns-agent.tar.gz}
  [ -f "$tarball" ] || die "no $tarball: build with 'mvn -DskipTests package' first"
  unpacked=$(mktemp -d)
  trap 'rm -rf "$unpacked"' EXIT
  tar -xzf "$tarball" -C "$unpacked"
  dist=$unpacked/dns-agent
fi

target=$DESTDIR$PREFIX
say "Installing into $target"
mkdir -p "$(dirname "$target")"
rm -rf "$target.new"
mkdir -p "$target.new"
# Everything of the distribution but the installers themselves.
(cd "$dist" && tar -cf - --exclude=./installers .) | (cd "$target.new" && tar -xf -)
rm -rf "$target.old"
if [ -e "$target" ]; then mv "$target" "$target.old"; fi
mv "$target.new" "$target"
rm -rf "$target.old"

as_root=false
if [ -z "$DESTDIR" ] && [ "$(id -u)" -eq 0 ]; then
  as_root=true
fi

# User and group.
if $as_root; then
  if ! getent group dns-agent >/dev/null 2>&1; then
    groupadd --system dns-agent
  fi
  if ! getent passwd dns-agent >/dev/null 2>&1; then
    useradd --system --gid dns-agent --home-dir /var/lib/dns-agent --no-create-home \
      --shell /usr/sbin/nologin dns-agent
  fi
else
  say "skipped: user and group dns-agent (create them as root: useradd --system dns-agent)"
fi

# Configuration, unless there is one.
conf_dir=$DESTDIR/etc/dns-agent
mkdir -p "$conf_dir"
if [ -f "$conf_dir/dns-agent.conf" ]; then
  say "kept: $conf_dir/dns-agent.conf"
else
  cp "$dist/etc/dns-agent.conf.sample" "$conf_dir/dns-agent.conf"
  say "installed: $conf_dir/dns-agent.conf (loopback, files backend: edit it)"
fi
chmod 0750 "$conf_dir"
chmod 0640 "$conf_dir/dns-agent.conf"
mkdir -p "$DESTDIR/var/lib/dns-agent"
chmod 0750 "$DESTDIR/var/lib/dns-agent"
if $as_root; then
  chown root:dns-agent "$conf_dir" "$conf_dir/dns-agent.conf"
  chown dns-agent:dns-agent "$DESTDIR/var/lib/dns-agent"
fi

# The systemd unit, pointing at this PREFIX.
unit_dir=$DESTDIR/etc/systemd/system
if [ -n "$DESTDIR" ] || command -v systemctl >/dev/null 2>&1; then
  mkdir -p "$unit_dir"
  sed "s#^ExecStart=/usr/bin/dns-agent #ExecStart=$PREFIX/bin/dns-agent #" \
    "$dist/installers/systemd/dns-agent.service" > "$unit_dir/dns-agent.service"
  chmod 0644 "$unit_dir/dns-agent.service"
  say "installed: $unit_dir/dns-agent.service"
  # Without a group bind, systemd would refuse SupplementaryGroups=bind: empty it.
  if ! getent group bind >/dev/null 2>&1; then
    mkdir -p "$unit_dir/dns-agent.service.d"
    printf '%s\n' "# Written by install-linux.sh: this host has no group bind." \
      "[Service]" "SupplementaryGroups=" > "$unit_dir/dns-agent.service.d/10-no-bind-group.conf"
    say "installed: $unit_dir/dns-agent.service.d/10-no-bind-group.conf (no group bind here)"
  fi
  if [ -z "$DESTDIR" ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
  else
    say "skipped: systemctl daemon-reload (systemd is not running here, or DESTDIR is set)"
  fi
else
  say "skipped: systemd unit (no systemd on this host); start the agent with"
  say "  $PREFIX/bin/dns-agent run --config-file /etc/dns-agent/dns-agent.conf"
fi

say "Done. Check the configuration with"
say "  $PREFIX/bin/dns-agent check-config --config-file /etc/dns-agent/dns-agent.conf"
if [ -d /run/systemd/system ] && [ -z "$DESTDIR" ]; then
  say "then: systemctl enable --now dns-agent"
fi
