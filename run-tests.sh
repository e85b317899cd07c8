#!/bin/sh
# Runs every test: unit tests, end-to-end tests over loopback, and the tests against real
# DNS servers and Designate's own code (installed here first when missing).
# With CI=true a test whose server is missing fails instead of being skipped.
set -eu
cd "$(dirname "$0")"
scripts/install-deps.sh test
exec mvn -B -ntp verify "$@"
