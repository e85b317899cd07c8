#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The benchmarks of issue #6 in one command: builds what they need, runs the workloads on the files
# backend and on a real named, prints the table and writes bench/results/<timestamp>.json.
#
#   bench/run.sh [--zones N] [--large] [--big-records N] [--only LIST] [--backend files|bind9|all]
#                [--quick] [--senders N] [--agent-heap 256m] [--jfr] [--keep] [--no-build]
#   bench/run.sh --only jmh     JMH micro-benchmarks of the codec and the transfer parser
#
# See bench/README.md and docs/performance.md.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

build=yes
jmh=no
args=""
prev=""
for a in "$@"; do
  case "$a" in
    --no-build) build=no; continue ;;
    jmh) if [ "$prev" = "--only" ]; then jmh=yes; fi ;;
  esac
  prev=$a
done

if [ "$build" = yes ]; then
  echo "building (mvn install -DskipTests)..."
  mvn -B -q install -DskipTests -Dspotless.check.skip -Dcheckstyle.skip
fi

cp="$root/bench/target/agent-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*"
mkdir -p "$root/bench/results"
stamp=$(date -u +%Y%m%d-%H%M%S)

if [ "$jmh" = yes ]; then
  # Short default iterations: enough to see a regression, about two minutes in all.
  exec java -Xmx1g -cp "$cp" org.openjdk.jmh.Main -f 1 -wi 3 -w 2s -i 5 -r 2s \
    -rf json -rff "$root/bench/results/jmh-$stamp.json" ${JMH_ARGS:-}
fi

# Drop --no-build before handing the arguments to the driver.
for a in "$@"; do
  shift
  [ "$a" = --no-build ] || set -- "$@" "$a"
done
exec java -Xmx6g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -cp "$cp" org.dnsagent.bench.Bench \
  --agent-home "$root/agent-dist/target/dns-agent/dns-agent" \
  --work-dir "$root/bench/target/work" --results-dir "$root/bench/results" "$@"
