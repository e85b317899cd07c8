#!/bin/sh
# Installs, on Debian 12, what building and testing dns-agent needs.
#   scripts/install-deps.sh build   JDK 17 and Maven
#   scripts/install-deps.sh test    the above, plus the DNS servers and Designate used by tests
# Packages already present are left alone; nothing is started: daemons are kept from
# auto-starting during the install, and tests start their own throwaway instances.
set -eu
what=${1:-build}

build_pkgs="openjdk-17-jdk-headless maven"
test_pkgs="bind9 bind9-utils bind9-dnsutils knot knot-dnsutils python3-dnspython python3-designate designate-agent procps pdns-server pdns-backend-sqlite3 pdns-backend-mysql pdns-backend-pgsql mariadb-server postgresql systemd adduser util-linux"

need=""
for p in $build_pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need="$need $p"
done
if [ "$what" = test ]; then
  for p in $test_pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need="$need $p"
  done
fi
# A JDK and Maven from elsewhere (SDKMAN, Temurin) are fine too.
if command -v javac >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then
  need=$(echo "$need" | tr ' ' '\n' | grep -v -e '^openjdk-17-jdk-headless$' -e '^maven$' | tr '\n' ' ')
fi
need=$(echo "$need" | xargs)
[ -z "$need" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "Installing: $need"
# Keep apt from starting named, designate-agent & co. on their standard ports.
guard=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod 755 /usr/sbin/policy-rc.d
  guard=yes
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
if [ -n "$guard" ]; then
  $sudo rm -f /usr/sbin/policy-rc.d
fi
if [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now named knot designate-agent pdns mariadb postgresql >/dev/null 2>&1 || true
fi
